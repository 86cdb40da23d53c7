import { z } from "zod";
import { isNotFound } from "../client/errors";
import type { CallOptions } from "../client/request-loop";
import { client, providerConfig } from "../runtime";
import type { Region } from "../config";
import { fieldDiff, sameValue } from "./diff";
import { afterOwnWrite, consistentAfter, readAfterWrite, writtenRecently } from "./freshness";
import { KeyedLock } from "./keyed-lock";
import { webhookId } from "./webhook-id";
import { Props, ResourceHandler } from "./types";
import { UNKNOWN, checkRegional, declaredName, domainName, httpUrl, optionalBoolean, region } from "./validation";
import { MAX_URLS_PER_EVENT, declareSubscription, describeUrl } from "./webhook-slots";

export const WEBHOOK_EVENTS = [
  "accepted", "clicked", "complained", "delivered", "opened", "permanent_fail", "temporary_fail", "unsubscribed",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookInputs = z
  .object({
    domain: domainName,
    url: httpUrl,
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { error: (iss) => `"${String(iss.input)}" is not a Mailgun webhook event; use one of ${WEBHOOK_EVENTS.join(", ")}` }), {
        error: `events must be a list of Mailgun event names (${WEBHOOK_EVENTS.join(", ")})`,
      })
      .min(1, { error: `events needs at least one of ${WEBHOOK_EVENTS.join(", ")}` })
      .superRefine((events, ctx) => {
        const twice = [...new Set(events.filter((e, i) => events.indexOf(e) !== i))];
        if (twice.length) ctx.addIssue({ code: "custom", message: `events lists ${twice.map((e) => `"${e}"`).join(", ")} more than once; list each event once` });
      })
      .transform((events) => [...events].sort()),
    region: region.optional(),
    adopt: optionalBoolean("adopt").optional(),
  })
  .strict();

export type WebhookInputs = z.output<typeof webhookInputs> & { region: Region };
export type WebhookOutputs = WebhookInputs & {
  /** When this provider last changed the subscription (epoch ms): a read soon after waits out Mailgun's stale listings. */
  writtenAt?: number;
};

const FIELDS = ["domain", "url", "events", "region"] as const;
const REPLACES = ["domain", "url", "region"] as const;

type EventMap = Record<string, string[]>;


const domainLock = new KeyedLock();

/**
 * Runs `fn` (a domain delete) while no Webhook of this process is writing to that domain's
 * webhooks. Without it, a destroy that deletes a domain and its Webhooks side by side (a program
 * that names the domain as a string has no dependency between them) let a webhook write land on
 * the vanished domain: 404, waited out for the whole consistency budget, then a failed destroy.
 */
export function whileNoWebhookWrites<T>(r: Region, domain: string, fn: () => Promise<T>): Promise<T> {
  return domainLock.run(key(r, domain), fn);
}
/** What this process last wrote per event; trusted over a listing for the consistency budget, which may still be stale. */
const recentWrites = new Map<string, { urls: string[]; at: number }>();

function key(r: Region, domain: string, event?: string): string {
  return `${r}|${domain}|${event ?? ""}`;
}

async function currentMap(r: Region, domain: string, o: CallOptions = {}): Promise<EventMap> {
  const listed = await client().listWebhooks(r, domain, o);
  const map: EventMap = { ...listed };
  const budget = providerConfig().consistencyBudgetMs;
  for (const [k, v] of recentWrites) {
    const [kr, kd, ev] = k.split("|");
    if (kr !== r || kd !== domain) continue;
    if (Date.now() - v.at > budget) recentWrites.delete(k);
    else if (v.urls.length) map[ev] = v.urls;
    else delete map[ev];
  }
  return map;
}

function remember(r: Region, domain: string, event: string, urls: string[]): void {
  recentWrites.set(key(r, domain, event), { urls, at: Date.now() });
}

function wroteEventRecently(r: Region, domain: string, event: string): boolean {
  return writtenRecently(recentWrites.get(key(r, domain, event))?.at);
}

function limitError(domain: string, event: string, urls: string[], url: string): Error {
  return new Error(
    `cannot subscribe ${describeUrl(url)} to "${event}" on ${domain}: the event already has ${urls.length} URLs (${urls.map(describeUrl).join(", ")}) and Mailgun allows at most ${MAX_URLS_PER_EVENT} per event. ` +
      `Remove one of them (in the dashboard, or the Webhook resource that owns it), or drop "${event}" from this webhook's events. ` +
      `Swapping one URL for another on a full event in one pulumi up cannot work as written, because Pulumi creates the new Webhook before it deletes the old one: ` +
      `either give the new Webhook the old one's resource name (its url changes, and with the resource option deleteBeforeReplace: true the old URL is removed first), or run two updates (remove the old Webhook, pulumi up, then add the new one).`,
  );
}

