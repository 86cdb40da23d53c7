/**
 * A domain's suppression tables (`/v3/{domain}/bounces|unsubscribes|complaints|whitelists`),
 * region-bound with their domain. Shapes and messages: the spec's Suppressions paths and schemas,
 * the legacy reference (api-suppressions.rst) and mailgun-ruby's recordings (bounces.yml,
 * unsubscribes.yml, complaints.yml, suppressions.yml). What none of them shows is marked "our choice".
 *
 * - Entries are keyed by address (allowlist: address or domain) without regard to case; an entry
 *   keeps the spelling it was written with.
 * - POST of an address that is listed already overwrites the entry (docs: "Updates the existing
 *   record if the address is already there") and sets `created_at` anew (documentation #300).
 *   Unsubscribes are the exception: the record collects the tags the address unsubscribed from,
 *   so a POST adds its tags to those already there, and `DELETE ...?tag=` removes one tag.
 * - Listings are in alphabetical order, paged by a pivot address (`page=next&address=...`).
 */
import { BadRequest, NotFound } from "../errors";
import { childMap, type AllowlistRecord, type BounceRecord, type ComplaintRecord, type SuppressionRecord, type UnsubscribeRecord } from "../store";
import { fresh, observe, replace } from "../versioned";
import { Ctx, consistencyDelay } from "./context";
import { readDomain, writableDomain } from "./domains";

export const SUPPRESSION_KINDS = ["bounces", "unsubscribes", "complaints", "whitelists"] as const;
export type SuppressionKind = (typeof SUPPRESSION_KINDS)[number];

export type { AllowlistRecord, BounceRecord, ComplaintRecord, SuppressionRecord, UnsubscribeRecord } from "../store";

/** The 404 each table answers for an address it does not hold (spec and legacy docs). */
const NOT_FOUND: Record<SuppressionKind, string> = {
  bounces: "Address not found in bounces table",
  unsubscribes: "Address not found in unsubscribers table",
  complaints: "No spam complaints found for this address",
  whitelists: "Address/Domain not found in allowlist table",
};

/** Suppressions show `Thu, 11 Dec 2025 01:49:40 UTC` (spec, recorded). */
export function suppressionTime(now: number): string {
  return new Date(now).toUTCString().replace(/GMT$/, "UTC");
}

function keyOf(value: string): string {
  return value.trim().toLowerCase();
}

function table(ctx: Ctx, kind: SuppressionKind, domain: string) {
  return childMap(ctx.store.suppressions, `${kind}:${domain}`);
}

/** Mailgun's max page and batch size (spec: "max: 1000", "Batch size should be less than 1000"). */
export const MAX_BATCH = 1000;

export interface SuppressionPage<T> {
  items: T[];
  /** The pivot addresses for the paging links. */
  first?: string;
  last?: string;
}

/**
 * One page of the table as readers see it now, in alphabetical order: the first (`page` unset
 * or `first`), the one after `address` (`next`), the one before it (`previous`), or the `last`.
 * `term` keeps the addresses that start with it.
 */
export function listSuppressions(
  ctx: Ctx, kind: SuppressionKind, domainName: string,
  q: { limit?: number; page?: string; address?: string; term?: string },
): SuppressionRecord[] {
  const domain = readDomain(ctx, domainName).name;
  const limit = q.limit ?? 100;
  // Our choice of wording: the spec gives the maximum but no message.
  if (limit < 1 || limit > MAX_BATCH) throw new BadRequest(`limit must be between 1 and ${MAX_BATCH}`);
  const term = keyOf(q.term ?? "");
  const all: Array<[string, SuppressionRecord]> = [];
  for (const [k, entry] of table(ctx, kind, domain)) {
    const seen = observe(entry, ctx.now);
    if (seen && k.startsWith(term)) all.push([k, seen]);
  }
  all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const pivot = keyOf(q.address ?? "");
  let slice: Array<[string, SuppressionRecord]>;
  switch (q.page) {
    case "next": slice = all.filter(([k]) => k > pivot).slice(0, limit); break;
    case "previous": case "prev": slice = all.filter(([k]) => k < pivot).slice(-limit); break;
    case "last": slice = all.slice(-limit); break;
    default: slice = all.slice(0, limit);
  }
  return slice.map(([, r]) => r);
}

export function getSuppression(ctx: Ctx, kind: SuppressionKind, domainName: string, address: string): SuppressionRecord {
  const domain = readDomain(ctx, domainName).name;
  const entry = table(ctx, kind, domain).get(keyOf(address));
  const seen = entry && observe(entry, ctx.now);
  if (!seen) throw new NotFound(NOT_FOUND[kind]);
  return seen;
}

