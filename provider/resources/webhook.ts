import { z } from "zod";
import type { WebhookMap } from "../client/client";
import { isNotFound, MailgunBadRequestError, saysAlreadyExists } from "../client/errors";
import type { CallOptions } from "../client/request-loop";
import { client } from "../runtime";
import type { Region } from "../config";
import { fieldDiff, sameValue } from "./diff";
import { afterOwnWrite, readAfterWrite } from "./freshness";
import { KeyedLock } from "./keyed-lock";
import { domainWebhooks, forgetWebhooks } from "./listings";
import { webhookId } from "./webhook-id";
import { Props, ResourceHandler } from "./types";
import { UNKNOWN, checkRegional, declaredName } from "./validation";
import { MAX_URLS_PER_EVENT, declareSubscription, describeUrl } from "./webhook-slots";
import { diffedFields, inputSchema, replacingFields, sensitiveFields } from "./fields/define";
import { WEBHOOK_EVENTS, webhookFields } from "./fields/webhook";

export { WEBHOOK_EVENTS } from "./fields/webhook";
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookInputs = inputSchema(webhookFields);

export type WebhookInputs = z.output<typeof webhookInputs> & { region: Region };
export type WebhookOutputs = WebhookInputs & {
  /** When this provider last changed the subscription (epoch ms): a read soon after waits out Mailgun's stale listings. */
  writtenAt?: number;
};

const FIELDS = diffedFields(webhookFields);
const REPLACES = replacingFields(webhookFields);

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

/** A write to the domain's webhooks, one at a time per domain; reads after it list anew. */
async function writingWebhooks<T>(r: Region, domain: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await domainLock.run(key(r, domain), fn);
  } finally {
    forgetWebhooks(r, domain);
  }
}

function key(r: Region, domain: string, url?: string): string {
  return `${r}|${domain}|${url ?? ""}`;
}

function limitError(domain: string, event: string, urls: string[], url: string): Error {
  return new Error(
    `cannot subscribe ${describeUrl(url)} to "${event}" on ${domain}: the event already has ${urls.length} URLs (${urls.map(describeUrl).join(", ")}) and Mailgun allows at most ${MAX_URLS_PER_EVENT} per event. ` +
      `Remove one of them (in the dashboard, or the Webhook resource that owns it), or drop "${event}" from this webhook's events. ` +
      `Swapping one URL for another on a full event in one pulumi up cannot work as written, because Pulumi creates the new Webhook before it deletes the old one: ` +
      `either give the new Webhook the old one's resource name (its url changes, and with the resource option deleteBeforeReplace: true the old URL is removed first), or run two updates (remove the old Webhook, pulumi up, then add the new one).`,
  );
}

/** For calls about something just seen (in a listing, or named by Mailgun's answer): a 404 can only be Mailgun catching up. */
const EXISTS = { expectExists: true } as const;

function eventsOf(map: WebhookMap, url: string): string[] {
  return Object.keys(map).filter((event) => map[event].includes(url)).sort();
}

/**
 * Mailgun refused to put `url` on `events` (400). When an event is full of other URLs, the
 * refusal becomes the 3-URL advice (the listing names them, by origin); otherwise it stands.
 */
async function explainRefusal(r: Region, domain: string, url: string, events: readonly string[], refusal: unknown): Promise<never> {
  if (!(refusal instanceof MailgunBadRequestError)) throw refusal;
  const map = await client().webhooks.list(r, domain);
  for (const event of events) {
    const urls = map[event] ?? [];
    if (!urls.includes(url) && urls.length >= MAX_URLS_PER_EVENT) throw limitError(domain, event, urls, url);
  }
  throw refusal;
}

/** v4 PUT: the URL on exactly `events`, whatever it was on before. */
async function setEvents(r: Region, domain: string, url: string, events: string[], o?: CallOptions): Promise<void> {
  try {
    await client().webhooks.replaceUrlV4(r, domain, url, events, o);
  } catch (e) {
    await explainRefusal(r, domain, url, events, e);
  }
}

/**
 * The URL on exactly `events`: one POST when the domain has the URL nowhere yet. The resource
 * owns its URL, so where Mailgun already has it (taken over from the dashboard, or left by an
 * earlier attempt of ours) one PUT sets its events, dropping any not declared.
 */
async function subscribe(r: Region, domain: string, url: string, events: string[], o?: CallOptions): Promise<void> {
  let map: WebhookMap;
  try {
    map = await client().webhooks.addUrlV4(r, domain, url, events, o);
  } catch (e) {
    if (saysAlreadyExists(e)) return setEvents(r, domain, url, events, EXISTS);
    return explainRefusal(r, domain, url, events, e);
  }
  // The answer is the whole map: it shows a URL also on events nobody declared (subscribed by hand).
  if (!sameValue(eventsOf(map, url), events)) await setEvents(r, domain, url, events, EXISTS);
}

const OTHER_REGION: Record<Region, Region> = { us: "eu", eu: "us" };

/**
 * The domain may be moments old (made earlier in this run, or by the run before), so a 404 is
 * waited out within the consistency budget; unless the domain answers in the other region: then
 * the Webhook's region is wrong, and no wait can help.
 */
