import { scopeKey } from "../account-scope";
import { progress } from "./freshness";
import type { Props, ResourceHandler } from "./types";
import { UNKNOWN, declaredName } from "./validation";
import { runWide } from "../run-state";

/**
 * Which Mailgun objects the resources of the current run declare or took over, so that a delete
 * never removes an object that another resource of the same stack now manages.
 *
 * The case this exists for: a resource renamed without `aliases` is, to Pulumi, a new resource
 * plus a deleted one. Once the new one adopts the object (or, for routes and webhooks, takes over
 * the identical object), the old one's delete would remove it at Mailgun while the state still
 * lists it under the new name. One provider process serves every resource of a `pulumi up`: it
 * checks every declared resource before any delete runs (deletes come last), so what `check`
 * and `create` record here is complete by the time a delete asks.
 */
const owners = runWide(new Map<string, string>());
/** Resources being replaced in this run: their delete is the old half of a replacement, and must happen. */
const replacing = runWide(new Set<string>());

function slot(kind: string, objectKey: string): string {
  // Two accounts may hold objects of the same name (a domain in each of two emulators).
  return `${scopeKey()}${kind}|${objectKey}`;
}

/** Per domain: the resources of this run that declare objects Mailgun keeps in it (`Template "welcome"`). */
const insideDomain = runWide(new Map<string, Map<string, string>>());

/** The resources of this run that declare objects inside the domain, as `Kind "name"`. */
export function declaredInDomain(domain: string): string[] {
  return [...(insideDomain.get(`${scopeKey()}${domain}`)?.values() ?? [])].sort();
}

/** The slot each named resource declared last, so a resource checked again with another key frees its old one. */
const declaredSlot = runWide(new Map<string, string>());

/** A resource of this run declares (or took over) the object; `name` is its logical name when known. */
export function declareOwner(kind: string, objectKey: string, name: string | undefined): void {
  const k = slot(kind, objectKey);
  if (name !== undefined) {
    const byName = `${scopeKey()}${kind}|${name}`;
    const earlier = declaredSlot.get(byName);
    if (earlier !== undefined && earlier !== k && owners.get(earlier) === name) owners.delete(earlier);
    declaredSlot.set(byName, k);
  }
  if (!owners.has(k) || name !== undefined) owners.set(k, name ?? "");
}

/**
 * The other resource of this run that already declares the object, when there is one: two
 * resources of one stack must never manage one Mailgun object (each would take it over, and
 * either's delete would remove the other's). Names are only known for resources of the SDK.
 */
export function declaredTwice(kind: string, objectKey: string, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const other = owners.get(slot(kind, objectKey));
  return other && other !== name ? other : undefined;
}

/** `diff` decided to replace the resource with this id: its coming delete is wanted. */
export function markReplacing(kind: string, id: string): void {
  replacing.add(slot(kind, id));
}

/**
 * Describes the other resource of this run that manages the object the resource `id` would
 * delete, or undefined when the delete should go ahead.
 */
export function managedElsewhere(kind: string, objectKey: string, id: string): string | undefined {
  if (replacing.has(slot(kind, id))) return undefined;
  const owner = owners.get(slot(kind, objectKey));
  if (owner === undefined) return undefined;
  return owner ? `${kind} "${owner}"` : `another ${kind} of this stack`;
}

/** The message of a delete that was skipped because another resource manages the object. */
export function keptMessage(what: string, owner: string): string {
  return (
    `kept ${what} at Mailgun: ${owner} manages it now, so deleting this resource only removes it from the stack. ` +
    `(A renamed resource looks to Pulumi like a new one plus a deleted one; next time add aliases: [{ name: "<old name>" }] to the renamed resource.)`
  );
}

/** What follows `prefix` in the object keys of `kind` that resources of this run declare (a list's members: `<region>/<list>/`). */
export function declaredUnder(kind: string, prefix: string): string[] {
  const start = slot(kind, prefix);
  return [...owners.keys()].filter((k) => k.startsWith(start)).map((k) => k.slice(start.length));
}

/** Whether a resource of this run declares the object (named or not). */
export function isDeclared(kind: string, objectKey: string): boolean {
  return owners.has(slot(kind, objectKey));
}

/** The logical name of the resource of this run that declares the object, if known. */
export function declaredBy(kind: string, objectKey: string): string | undefined {
  return owners.get(slot(kind, objectKey)) || undefined;
}

/** Names the key fields in brackets (never as the failure's property: the engine would print their values). */
function twiceMessage<O extends object>(kind: string, h: Pick<ResourceHandler<object, O>, "keyFields" | "describeObject">, inputs: Partial<O>, names: string[]): string {
  const fields = (h.keyFields ?? []).map((f) => `[${f}]`).join(" ");
  const what = h.describeObject?.(inputs, "") ?? `the same ${kind}`;
  const [a, b] = names.sort();
  return `${kind}: ${fields ? `${fields} ` : ""}${kind} resources "${a}" and "${b}" both declare ${what} (as Mailgun names it: case and spelling aside); ` +
    `declare it once. Two resources cannot manage one Mailgun object: each would take it over, and deleting either would take it from the other.`;
}

function known(key: string | undefined): key is string {
  return key !== undefined && !key.includes(UNKNOWN);
}

/**
 * The handler with the ownership guard around it: check records the object each declared
 * resource stands for, diff records replacements, and delete leaves an object alone (saying so)
 * when another resource of the run manages it. Every kind with an objectKey gets this.
 */
export function withOwnershipGuard<I extends object, O extends object>(kind: string, h: ResourceHandler<I, O>): ResourceHandler<I, O> {
  const objectKey = h.objectKey;
  if (!objectKey) return h;
  return {
    ...h,
    async check(olds, news) {
      const result = await h.check(olds, news);
      const key = result.inputs && !result.failures?.length ? objectKey(result.inputs as Partial<O>) : undefined;
      if (!known(key)) return result;
      const name = declaredName(news);
      // Only kinds whose key is one Mailgun object (keyFields): account webhooks may share a URL.
      const other = h.keyFields ? declaredTwice(kind, key, name) : undefined;
      if (other !== undefined) return { failures: [{ property: "", reason: twiceMessage(kind, h, result.inputs as Partial<O>, [other, name!]) }] };
      declareOwner(kind, key, name);
      const domain = h.domainOf?.(result.inputs as Partial<O>);
      if (domain && !domain.includes(UNKNOWN)) {
        const inside = insideDomain.get(`${scopeKey()}${domain}`) ?? new Map<string, string>();
        inside.set(`${kind}|${name ?? key}`, name ? `${kind} "${name}"` : `a ${kind}`);
        insideDomain.set(`${scopeKey()}${domain}`, inside);
      }
      return result;
    },
    async diff(id, olds, news) {
      const result = await h.diff(id, olds, news);
      if (result.replaces?.length) markReplacing(kind, id);
      return result;
    },
    async delete(id, props) {
      const key = objectKey(props, id);
      const owner = known(key) ? managedElsewhere(kind, key, id) : undefined;
      if (owner) return progress(keptMessage(h.describeObject?.(props, id) ?? `the ${kind}'s object`, owner));
      return h.delete(id, props);
    },
  };
}

export type { Props };
