/**
 * Subaccounts (`/v5/accounts/subaccounts`, OpenAPI tag Subaccounts): child accounts of the
 * account, each with its own objects. A request that carries `X-Mailgun-On-Behalf-Of: <id>`
 * (mailgun.js `mg.setSubaccount(id)`) acts on that subaccount's objects, so each subaccount is a
 * whole World of its own (domains, routes, webhooks, keys, templates, lists, ...), authenticated
 * by the parent's keys. Not persisted with `dataFile` (a limit of the emulator).
 */
import { BadRequest, MailgunError, NotFound } from "../errors";
import { objectId, rfc1123 } from "../formats";
import { World } from "../store";

export interface SubaccountRecord {
  id: string;
  name: string;
  status: "open" | "disabled" | "closed";
  created_at: string;
  updated_at: string;
}

interface Entry {
  record: SubaccountRecord;
  world: World;
}

const registries = new WeakMap<World, Map<string, Entry>>();

function registry(parent: World): Map<string, Entry> {
  let r = registries.get(parent);
  if (!r) registries.set(parent, (r = new Map()));
  return r;
}

/** spec: the 404 examples of the subaccount endpoints. */
function notFound(): MailgunError {
  return new NotFound("Not Found");
}

function entryOf(parent: World, id: string): Entry {
  const e = registry(parent).get(id);
  if (!e) throw notFound();
  return e;
}

export function createSubaccount(parent: World, name: string | undefined, now: number): SubaccountRecord {
  if (!name || !name.trim()) throw new BadRequest("Bad request");
  const at = rfc1123(now);
  const record: SubaccountRecord = { id: objectId(now), name: name.trim(), status: "open", created_at: at, updated_at: at };
  const world = new World();
  // Its changes are the emulator's changes (request log `applied`, persistence revision).
  world.onChange(() => parent.changed());
  registry(parent).set(record.id, { record, world });
  parent.changed();
  return { ...record };
}

export function getSubaccount(parent: World, id: string): SubaccountRecord {
  return { ...entryOf(parent, id).record };
}

export interface SubaccountQuery {
  sort?: string;
  filter?: string;
  limit?: number;
  skip?: number;
  enabled?: boolean;
  closed?: boolean;
}

export function listSubaccounts(parent: World, q: SubaccountQuery): { subaccounts: SubaccountRecord[]; total: number } {
  let all = [...registry(parent).values()].map((e) => ({ ...e.record }));
  if (q.filter) all = all.filter((s) => s.name.toLowerCase().includes(q.filter!.toLowerCase()));
  if (q.enabled !== undefined) all = all.filter((s) => (s.status === "open") === q.enabled);
  if (q.closed !== undefined) all = all.filter((s) => (s.status === "closed") === q.closed);
  if (q.sort === "asc" || q.sort === "desc") {
    all.sort((a, b) => a.name.localeCompare(b.name));
    if (q.sort === "desc") all.reverse();
  }
  const skip = q.skip ?? 0;
  const limit = q.limit ?? 10;
  if (limit < 1 || limit > 1000) throw new BadRequest("Bad request");
  return { subaccounts: all.slice(skip, skip + limit), total: all.length };
}

export function setSubaccountEnabled(parent: World, id: string, enabled: boolean, now: number): SubaccountRecord {
  const e = entryOf(parent, id);
  if (!enabled && e.record.status === "disabled") throw new BadRequest("subaccount is already disabled");
  e.record.status = enabled ? "open" : "disabled";
  e.record.updated_at = rfc1123(now);
  parent.changed();
  return { ...e.record };
}

/** DELETE /v5/accounts/subaccounts with the header: the subaccount and all its objects go. */
export function deleteSubaccount(parent: World, id: string | undefined): void {
  if (!id) throw new BadRequest("Bad request");
  if (!registry(parent).delete(id)) throw notFound();
  parent.changed();
}

/**
 * The World a request acts on for `X-Mailgun-On-Behalf-Of: id`, sharing the parent's knobs, or
 * undefined when the id is no open subaccount of the parent.
 */
export function subaccountWorld(parent: World, id: string): World | undefined {
  const e = registry(parent).get(id);
  if (!e || e.record.status !== "open") return undefined;
  e.world.knobs = parent.knobs;
  e.world.prng = parent.prng;
  return e.world;
}

/** `/_emulator/reset`: the subaccounts go with the rest of the data. */
export function resetSubaccounts(parent: World): void {
  registry(parent).clear();
}