/** One entry to add, as a form or one item of a JSON batch gives it. */
export interface SuppressionInput {
  address?: string;
  code?: string;
  error?: string;
  tags?: string[];
  /** Allowlist only: the domain to allow (used when `address` is absent). */
  domain?: string;
  reason?: string;
}

function write(ctx: Ctx, kind: SuppressionKind, domain: string, key: string, record: SuppressionRecord): void {
  const map = table(ctx, kind, domain);
  const entry = map.get(key);
  if (entry && observe(entry, ctx.now) !== undefined) replace(entry, record, ctx.now, consistencyDelay(ctx));
  else map.set(key, fresh(record, ctx.now, consistencyDelay(ctx)));
}

function requireAddress(address: string | undefined): string {
  const a = (address ?? "").trim();
  // Our choice of wording, patterned on the allowlist's (spec) "Missing mandatory parameter: address/domain".
  if (a === "") throw new BadRequest("Missing mandatory parameter: address");
  return a;
}

/** Adds (or overwrites) entries; returns the addresses written. */
export function addSuppressions(ctx: Ctx, kind: Exclude<SuppressionKind, "whitelists">, domainName: string, inputs: SuppressionInput[]): string[] {
  const domain = writableDomain(ctx, domainName).value.name;
  if (inputs.length > MAX_BATCH) throw new BadRequest("Batch size should be less than 1000");
  const planned = inputs.map((i) => ({ ...i, address: requireAddress(i.address) }));
  const created_at = suppressionTime(ctx.now);
  for (const i of planned) {
    const key = keyOf(i.address);
    if (kind === "bounces") {
      write(ctx, kind, domain, key, { address: i.address, code: i.code || "550", error: i.error ?? "", created_at });
    } else if (kind === "complaints") {
      write(ctx, kind, domain, key, { address: i.address, created_at });
    } else {
      const entry = table(ctx, kind, domain).get(key);
      const had = entry ? ((observe(entry, ctx.now) ?? entry.value) as UnsubscribeRecord).tags : [];
      const given = (i.tags ?? []).filter((t) => t !== "");
      const tags = [...had, ...(given.length ? given : ["*"])].filter((t, n, all) => all.indexOf(t) === n);
      write(ctx, kind, domain, key, { address: entry ? (entry.value as UnsubscribeRecord).address : i.address, tags, created_at });
    }
  }
  if (planned.length) ctx.world.changed();
  return planned.map((i) => i.address);
}

/** POST /whitelists takes one address or domain; `address` wins when both are given (spec). */
export function addAllowlisted(ctx: Ctx, domainName: string, input: SuppressionInput): AllowlistRecord {
  const domain = writableDomain(ctx, domainName).value.name;
  const address = (input.address ?? "").trim();
  const allowed = (input.domain ?? "").trim();
  if (address === "" && allowed === "") throw new BadRequest("Missing mandatory parameter: address/domain");
  const record: AllowlistRecord = address
    ? { type: "address", value: address, reason: input.reason ?? "", createdAt: suppressionTime(ctx.now) }
    : { type: "domain", value: allowed, reason: input.reason ?? "", createdAt: suppressionTime(ctx.now) };
  write(ctx, "whitelists", domain, keyOf(record.value), record);
  ctx.world.changed();
  return record;
}

/**
 * Removes an entry; with `tag` (unsubscribes) only that tag, and the entry once no tag is left.
 * Returns the address as stored.
 */
export function deleteSuppression(ctx: Ctx, kind: SuppressionKind, domainName: string, address: string, tag?: string): string {
  const domain = writableDomain(ctx, domainName).value.name;
  const map = table(ctx, kind, domain);
  const key = keyOf(address);
  const entry = map.get(key);
  const seen = entry && observe(entry, ctx.now);
  if (!entry || !seen) throw new NotFound(NOT_FOUND[kind]);
  const stored = "address" in seen ? seen.address : seen.value;
  if (kind === "unsubscribes" && tag !== undefined && tag !== "") {
    const record = entry.value as UnsubscribeRecord;
    if (!record.tags.includes(tag)) throw new NotFound("Unsubscribe event for this tag does not exist");
    const rest = record.tags.filter((t) => t !== tag);
    if (rest.length) replace(entry, { ...record, tags: rest }, ctx.now, consistencyDelay(ctx));
    else map.delete(key);
  } else {
    map.delete(key);
  }
  ctx.world.changed();
  return stored;
}

/** DELETE of the whole table. */
export function clearSuppressions(ctx: Ctx, kind: SuppressionKind, domainName: string): void {
  const domain = writableDomain(ctx, domainName).value.name;
  table(ctx, kind, domain).clear();
  ctx.world.changed();
}
