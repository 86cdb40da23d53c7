import { createHash } from "node:crypto";
import { z } from "zod";
import type { AccountWebhookParams } from "../client/params";
import type { AccountWebhook } from "../client/schemas";
import { MailgunConflictError, isNotFound } from "../client/errors";
import { client } from "../runtime";
import type { Region } from "../config";
import { fieldDiff, sameValue } from "./diff";
import { afterOwnWrite, readAfterWrite } from "./freshness";
import { accountWebhooksIn } from "./listings";
import { ResourceHandler, inputsFrom } from "./types";
import { UNKNOWN, checkRegional, declaredName } from "./validation";
import { MAX_URLS_PER_EVENT, describeUrl } from "./webhook-slots";
import { runWide } from "../run-state";
import { diffedFields, inputSchema, replacingFields, sensitiveFields } from "./fields/define";
import { accountWebhookFields } from "./fields/webhook";

export const accountWebhookInputs = inputSchema(accountWebhookFields);

export type AccountWebhookInputs = z.output<typeof accountWebhookInputs> & { region: Region };
export interface AccountWebhookOutputs extends AccountWebhookInputs {
  /** Mailgun's id of the webhook (also the resource id). */
  webhookId: string;
  /** When this provider last wrote the webhook (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
}

/** Mailgun's PUT replaces url, event types and description in place; only another region is another object. */
const FIELDS = diffedFields(accountWebhookFields);
const REPLACES = replacingFields(accountWebhookFields);

/** Webhook ids this process took over or created, so two declarations never share one webhook. */
const claimed = runWide(new Set<string>());

function containsUnknown(events: unknown): boolean {
  return !Array.isArray(events) || events.includes(UNKNOWN);
}

function claim(r: Region, w: AccountWebhook): AccountWebhook {
  claimed.add(`${r}/${w.id}`);
  return w;
}

function paramsOf(i: AccountWebhookInputs): AccountWebhookParams {
  return { url: i.url, event_types: i.eventTypes, description: i.description };
}

function sameWebhook(w: AccountWebhook, i: { url: string; eventTypes: string[]; description: string }): boolean {
  return w.url === i.url && sameValue([...w.event_types].sort(), i.eventTypes) && (w.description ?? "") === i.description;
}

function outputsOf(i: AccountWebhookInputs, id: string): AccountWebhookOutputs {
  const outs: AccountWebhookOutputs = { ...i, webhookId: id, writtenAt: Date.now() };
  if (i.adopt === undefined) delete outs.adopt;
  return outs;
}

/** The object key: region and a digest of the URL (keys never hold a URL: it may carry a token). */
function keyOf(r: string, url: string): string {
  return `${r}|${url.includes(UNKNOWN) ? url : `url-sha256:${createHash("sha256").update(url).digest("hex").slice(0, 32)}`}`;
}

/**
 * Mailgun refused the write with 409: the URL is already on one of the events in another
 * account webhook of the region, or an event has its 3 URLs. Says which, by the URL's origin only.
 */
function explainConflict(e: unknown, i: AccountWebhookInputs): unknown {
  if (!(e instanceof MailgunConflictError)) return e;
  const what = describeUrl(i.url);
  const event = /event type (\w+)/.exec(e.mailgunMessage)?.[1] ?? "one of the events";
  if (/more than/i.test(e.mailgunMessage)) {
    return new Error(
      `cannot add account webhook ${what} for "${event}" in region ${i.region}: the event already has ${MAX_URLS_PER_EVENT} account-level URLs and Mailgun allows at most ${MAX_URLS_PER_EVENT}. ` +
        `Remove one of them (in the dashboard, or the AccountWebhook that owns it), or drop "${event}" from eventTypes.`,
    );
  }
  return new Error(
    `cannot add account webhook ${what} for "${event}" in region ${i.region}: another account webhook of the region already sends "${event}" to this URL ` +
      `(another AccountWebhook of this stack, or one made outside it: set adopt: true on this resource to take it over).`,
  );
}

/** What an existing webhook with the same URL (outside this stack, or a leftover that differs) asks of the program. */
function alreadyExists(i: AccountWebhookInputs, found: AccountWebhook[]): Error {
  if (i.adopt && found.length > 1) {
    return new Error(
      `${found.length} account webhooks in region ${i.region} send to ${describeUrl(i.url)} (ids ${found.map((w) => w.id).join(", ")}), for different events; ` +
        `adopt takes over one webhook: delete the others at Mailgun (or merge their events into one), then run pulumi up again.`,
    );
  }
  return new Error(
    `an account webhook in region ${i.region} already sends to ${describeUrl(i.url)} (id ${found[0].id}, events ${[...found[0].event_types].sort().join(", ")}). ` +
      `Set adopt: true on this AccountWebhook to take it over (its events and description are then set to match the program, and pulumi destroy deletes it), ` +
      `or remove it at Mailgun first. (Renamed the resource? Add aliases: [{ name: "<old name>" }] instead.)`,
  );
}

/**
 * The URLs each AccountWebhook of this run sends, by region and event. The provider process
 * checks every resource of a run, so a program that puts more than 3 URLs on one event, or one
 * URL twice, is refused at preview, before any call, naming the resources involved.
 */
const declared = runWide(new Map<string, Map<string, string>>());

function quoted(names: string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

/** Records the resource's URL on its events; the reason to refuse it, if Mailgun would. */
function declare(i: AccountWebhookInputs, name: string | undefined): string | undefined {
  const self = name ?? describeUrl(i.url);
  for (const event of i.eventTypes) {
    const k = `${i.region}|${event}`;
    const urls = declared.get(k) ?? new Map<string, string>();
    declared.set(k, urls);
    // A resource checked again (preview, then update) replaces its own earlier record.
    for (const [url, owner] of urls) if (owner === self && url !== i.url) urls.delete(url);
    const holder = urls.get(i.url);
    if (holder !== undefined && holder !== self) {
      return `AccountWebhooks ${quoted([holder, self])} both send "${event}" to ${describeUrl(i.url)} in region ${i.region}, and Mailgun takes a URL once per event. Declare the URL once, with all its events in one AccountWebhook.`;
    }
    urls.set(i.url, self);
    if (urls.size > MAX_URLS_PER_EVENT) {
      const others = [...urls.values()].filter((n) => n !== self);
      urls.delete(i.url);
      return `"${event}" would get ${others.length + 1} account-level URLs in region ${i.region}: AccountWebhooks ${quoted(others)} and this one ("${self}") send it, and Mailgun allows at most ${MAX_URLS_PER_EVENT} per event. Drop "${event}" from one of them, or send it to one URL that fans out.`;
    }
  }
  return undefined;
}

export const accountWebhookHandler: ResourceHandler<AccountWebhookInputs, AccountWebhookOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    // The URL can carry a token and be a Pulumi secret: never echo it.
    const result = checkRegional(accountWebhookInputs, news, "AccountWebhook", { sensitive: sensitiveFields(accountWebhookFields) });
    const i = result.inputs as AccountWebhookInputs | undefined;
    if (!i || result.failures || [i.url, i.region].includes(UNKNOWN) || containsUnknown(i.eventTypes)) return result;
    const refused = declare(i, declaredName(news));
    return refused ? { failures: [{ property: "", reason: `AccountWebhook: [eventTypes] ${refused}` }] } : result;
  },