async function subscribeOnNewDomain(r: Region, domain: string, url: string, events: string[]): Promise<void> {
  try {
    await subscribe(r, domain, url, events);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const other = OTHER_REGION[r];
    if (await client().domains.find(other, domain)) {
      throw new Error(`domain ${domain} not found in region ${r}: it lives in region ${other}. Set region: "${other}" on this Webhook.`);
    }
    await subscribe(r, domain, url, events, EXISTS);
  }
}

/**
 * Mailgun splits the v4 DELETE's `url` at commas, so a URL containing one leaves event by event
 * (v3): each event keeps its other URLs. `state` is what Pulumi recorded: within the consistency
 * budget after its write, a listing without the URL may be stale, so it is read until it shows.
 */
async function unsubscribeEventByEvent(r: Region, domain: string, url: string, state: WebhookOutputs): Promise<void> {
  const c = client();
  let map: WebhookMap;
  try {
    map = await readAfterWrite(state.writtenAt, () => c.webhooks.list(r, domain), (m) => state.events.every((e) => m[e]?.includes(url)));
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
  for (const event of eventsOf(map, url)) {
    const rest = map[event].filter((u) => u !== url);
    if (rest.length) await c.webhooks.update(r, domain, event, rest, EXISTS);
    else await c.webhooks.delete(r, domain, event, EXISTS);
  }
}

/**
 * The URL's events per the domain's listing; undefined when the domain is gone, and its webhooks
 * with it. `shared`: the listing the operation's reads share (listings.ts), else a fresh one.
 */
async function subscribedEvents(r: Region, domain: string, url: string, shared: boolean): Promise<string[] | undefined> {
  try {
    return eventsOf(await (shared ? domainWebhooks(r, domain) : client().webhooks.list(r, domain)), url);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export const webhookHandler: ResourceHandler<WebhookInputs, WebhookOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    // The URL can carry a token and be a Pulumi secret: never echo it.
    const result = checkRegional(webhookInputs, news, "Webhook", { sensitive: sensitiveFields(webhookFields) });
    const i = result.inputs as WebhookInputs | undefined;
    if (!i || result.failures || [i.domain, i.url, i.region].some((v) => v === UNKNOWN) || i.events.includes(UNKNOWN as WebhookEvent)) return result;
    const overfull = declareSubscription(i, declaredName(news));
    return overfull ? { failures: [{ property: "", reason: `Webhook: [events] ${overfull}` }] } : result;
  },

  diff: fieldDiff(FIELDS, REPLACES),

  // Taking over a URL that is already subscribed needs no flag (`adopt` is accepted for
  // uniformity): the resource owns its URL, so it ends up on exactly the declared events.
  async create(inputs) {
    const { region: r, domain, url, events } = inputs;
    await writingWebhooks(r, domain, async () => {
      // Adopting (a migration, from the dashboard or @pulumi/mailgun) must change nothing that
      // already holds: a listing first, so a URL already on exactly these events is not written.
      if (inputs.adopt) {
        const current = await subscribedEvents(r, domain, url, false);
        if (current?.length) return sameValue(current, events) ? undefined : setEvents(r, domain, url, events, EXISTS);
      }
      await subscribeOnNewDomain(r, domain, url, events);
    });
    return { id: webhookId(domain, url), outs: { ...inputs, writtenAt: Date.now() } };
  },

  async read(_id, props) {
    // The first attempt reads the listing the operation's reads share; a retry (waiting for Mailgun to show this provider's write) lists anew.
    let attempt = 0;
    const events = await readAfterWrite(props.writtenAt, () => subscribedEvents(props.region, props.domain, props.url, attempt++ === 0), (e) => sameValue(e, props.events));
    if (!events || events.length === 0) return {};
    const outs: WebhookOutputs = { ...props, events: events as WebhookEvent[] };
    const inputs: Props = { domain: outs.domain, url: outs.url, events, region: outs.region };
    if (props.adopt !== undefined) inputs.adopt = props.adopt;
    // Stacks made before ids stopped carrying the URL move to the new id on their next refresh.
    return { id: webhookId(outs.domain, outs.url), props: outs, inputs: inputs as WebhookInputs };
  },

  async update(_id, olds, news) {
    const { region: r, domain, url, events } = news;
    await writingWebhooks(r, domain, async () => {
      try {
        // A 404 moments after our own write is Mailgun catching up, so it is waited out then.
        await setEvents(r, domain, url, events, afterOwnWrite(olds.writtenAt));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        // The URL was removed by hand (or the domain is gone: then this fails as well).
        await subscribe(r, domain, url, events);
      }
    });
    return { outs: { ...news, writtenAt: Date.now() } };
  },

  // The resource owns its URL on the domain: deleting it removes the URL from every event,
  // including events someone added by hand since. A URL on no event, or a domain that is gone,
  // is already deleted.
  async delete(_id, props) {
    const { region: r, domain, url } = props;
    await writingWebhooks(r, domain, async () => {
      if (url.includes(",")) await unsubscribeEventByEvent(r, domain, url, props);
      else await client().webhooks.removeUrlsV4(r, domain, [url]);
    });
  },

  // The resource owns its URL on the domain: another Webhook of the stack with the same URL holds the same object.
  objectKey: (props) => (props.region && props.domain && props.url ? key(props.region, props.domain, props.url) : undefined),
  describeObject: (props) => `webhook ${describeUrl(props.url ?? "")} on ${props.domain}`,
  domainOf: (props) => props.domain,
  keyFields: ["url"],
};
