/**
 * Domain webhooks: one list of up to 3 URLs per event. The v3 API is keyed by event, the
 * v4 API by URL; both edit the same data (api-notes §4.1, §4.2).
 */
import { BadRequest, MissingParameter, TooManyWebhookUrls, WebhookExists, WebhookNotFound, WebhookUrlExists } from "../errors";
import { childMap } from "../store";
import { fresh, observe, replace, settled, Versioned } from "../versioned";
import { Ctx, consistencyDelay } from "./context";
import { readDomain, writableDomain } from "./domains";

export const WEBHOOK_EVENTS = [
  "accepted", "clicked", "complained", "delivered", "opened", "permanent_fail", "temporary_fail", "unsubscribed",
] as const;

export type WebhookMap = Record<string, { urls: string[] }>;

const MAX_URLS = 3;

function isEvent(name: string): boolean {
  return (WEBHOOK_EVENTS as readonly string[]).includes(name);
}

function assertEvent(name: string): void {
  // Wording borrowed from the v1 webhooks API (spec); v3/v4 answer 400 for it.
  if (!isEvent(name)) throw new BadRequest(`event_type '${name}' is invalid`);
}

function assertUrls(urls: string[], prefix = ""): void {
  for (const url of urls) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BadRequest(`${prefix}${url} is not a valid url: invalid URL`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new BadRequest(`${prefix}${url} is not a valid url: invalid URL scheme`);
    }
  }
}

function eventsOf(ctx: Ctx, domain: string): Map<string, Versioned<string[]>> {
  return childMap(ctx.store.webhooks, domain);
}

function mapOf(ctx: Ctx, domain: string, read: (entry: Versioned<string[]>) => string[] | undefined): WebhookMap {
  const events = ctx.store.webhooks.get(domain);
  const out: WebhookMap = {};
  for (const event of WEBHOOK_EVENTS) {
    const entry = events?.get(event);
    const urls = entry && read(entry);
    if (urls && urls.length > 0) out[event] = { urls: [...urls] };
  }
  return out;
}

/** What readers see, in the canonical event order. */
export function listWebhooks(ctx: Ctx, domainName: string): WebhookMap {
  const domain = readDomain(ctx, domainName).name;
  return mapOf(ctx, domain, (entry) => observe(entry, ctx.now));
}

/** The map as it is now (write responses reflect the write, whatever readers see). */
export function currentWebhooks(ctx: Ctx, domain: string): WebhookMap {
  return mapOf(ctx, domain, (entry) => entry.value);
}

export function getWebhook(ctx: Ctx, domainName: string, event: string): string[] {
  const map = listWebhooks(ctx, domainName);
  if (!map[event]) throw new WebhookNotFound();
  return map[event].urls;
}

function writableEvent(ctx: Ctx, domain: string, event: string): Versioned<string[]> {
  const entry = eventsOf(ctx, domain).get(event);
  if (!entry || !settled(entry, ctx.now)) throw new WebhookNotFound();
  return entry;
}

function setUrls(ctx: Ctx, domain: string, event: string, urls: string[]): void {
  const events = eventsOf(ctx, domain);
  const entry = events.get(event);
  if (urls.length === 0) events.delete(event);
  else if (entry) replace(entry, urls, ctx.now, consistencyDelay(ctx));
  else events.set(event, fresh(urls, ctx.now, consistencyDelay(ctx)));
}

/** v3 POST: an event that already has URLs is refused, whoever configured it (Notifuse #340). */
export function createWebhook(ctx: Ctx, domainName: string, event: string | undefined, urls: string[]): string[] {
  const domain = writableDomain(ctx, domainName).value.name;
  if (!event) throw new MissingParameter("id");
  assertEvent(event);
  if (urls.length === 0) throw new MissingParameter("url");
  if (urls.length > MAX_URLS) throw new TooManyWebhookUrls(event);
  assertUrls(urls);
  if (eventsOf(ctx, domain).has(event)) throw new WebhookExists(event);
  setUrls(ctx, domain, event, urls);
  ctx.world.changed();
  return urls;
}