/**
 * Writes addressed to an event we know exists (it is listed, or this process just wrote it)
 * may still answer 404 while Mailgun settles a recent create: retry those within the
 * consistency budget rather than failing (PUT) or taking the 404 as "already gone" (DELETE).
 */
const EXISTS = { expectExists: true } as const;

/**
 * The event's URLs once Mailgun's listing satisfies `ready` (by default: lists the event at all),
 * or the last listing when the `deadline` (by default the consistency budget from now) passes first.
 */
async function whenListed(
  r: Region,
  domain: string,
  event: string,
  ready: (urls: string[] | undefined) => boolean = (urls) => urls !== undefined,
  deadline = Date.now() + providerConfig().consistencyBudgetMs,
): Promise<string[] | undefined> {
  for (let delay = 250; ; delay = Math.min(delay * 2, 2_000)) {
    const urls = (await client().listWebhooks(r, domain))[event];
    if (ready(urls) || Date.now() >= deadline) return urls;
    await new Promise((res) => setTimeout(res, Math.min(delay, Math.max(0, deadline - Date.now()))));
  }
}

/** Adds `url` to each event, keeping every other consumer's URLs. `map` is updated with what was written. */
async function subscribe(r: Region, domain: string, url: string, events: readonly string[], map: EventMap): Promise<void> {
  const c = client();
  for (const event of events) {
    const urls = map[event] ?? [];
    if (urls.includes(url)) continue;
    if (urls.length >= MAX_URLS_PER_EVENT) throw limitError(domain, event, urls, url);
    let result: string[];
    if (urls.length === 0) {
      try {
        result = await c.createWebhook(r, domain, event, [url]);
      } catch (e) {
        // Someone configured the event since we looked, or an ambiguous earlier attempt of ours did
        // and Mailgun does not list it yet: wait until it is listed, then merge.
        const fresh = (e as { status?: number }).status === 400 ? await whenListed(r, domain, event) : undefined;
        if (!fresh) throw e;
        if (fresh.includes(url)) result = fresh;
        else if (fresh.length >= MAX_URLS_PER_EVENT) throw limitError(domain, event, fresh, url);
        else result = await c.updateWebhook(r, domain, event, [...fresh, url], EXISTS);
      }
    } else {
      result = await c.updateWebhook(r, domain, event, [...urls, url], EXISTS);
    }
    map[event] = result.length ? result : [...urls, url];
    remember(r, domain, event, map[event]);
  }
}

/**
 * What Pulumi's state says about a subscription this provider wrote within the consistency
 * budget. Only then can a listing that disagrees be Mailgun's stale view; for an older
 * subscription the listing is the truth (a URL missing from it was removed, a 404 means gone).
 */
interface RecentlyWritten {
  /** The events the state says carry the URL. */
  events: readonly string[];
  /** When the consistency budget after that write runs out (epoch ms). */
  until: number;
}

function recentlyWritten(state: { events: readonly string[]; writtenAt?: number }): RecentlyWritten | undefined {
  const until = consistentAfter(state.writtenAt);
  return until > Date.now() ? { events: state.events, until } : undefined;
}

/**
 * Removes `url` from each event; an event left with no URL is deleted. Other URLs stay.
 * `recent`: set when this provider wrote the subscription moments ago (by an earlier run). Where
 * the listing does not show the URL on an event the state records, it may be a stale read of
 * that write: wait for it.
 */
async function unsubscribe(r: Region, domain: string, url: string, events: readonly string[], map: EventMap, recent?: RecentlyWritten): Promise<void> {
  const c = client();
  for (const event of events) {
    let urls = map[event] ?? [];
    if (!urls.includes(url) && recent && recent.events.includes(event)) urls = (await whenListed(r, domain, event, (u) => !!u?.includes(url), recent.until)) ?? [];
    if (!urls.includes(url)) continue;
    const rest = urls.filter((u) => u !== url);
    // A 404 here is Mailgun not showing a write of ours yet only if there was one moments ago.
    const exists = { expectExists: recent !== undefined || wroteEventRecently(r, domain, event) };
    if (rest.length) await c.updateWebhook(r, domain, event, rest, exists);
    else await c.deleteWebhook(r, domain, event, exists);
    map[event] = rest;
    remember(r, domain, event, rest);
  }
}

