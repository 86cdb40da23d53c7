import { z } from "zod";
import { isNotFound } from "../client/errors";
import { client, providerConfig } from "../runtime";
import type { Region } from "../config";
import { fieldDiff } from "./diff";
import { KeyedLock } from "./keyed-lock";
import { Props, ResourceHandler } from "./types";
import { checkRegional, domainName, httpUrl, optionalBoolean, region } from "./validation";

export const WEBHOOK_EVENTS = [
  "accepted", "clicked", "complained", "delivered", "opened", "permanent_fail", "temporary_fail", "unsubscribed",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
const MAX_URLS_PER_EVENT = 3;

export const webhookInputs = z
  .object({
    domain: domainName,
    url: httpUrl,
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { error: (iss) => `"${String(iss.input)}" is not a Mailgun webhook event; use one of ${WEBHOOK_EVENTS.join(", ")}` }), {
        error: `events must be a list of Mailgun event names (${WEBHOOK_EVENTS.join(", ")})`,
      })
      .min(1, { error: `events needs at least one of ${WEBHOOK_EVENTS.join(", ")}` })
      .transform((events) => [...new Set(events)].sort()),
    region: region.optional(),
    adopt: optionalBoolean("adopt").optional(),
  })
  .strict();

export type WebhookInputs = z.output<typeof webhookInputs> & { region: Region };
export type WebhookOutputs = WebhookInputs;

const FIELDS = ["domain", "url", "events", "region"] as const;
const REPLACES = ["domain", "url", "region"] as const;

type EventMap = Record<string, string[]>;

const domainLock = new KeyedLock();
/** What this process last wrote per event; trusted over a listing for the consistency budget, which may still be stale. */
const recentWrites = new Map<string, { urls: string[]; at: number }>();

function key(r: Region, domain: string, event?: string): string {
  return `${r}|${domain}|${event ?? ""}`;
}

async function currentMap(r: Region, domain: string, expectExists: boolean): Promise<EventMap> {
  const listed = await client().listWebhooks(r, domain, { expectExists });
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

function limitError(domain: string, event: string, urls: string[], url: string): Error {
  return new Error(
    `cannot subscribe ${url} to "${event}" on ${domain}: the event already has ${urls.length} URLs (${urls.join(", ")}) and Mailgun allows at most ${MAX_URLS_PER_EVENT} per event. Remove one of them (in the dashboard, or the Webhook resource that owns it), or drop "${event}" from this webhook's events.`,
  );
}

/** Adds `url` to each event, keeping every other consumer's URLs. */
async function subscribe(r: Region, domain: string, url: string, events: readonly string[]): Promise<void> {
  const c = client();
  const map = await currentMap(r, domain, true);
  for (const event of events) {
    const urls = map[event] ?? [];
    if (urls.includes(url)) continue;
    if (urls.length >= MAX_URLS_PER_EVENT) throw limitError(domain, event, urls, url);
    let result: string[];
    if (urls.length === 0) {
      try {
        result = await c.createWebhook(r, domain, event, [url]);
      } catch (e) {
        // Someone configured the event since we looked (or an ambiguous earlier attempt did): merge and replace.
        const fresh = (await c.listWebhooks(r, domain))[event];
        if (!fresh) throw e;
        if (fresh.includes(url)) result = fresh;
        else if (fresh.length >= MAX_URLS_PER_EVENT) throw limitError(domain, event, fresh, url);
        else result = await c.updateWebhook(r, domain, event, [...fresh, url]);
      }
    } else {
      result = await c.updateWebhook(r, domain, event, [...urls, url]);
    }
    map[event] = result.length ? result : [...urls, url];
    remember(r, domain, event, map[event]);
  }
}

/** Removes `url` from each event; an event left with no URL is deleted. Other URLs stay. */
async function unsubscribe(r: Region, domain: string, url: string, events: readonly string[]): Promise<void> {
  const c = client();
  let map: EventMap;
  try {
    map = await currentMap(r, domain, false);
  } catch (e) {
    if (isNotFound(e)) return; // the domain is gone, and its webhooks with it
    throw e;
  }
  for (const event of events) {
    const urls = map[event] ?? [];
    if (!urls.includes(url)) continue;
    const rest = urls.filter((u) => u !== url);
    if (rest.length) await c.updateWebhook(r, domain, event, rest);
    else await c.deleteWebhook(r, domain, event);
    remember(r, domain, event, rest);
  }
}

async function subscribedEvents(r: Region, domain: string, url: string): Promise<string[] | undefined> {
  try {
    const map = await currentMap(r, domain, false);
    return Object.keys(map).filter((event) => map[event].includes(url)).sort();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export const webhookHandler: ResourceHandler<WebhookInputs, WebhookOutputs> = {
  async check(_olds, news) {
    return checkRegional(webhookInputs, news, "Webhook");
  },

  diff: fieldDiff(FIELDS, REPLACES),

  // Subscribing a URL that is already there is a no-op, so create is naturally idempotent and
  // adopting an existing subscription needs no flag (`adopt` is accepted for uniformity). The
  // resource owns its URL: events it was subscribed to by hand but not declared are dropped.
  async create(inputs) {
    const { region: r, domain, url, events } = inputs;
    const undeclared = WEBHOOK_EVENTS.filter((e) => !events.includes(e));
    await domainLock.run(key(r, domain), async () => {
      await subscribe(r, domain, url, events);
      await unsubscribe(r, domain, url, undeclared);
    });
    return { id: `${domain}/${url}`, outs: { ...inputs } };
  },

  async read(id, props) {
    const events = await subscribedEvents(props.region, props.domain, props.url);
    if (!events || events.length === 0) return {};
    const outs: WebhookOutputs = { ...props, events: events as WebhookEvent[] };
    const inputs: Props = { domain: outs.domain, url: outs.url, events, region: outs.region };
    if (props.adopt !== undefined) inputs.adopt = props.adopt;
    return { id, props: outs, inputs: inputs as WebhookInputs };
  },

  async update(_id, olds, news) {
    const { region: r, domain, url } = news;
    const added = news.events.filter((e) => !olds.events.includes(e));
    const removed = olds.events.filter((e) => !news.events.includes(e));
    await domainLock.run(key(r, domain), async () => {
      if (added.length) await subscribe(r, domain, url, added);
      if (removed.length) await unsubscribe(r, domain, url, removed);
    });
    return { outs: { ...news } };
  },

  // The resource owns its URL on the domain: deleting it removes the URL from every event,
  // including events someone added by hand since.
  async delete(_id, props) {
    const { region: r, domain, url } = props;
    await domainLock.run(key(r, domain), () => unsubscribe(r, domain, url, WEBHOOK_EVENTS));
  },
};
