/**
 * Mailing lists and their members (`/v3/lists...`), per region (api-notes §1.1, §7.2). A list is
 * keyed by its address and a member by its address within the list, both without regard to
 * case; the spelling given is kept and shown. `members_count` is counted, never stored.
 */
import { BadRequest, MissingParameter } from "../errors";
import { ListNotFound, ListExists, MemberExists, MemberNotFound, InvalidAccessLevel, InvalidReplyPreference } from "../list-errors";
import type { ListMemberRecord, MailingListRecord } from "../store";
import { childMap } from "../store";
import { fresh, observe, replace, settled, Versioned } from "../versioned";
import { Ctx, consistencyDelay } from "./context";

export const ACCESS_LEVELS = ["readonly", "members", "everyone"] as const;
export const REPLY_PREFERENCES = ["list", "sender"] as const;

/** `-0000` zone, as recorded in mailing_list.yml (2016 and 2025). */
export function listDate(now: number): string {
  return new Date(now).toUTCString().replace(/GMT$/, "-0000");
}

const key = (address: string) => address.trim().toLowerCase();

/**
 * Mailgun's own check is lax: the recording created `integration_test_list@` (its domain
 * redacted away by the cassette), so only an `@` is required here.
 */
function assertAddress(address: string, what = "address"): void {
  if (!address.includes("@") || /\s/.test(address.trim())) throw new BadRequest(`'${what}' parameter is not a valid email address`);
}

export interface ListInput {
  address?: string;
  name?: string;
  description?: string;
  access_level?: string;
  reply_preference?: string;
}

function assertSettings(input: ListInput): void {
  if (input.access_level !== undefined && !(ACCESS_LEVELS as readonly string[]).includes(input.access_level)) throw new InvalidAccessLevel(input.access_level);
  if (input.reply_preference !== undefined && !(REPLY_PREFERENCES as readonly string[]).includes(input.reply_preference)) throw new InvalidReplyPreference(input.reply_preference);
}

function visibleList(ctx: Ctx, address: string): Versioned<MailingListRecord> | undefined {
  const entry = ctx.store.lists.get(key(address));
  return entry && observe(entry, ctx.now) ? entry : undefined;
}

export function createList(ctx: Ctx, input: ListInput): MailingListRecord {
  if (!input.address) throw new MissingParameter("address");
  assertAddress(input.address);
  assertSettings(input);
  if (ctx.store.lists.has(key(input.address))) throw new ListExists(input.address);
  const list: MailingListRecord = {
    address: input.address.trim(),
    name: input.name ?? "",
    description: input.description ?? "",
    access_level: input.access_level ?? "readonly",
    reply_preference: input.reply_preference ?? "list",
    created_at: listDate(ctx.now),
  };
  ctx.store.lists.set(key(list.address), fresh(list, ctx.now, consistencyDelay(ctx)));
  ctx.world.changed();
  return list;
}

export function getList(ctx: Ctx, address: string): MailingListRecord {
  const entry = visibleList(ctx, address);
  if (!entry) throw new ListNotFound(address);
  return observe(entry, ctx.now)!;
}

/** Every visible list, in creation order, optionally only the one with `address`. */
export function allLists(ctx: Ctx, address?: string): MailingListRecord[] {
  const out: MailingListRecord[] = [];
  for (const entry of ctx.store.lists.values()) {
    const seen = observe(entry, ctx.now);
    if (seen && (address === undefined || key(seen.address) === key(address))) out.push(seen);
  }
  return out;
}

function writableList(ctx: Ctx, address: string): Versioned<MailingListRecord> {
  const entry = ctx.store.lists.get(key(address));
  if (!entry || !settled(entry, ctx.now)) throw new ListNotFound(address);
  return entry;
}

/** Omitted fields stay. A new `address` renames the list; its members go with it. */
export function updateList(ctx: Ctx, address: string, input: ListInput): MailingListRecord {
  const entry = writableList(ctx, address);
  assertSettings(input);
  const next: MailingListRecord = { ...entry.value };
  for (const f of ["name", "description", "access_level", "reply_preference"] as const) if (input[f] !== undefined) next[f] = input[f]!;
  if (input.address !== undefined && input.address !== "" && key(input.address) !== key(address)) {
    assertAddress(input.address);
    if (ctx.store.lists.has(key(input.address))) throw new ListExists(input.address);
    next.address = input.address.trim();
    ctx.store.lists.delete(key(address));
    ctx.store.lists.set(key(next.address), { value: next, visibleAt: entry.visibleAt });
    const members = ctx.store.listMembers.get(key(address));
    ctx.store.listMembers.delete(key(address));
    if (members) ctx.store.listMembers.set(key(next.address), members);
  } else {
    if (input.address) next.address = input.address.trim();
    replace(entry, next, ctx.now, consistencyDelay(ctx));
  }
  ctx.world.changed();
  return next;
}