/** The domain's listing (with our recent writes) for an unsubscribe; undefined when the domain is gone, and its webhooks with it. */
async function mapUnlessGone(r: Region, domain: string): Promise<EventMap | undefined> {
  try {
    return await currentMap(r, domain);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const OTHER_REGION: Record<Region, Region> = { us: "eu", eu: "us" };

/**
 * The domain's listing for a create. The domain may be moments old (made earlier in this run, or
 * by the run before), so a 404 is waited out within the consistency budget; unless the domain
 * answers in the other region: then the Webhook's region is wrong, and no wait can help.
 */
async function mapForCreate(r: Region, domain: string): Promise<EventMap> {
  try {
    return await currentMap(r, domain);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const other = OTHER_REGION[r];
    if (await client().findDomain(other, domain)) {
      throw new Error(`domain ${domain} not found in region ${r}: it lives in region ${other}. Set region: "${other}" on this Webhook.`);
    }
    return currentMap(r, domain, EXISTS);
  }
}

async function subscribedEvents(r: Region, domain: string, url: string): Promise<string[] | undefined> {
  const map = await mapUnlessGone(r, domain);
  return map && Object.keys(map).filter((event) => map[event].includes(url)).sort();
}

export const webhookHandler: ResourceHandler<WebhookInputs, WebhookOutputs> = {
  async check(_olds, news) {
    // The URL can carry a token and be a Pulumi secret: never echo it.
    const result = checkRegional(webhookInputs, news, "Webhook", { sensitive: ["url"] });
    const i = result.inputs as WebhookInputs | undefined;
    if (!i || result.failures || [i.domain, i.url, i.region].some((v) => v === UNKNOWN) || i.events.includes(UNKNOWN as WebhookEvent)) return result;
    const overfull = declareSubscription(i, declaredName(news));
    return overfull ? { failures: [{ property: "", reason: `Webhook: [events] ${overfull}` }] } : result;
  },

  diff: fieldDiff(FIELDS, REPLACES),

  // Subscribing a URL that is already there is a no-op, so create is naturally idempotent and
  // adopting an existing subscription needs no flag (`adopt` is accepted for uniformity). The
  // resource owns its URL: events it was subscribed to by hand but not declared are dropped.
  async create(inputs) {
    const { region: r, domain, url, events } = inputs;
    const undeclared = WEBHOOK_EVENTS.filter((e) => !events.includes(e));
    await domainLock.run(key(r, domain), async () => {
      // One listing serves both steps: subscribe records its writes in it.
      const map = await mapForCreate(r, domain);
      await subscribe(r, domain, url, events, map);
      await unsubscribe(r, domain, url, undeclared, map);
    });
    return { id: webhookId(domain, url), outs: { ...inputs, writtenAt: Date.now() } };
  },

  async read(_id, props) {
    const events = await readAfterWrite(props.writtenAt, () => subscribedEvents(props.region, props.domain, props.url), (e) => sameValue(e, props.events));
    if (!events || events.length === 0) return {};
    const outs: WebhookOutputs = { ...props, events: events as WebhookEvent[] };
    const inputs: Props = { domain: outs.domain, url: outs.url, events, region: outs.region };
    if (props.adopt !== undefined) inputs.adopt = props.adopt;
    // Stacks made before ids stopped carrying the URL move to the new id on their next refresh.
    return { id: webhookId(outs.domain, outs.url), props: outs, inputs: inputs as WebhookInputs };
  },

  async update(_id, olds, news) {
    const { region: r, domain, url } = news;
    const added = news.events.filter((e) => !olds.events.includes(e));
    const removed = olds.events.filter((e) => !news.events.includes(e));
    await domainLock.run(key(r, domain), async () => {
      // The domain can be too new for Mailgun to list only if the subscription is, too.
      const map = await currentMap(r, domain, afterOwnWrite(olds.writtenAt));
      if (added.length) await subscribe(r, domain, url, added, map);
      if (removed.length) await unsubscribe(r, domain, url, removed, map, recentlyWritten(olds));
    });
    return { outs: { ...news, writtenAt: Date.now() } };
  },

  // The resource owns its URL on the domain: deleting it removes the URL from every event,
  // including events someone added by hand since.
  async delete(_id, props) {
    const { region: r, domain, url } = props;
    await domainLock.run(key(r, domain), async () => {
      const map = await mapUnlessGone(r, domain);
      if (!map) return;
      try {
        await unsubscribe(r, domain, url, WEBHOOK_EVENTS, map, recentlyWritten(props));
      } catch (e) {
        // The domain went away meanwhile (deleted by hand, or by another process): its webhooks went with it.
        if (!isNotFound(e) || (await mapUnlessGone(r, domain))) throw e;
      }
    });
  },

  // The resource owns its URL on the domain: another Webhook of the stack with the same URL holds the same object.
  objectKey: (props) => (props.region && props.domain && props.url ? key(props.region, props.domain, props.url) : undefined),
  describeObject: (props) => `webhook ${describeUrl(props.url ?? "")} on ${props.domain}`,
};
