/**
 * Account-level webhooks (`/v1/webhooks`, api-notes §4.3): objects with an id, a URL and a set of
 * event types, kept per region. A URL may appear once per event type across the region's account
 * webhooks, and an event type takes at most 3 URLs (spec 409 examples). They are separate from
 * domain webhooks (webhooks.ts): Mailgun de-duplicates the two levels only when it delivers.
 */
import {
  AccountWebhookIdNotFound, AccountWebhookNotFound, AccountWebhookUrlExists, AccountWebhookUrlLimit, BadRequest,
  FieldError, InvalidEventType, NoAccountWebhooks,
} from "../errors";
import { objectId } from "../formats";
import type { AccountWebhookRecord } from "../store";
import { fresh, observe, replace, settled, Versioned } from "../versioned";
import { Ctx, consistencyDelay } from "./context";
import { WEBHOOK_EVENTS } from "./webhooks";

const MAX_URLS = 3;

export interface AccountWebhookInput {
  url?: string;
  event_types: string[];
  description?: string;
}

/** RFC 3339 in whole seconds, as the spec's example (`2026-02-16T19:06:01Z`). */
function rfc3339(now: number): string {
  return `${new Date(now).toISOString().slice(0, 19)}Z`;
}

function assertInput(input: AccountWebhookInput): asserts input is AccountWebhookInput & { url: string } {
  let ok = false;
  try {
    const u = new URL(input.url ?? "");
    ok = (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    ok = false;
  }
  // spec op=PUT-v1-webhooks--webhook-id- 400 example.
  if (!ok) throw new FieldError("url", "missing or invalid url parameter");
  // Our wording (no source shows the answer to a request without event types).
  if (input.event_types.length === 0) throw new FieldError("event_types", "missing event_types parameter");
  for (const e of input.event_types) if (!(WEBHOOK_EVENTS as readonly string[]).includes(e)) throw new InvalidEventType(e);
  const twice = input.event_types.find((e, i) => input.event_types.indexOf(e) !== i);
  // spec op=POST-v1-webhooks 400 example.
  if (twice) throw new FieldError("event_types", `duplicate event types: '${twice}'`);
}

/** The other webhooks of the region may not already send `url` for one of the events, nor hold 3 URLs for it. */
function assertRoom(ctx: Ctx, url: string, events: string[], self?: string): void {
  const others = [...ctx.store.accountWebhooks.values()].map((e) => e.value).filter((w) => w.webhook_id !== self);
  for (const event of events) {
    const on = others.filter((w) => w.event_types.includes(event));
    if (on.some((w) => w.url === url)) throw new AccountWebhookUrlExists(url, event);
    if (new Set(on.map((w) => w.url)).size >= MAX_URLS) throw new AccountWebhookUrlLimit(event);
  }
}

function visible(ctx: Ctx): AccountWebhookRecord[] {
  const out: AccountWebhookRecord[] = [];
  for (const entry of ctx.store.accountWebhooks.values()) {
    const w = observe(entry, ctx.now);
    if (w) out.push(w);
  }
  return out;
}

/** `webhook_ids` is a comma-separated list; an empty item is refused (spec op=DELETE-v1-webhooks 400 example). */
export function parseIds(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw.split(",").map((s) => s.trim());
  if (ids.some((id) => id === "")) throw new BadRequest("Invalid parameter: webhook_ids malformed webhook_ids parameter: empty values not allowed");
  return ids;
}

export function listAccountWebhooks(ctx: Ctx, ids?: string[]): AccountWebhookRecord[] {
  const all = visible(ctx);
  return ids ? all.filter((w) => ids.includes(w.webhook_id)) : all;
}

export function getAccountWebhook(ctx: Ctx, id: string): AccountWebhookRecord {
  const entry = ctx.store.accountWebhooks.get(id);
  const w = entry && observe(entry, ctx.now);
  if (!w) throw new AccountWebhookNotFound();
  return w;
}

export function createAccountWebhook(ctx: Ctx, input: AccountWebhookInput): AccountWebhookRecord {
  assertInput(input);
  assertRoom(ctx, input.url, input.event_types);
  const w: AccountWebhookRecord = {
    webhook_id: objectId(ctx.now), description: input.description ?? "", url: input.url,
    event_types: [...input.event_types], created_at: rfc3339(ctx.now),
  };
  ctx.store.accountWebhooks.set(w.webhook_id, fresh(w, ctx.now, consistencyDelay(ctx)));
  ctx.world.changed();
  return w;
}

function writable(ctx: Ctx, id: string): Versioned<AccountWebhookRecord> {
  const entry = ctx.store.accountWebhooks.get(id);
  if (!entry || !settled(entry, ctx.now)) throw new AccountWebhookIdNotFound(id);
  return entry;
}

/** PUT replaces URL, event types and description (a description left out becomes empty). */
export function replaceAccountWebhook(ctx: Ctx, id: string, input: AccountWebhookInput): void {
  const entry = writable(ctx, id);
  assertInput(input);
  assertRoom(ctx, input.url, input.event_types, id);
  replace(entry, { ...entry.value, url: input.url, event_types: [...input.event_types], description: input.description ?? "" }, ctx.now, consistencyDelay(ctx));
  ctx.world.changed();
}

export function deleteAccountWebhook(ctx: Ctx, id: string): void {
  // spec op=DELETE-v1-webhooks--webhook-id- 400 example; ids are 24-hex ObjectIds.
  if (!/^[0-9a-f]{24}$/.test(id)) throw new FieldError("webhook_id", "is not valid");
  writable(ctx, id);
  ctx.store.accountWebhooks.delete(id);
  ctx.world.changed();
}

/** DELETE /v1/webhooks: the given ids (when both are given, `all` is ignored, spec) or every one with all=true. */
export function deleteAccountWebhooks(ctx: Ctx, ids: string[] | undefined, all: boolean): void {
  // Our wording: the spec does not show the answer to a request with neither parameter.
  if (!ids && !all) throw new BadRequest("Invalid parameter: give webhook_ids, or all=true to delete every account webhook");
  const targets = ids ? ids.filter((id) => ctx.store.accountWebhooks.has(id)) : [...ctx.store.accountWebhooks.keys()];
  if (targets.length === 0) throw new NoAccountWebhooks();
  for (const id of targets) ctx.store.accountWebhooks.delete(id);
  ctx.world.changed();
}