export function deleteList(ctx: Ctx, address: string): MailingListRecord {
  const entry = writableList(ctx, address);
  ctx.store.lists.delete(key(address));
  ctx.store.listMembers.delete(key(address));
  ctx.world.changed();
  return entry.value;
}

// ------------------------------------------------------------------------------------ Members

export interface MemberInput {
  address?: string;
  name?: string;
  /** The form's JSON text. */
  vars?: string;
  subscribed?: boolean;
}

function parseVars(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequest("Failed to decode JSON in 'vars' parameter");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new BadRequest("'vars' parameter must be a JSON object");
  return parsed as Record<string, unknown>;
}

function membersOf(ctx: Ctx, list: string): Map<string, Versioned<ListMemberRecord>> {
  return childMap(ctx.store.listMembers, key(list));
}

export function countMembers(ctx: Ctx, list: string): number {
  let n = 0;
  for (const entry of ctx.store.listMembers.get(key(list))?.values() ?? []) if (observe(entry, ctx.now)) n++;
  return n;
}

/** POST: a present member is an error unless `upsert`, which updates it (omitted fields stay). */
export function addMember(ctx: Ctx, list: string, input: MemberInput, upsert: boolean): { member: ListMemberRecord; created: boolean } {
  const owner = getList(ctx, list);
  if (!input.address) throw new MissingParameter("address");
  assertAddress(input.address);
  const vars = input.vars === undefined || input.vars === "" ? undefined : parseVars(input.vars);
  const members = membersOf(ctx, owner.address);
  const existing = members.get(key(input.address));
  if (existing) {
    if (!upsert) throw new MemberExists(input.address);
    return { member: updateMember(ctx, list, input.address, { ...input, address: undefined }), created: false };
  }
  const member: ListMemberRecord = { address: input.address.trim(), name: input.name ?? "", subscribed: input.subscribed ?? true, vars: vars ?? {} };
  members.set(key(member.address), fresh(member, ctx.now, consistencyDelay(ctx)));
  ctx.world.changed();
  return { member, created: true };
}

export function getMember(ctx: Ctx, list: string, address: string): ListMemberRecord {
  getList(ctx, list);
  const entry = ctx.store.listMembers.get(key(list))?.get(key(address));
  const seen = entry && observe(entry, ctx.now);
  if (!seen) throw new MemberNotFound(address, list);
  return seen;
}

/** Members in ascending address order (the order `/members/pages` pages through), optionally filtered by `subscribed`. */
export function sortedMembers(ctx: Ctx, list: string, subscribed?: boolean): ListMemberRecord[] {
  getList(ctx, list);
  const out: ListMemberRecord[] = [];
  for (const entry of ctx.store.listMembers.get(key(list))?.values() ?? []) {
    const seen = observe(entry, ctx.now);
    if (seen && (subscribed === undefined || seen.subscribed === subscribed)) out.push(seen);
  }
  return out.sort((a, b) => (key(a.address) < key(b.address) ? -1 : key(a.address) > key(b.address) ? 1 : 0));
}

export function memberKey(address: string): string {
  return key(address);
}

function writableMember(ctx: Ctx, list: string, address: string): Versioned<ListMemberRecord> {
  writableList(ctx, list);
  const entry = ctx.store.listMembers.get(key(list))?.get(key(address));
  if (!entry || !settled(entry, ctx.now)) throw new MemberNotFound(address, list);
  return entry;
}

/** PUT: omitted fields stay; `vars` replaces the whole object; a new `address` moves the member. */
export function updateMember(ctx: Ctx, list: string, address: string, input: MemberInput): ListMemberRecord {
  const entry = writableMember(ctx, list, address);
  const next: ListMemberRecord = { ...entry.value };
  if (input.name !== undefined) next.name = input.name;
  if (input.subscribed !== undefined) next.subscribed = input.subscribed;
  if (input.vars !== undefined && input.vars !== "") next.vars = parseVars(input.vars);
  const members = ctx.store.listMembers.get(key(list))!;
  if (input.address !== undefined && input.address !== "" && key(input.address) !== key(address)) {
    assertAddress(input.address);
    if (members.has(key(input.address))) throw new MemberExists(input.address);
    next.address = input.address.trim();
    members.delete(key(address));
    members.set(key(next.address), { value: next, visibleAt: entry.visibleAt });
  } else {
    replace(entry, next, ctx.now, consistencyDelay(ctx));
  }
  ctx.world.changed();
  return next;
}

export function removeMember(ctx: Ctx, list: string, address: string): ListMemberRecord {
  const entry = writableMember(ctx, list, address);
  ctx.store.listMembers.get(key(list))!.delete(key(address));
  ctx.world.changed();
  return entry.value;
}