/** v3 PUT replaces the event's URL list. */
export function updateWebhook(ctx: Ctx, domainName: string, event: string, urls: string[]): string[] {
  const domain = writableDomain(ctx, domainName).value.name;
  writableEvent(ctx, domain, event);
  if (urls.length === 0) throw new MissingParameter("url");
  if (urls.length > MAX_URLS) throw new TooManyWebhookUrls(event);
  assertUrls(urls);
  setUrls(ctx, domain, event, urls);
  ctx.world.changed();
  return urls;
}

/** v3 DELETE answers with the URLs it removed. */
export function deleteWebhook(ctx: Ctx, domainName: string, event: string): string[] {
  const domain = writableDomain(ctx, domainName).value.name;
  const removed = writableEvent(ctx, domain, event).value;
  eventsOf(ctx, domain).delete(event);
  ctx.world.changed();
  return removed;
}

function assertV4Input(url: string | undefined, events: string[]): asserts url is string {
  if (!url) throw new MissingParameter("url");
  if (events.length === 0) throw new MissingParameter("event_types");
  events.forEach(assertEvent);
  assertUrls([url], "invalid parameters: ");
}

function urlsOf(ctx: Ctx, domain: string, event: string): string[] {
  return eventsOf(ctx, domain).get(event)?.value ?? [];
}

/** v4 POST: add one URL to several events; any existing (event, URL) pair is refused. */
export function addWebhookUrl(ctx: Ctx, domainName: string, url: string | undefined, events: string[]): WebhookMap {
  const domain = writableDomain(ctx, domainName).value.name;
  assertV4Input(url, events);
  const wanted = [...new Set(events)];
  for (const event of wanted) {
    const current = urlsOf(ctx, domain, event);
    if (current.includes(url)) throw new WebhookUrlExists(event, url);
    if (current.length >= MAX_URLS) throw new TooManyWebhookUrls(event);
  }
  for (const event of wanted) setUrls(ctx, domain, event, [...urlsOf(ctx, domain, event), url]);
  ctx.world.changed();
  return currentWebhooks(ctx, domain);
}

/** v4 PUT: the URL's events become exactly `events`; an unknown URL is 404. */
export function replaceWebhookUrl(ctx: Ctx, domainName: string, url: string | undefined, events: string[]): WebhookMap {
  const domain = writableDomain(ctx, domainName).value.name;
  assertV4Input(url, events);
  const wanted = new Set(events);
  const known = [...eventsOf(ctx, domain).keys()].some((e) => urlsOf(ctx, domain, e).includes(url));
  if (!known) throw new WebhookNotFound();
  for (const event of wanted) {
    const current = urlsOf(ctx, domain, event);
    if (!current.includes(url) && current.length >= MAX_URLS) throw new TooManyWebhookUrls(event);
  }
  for (const event of WEBHOOK_EVENTS) {
    const current = urlsOf(ctx, domain, event);
    const has = current.includes(url);
    if (wanted.has(event) && !has) setUrls(ctx, domain, event, [...current, url]);
    else if (!wanted.has(event) && has) setUrls(ctx, domain, event, current.filter((u) => u !== url));
  }
  ctx.world.changed();
  return currentWebhooks(ctx, domain);
}

/** v4 DELETE `?url=a,b`: each URL leaves every event it was on. */
export function removeWebhookUrls(ctx: Ctx, domainName: string, urls: string[]): WebhookMap {
  const domain = writableDomain(ctx, domainName).value.name;
  if (urls.length === 0) throw new MissingParameter("url");
  let removed = false;
  for (const event of WEBHOOK_EVENTS) {
    const current = urlsOf(ctx, domain, event);
    const kept = current.filter((u) => !urls.includes(u));
    if (kept.length !== current.length) {
      setUrls(ctx, domain, event, kept);
      removed = true;
    }
  }
  if (removed) ctx.world.changed();
  return currentWebhooks(ctx, domain);
}