  diff: fieldDiff(FIELDS, REPLACES),

  /**
   * The URL is the webhook's natural key in a region. The region's listing (shared by the
   * operation) is read first: an identical unclaimed webhook is what an interrupted create left,
   * and is taken over instead of made twice; a different one with the URL is adopted or refused.
   */
  async create(inputs) {
    const r = inputs.region;
    const listing = accountWebhooksIn(r);
    const withUrl = (await listing.items()).filter((w) => w.url === inputs.url && !claimed.has(`${r}/${w.id}`)).sort((a, b) => a.id.localeCompare(b.id));
    const identical = withUrl.find((w) => sameWebhook(w, inputs));
    if (identical) return { id: claim(r, identical).id, outs: outputsOf(inputs, identical.id) };
    if (withUrl.length) {
      if (!inputs.adopt || withUrl.length > 1) throw alreadyExists(inputs, withUrl);
      const taken = claim(r, withUrl[0]);
      try {
        await client().accountWebhooks.update(r, taken.id, paramsOf(inputs), { expectExists: true });
      } catch (e) {
        throw explainConflict(e, inputs);
      }
      listing.wrote({ ...taken, url: inputs.url, event_types: inputs.eventTypes, description: inputs.description });
      return { id: taken.id, outs: outputsOf(inputs, taken.id) };
    }
    let id: string;
    try {
      id = await client().accountWebhooks.create(r, paramsOf(inputs));
    } catch (e) {
      throw explainConflict(e, inputs);
    }
    claimed.add(`${r}/${id}`);
    listing.wrote({ id, webhook_id: id, url: inputs.url, event_types: inputs.eventTypes, description: inputs.description });
    return { id, outs: outputsOf(inputs, id) };
  },

  async read(id, props) {
    const r = props.region;
    let fromListing = accountWebhooksIn(r).worthListing();
    try {
      const get = async () => {
        // Only the first attempt: a retry waits for Mailgun to show this provider's write, which a listing fetched before it cannot.
        const listed = fromListing && (await accountWebhooksIn(r).items()).find((w) => w.id === id);
        fromListing = false;
        // Not listed: gone, or too new to be listed yet; the GET tells which (404 → gone, waited out after an own write).
        return listed || client().accountWebhooks.get(r, id, afterOwnWrite(props.writtenAt));
      };
      const live = await readAfterWrite(props.writtenAt, get, (w) => sameWebhook(w, props));
      const outs: AccountWebhookOutputs = { ...props, url: live.url, eventTypes: [...live.event_types].sort() as AccountWebhookOutputs["eventTypes"], description: live.description ?? "", webhookId: id };
      const inputs = inputsFrom(outs, [...FIELDS, "adopt"]);
      return { id, props: outs, inputs: inputs as AccountWebhookInputs };
    } catch (e) {
      if (isNotFound(e)) return {};
      throw e;
    }
  },

  async update(id, olds, news) {
    const r = news.region;
    try {
      // A 404 moments after our own write is Mailgun catching up, so it is waited out then.
      await client().accountWebhooks.update(r, id, paramsOf(news), afterOwnWrite(olds.writtenAt));
    } catch (e) {
      if (isNotFound(e)) {
        throw new Error(`account webhook ${id} (${describeUrl(news.url)}) is gone from region ${r}: it was deleted outside Pulumi. Run pulumi refresh, then pulumi up creates it again.`);
      }
      throw explainConflict(e, news);
    }
    accountWebhooksIn(r).wrote({ id, webhook_id: id, url: news.url, event_types: news.eventTypes, description: news.description });
    return { outs: outputsOf(news, id) };
  },

  async delete(id, props) {
    await client().accountWebhooks.delete(props.region, id);
    accountWebhooksIn(props.region).deleted(id);
  },

  // The URL is the natural key: another AccountWebhook of the stack with the same URL in the region holds the same object.
  objectKey: (props) => (props.region && props.url ? keyOf(props.region, props.url) : undefined),
  describeObject: (props, id) => `account webhook ${id} (${describeUrl(props.url ?? "")}) in region ${props.region}`,
};
