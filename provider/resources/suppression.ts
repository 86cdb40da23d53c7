/**
 * What every suppression resource (Bounce, Unsubscribe, Complaint, SuppressionAllowlist) does
 * the same way. Each is one entry of a domain's table (`/v3/{domain}/<table>`), keyed by its
 * address (the allowlist's: address or domain). Mailgun's POST is an upsert, so:
 *
 * - a create first looks for the entry: one that exists already (Mailgun records bounces,
 *   unsubscribes and complaints on its own) is refused unless `adopt: true`, which takes it over;
 * - the POST itself can be sent again after an ambiguous failure: a second write of the same
 *   entry changes nothing, and no earlier attempt of this create can be taken for someone else's
 *   entry, because the entry was absent when the create began;
 * - an update is the same POST (plus, for unsubscribes, removing tags no longer declared).
 *
 * Reads use one GET per entry, or the domain's table listed once per operation when several
 * resources of the operation read the same table (listings.ts): 1,000 entries a call.
 */
import { z } from "zod";
import type { SuppressionEntry, SuppressionTable } from "../client/client";
import { isNotFound } from "../client/errors";
import type { Suppression } from "../client/schemas";
import type { Region } from "../config";
import { client } from "../runtime";
import { fieldDiff } from "./diff";
import { readAfterWrite } from "./freshness";
import { domainSuppressions } from "./listings";
import { declaredBy } from "./ownership";
import { CheckFailure, Props, ResourceHandler, inputsFrom } from "./types";
import { UNKNOWN, checkRegional, declaredName } from "./validation";
import { runWide } from "../run-state";

export interface SuppressionInputs {
  domain: string;
  region: Region;
  adopt?: boolean;
}
export type SuppressionOutputs<I extends SuppressionInputs> = I & {
  /** When this provider last wrote the entry (epoch ms): a read soon after waits out Mailgun's stale listings. */
  writtenAt?: number;
};

/** What one kind says about itself; everything else is shared. */
export interface SuppressionKind<I extends SuppressionInputs> {
  /** The resource kind, as messages and check failures name it. */
  kind: string;
  table: SuppressionTable;
  /** How messages name an entry: "bounce", "allowlist entry". */
  noun: string;
  schema: z.ZodObject;
  /** Inputs compared by diff, and those of them whose change replaces the entry. */
  fields: readonly string[];
  replaces: readonly string[];
  /** The entry's key at Mailgun: its address (allowlist: address or domain), lower case. */
  key(i: I): string;
  /** What the POST sends. */
  entry(i: I): SuppressionEntry;
  /** The inputs as the live entry shows them (its own fields over the recorded ones). */
  live(e: Suppression, recorded: I): I;
  /**
   * Whole-input checks beyond the schema (exactly one of two fields), on the inputs as given: they
   * are reported along with the schema's failures, not hidden by them.
   */
  refine?(news: Props): CheckFailure | undefined;
  /** After the POST: what it cannot do on its own (an unsubscribe's tags no longer declared). `before`: the entry as it was. */
  afterPost?(i: I, before: Suppression | undefined): Promise<void>;
}

const OTHER_REGION: Record<Region, Region> = { us: "eu", eu: "us" };

export function idOf(domain: string, key: string): string {
  return `${domain}/${key}`;
}

/** The shared handler of one suppression kind. */
export function suppressionHandler<I extends SuppressionInputs>(k: SuppressionKind<I>): ResourceHandler<I, SuppressionOutputs<I>> {
  const listing = (i: I) => domainSuppressions(i.region, i.domain, k.table);

  /** The entry now, or undefined. `fresh`: a GET whatever the operation shares (a retry waiting for Mailgun to show a write). */
  async function find(i: I, fresh = false): Promise<Suppression | undefined> {
    const key = k.key(i);
    const l = listing(i);
    if (!fresh && l.worthListing()) return (await l.items()).find((e) => e.id === key);
    return client().suppressions.find(i.region, i.domain, k.table, key);
  }

  function outputsOf(i: I): SuppressionOutputs<I> {
    const outs: SuppressionOutputs<I> = { ...i, writtenAt: Date.now() };
    if (i.adopt === undefined) delete outs.adopt;
    return outs;
  }

  function existsAdvice(i: I): string {
    const resource = declaredBy(k.kind, objectKey(i) ?? "") ?? "<this resource>";
    const key = k.key(i);
    return [
      `${key} is already in the ${k.table} of ${i.domain} (region ${i.region}), and not by this resource: Mailgun records ${k.table === "whitelists" ? "allowlist entries made in the dashboard" : `${k.table} on its own as mail is sent`}, or it was added by hand or by another stack.`,
      `If you renamed this ${k.kind} resource in the program (its first argument), tell Pulumi it is the same resource:`,
      `    new mailgun.${k.kind}("${resource}", { ... }, { aliases: [{ name: "<the old resource name>" }] });`,
      `Otherwise set adopt: true on this ${k.kind} to bring the entry under Pulumi: it is then set to this resource's values, and pulumi destroy removes it from the ${k.table}, which lifts the suppression (add the resource option retainOnDelete: true to keep it).`,
    ].join("\n");
  }

  /** The POST, on a domain that may be moments old: a 404 is waited out, unless the domain answers in the other region. */
  async function post(i: I): Promise<void> {
    const c = client();
    try {
      await c.suppressions.add(i.region, i.domain, k.table, k.entry(i));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      const other = OTHER_REGION[i.region];
      if (await c.domains.find(other, i.domain)) {
        throw new Error(`domain ${i.domain} not found in region ${i.region}: it lives in region ${other}. Set region: "${other}" on this ${k.kind}.`);
      }
      await c.suppressions.add(i.region, i.domain, k.table, k.entry(i), { expectExists: true });
    }
  }

  async function write(i: I, before: Suppression | undefined): Promise<void> {
    await post(i);
    await k.afterPost?.(i, before);
    const key = k.key(i);
    const e = k.entry(i);
    listing(i).wrote({ address: key, id: key, code: e.code, error: e.error, tags: e.tags, type: e.domain ? "domain" : "address", createdAt: undefined });
  }

  function objectKey(p: Partial<I>): string | undefined {
    if (!p.region || !p.domain) return undefined;
    const key = k.key(p as I);
    return key ? `${p.region}|${p.domain}|${key}` : undefined;
  }

  const shows = (e: Suppression | undefined, i: I) => e !== undefined && fieldDiffLive(k, e, i);

  return {
    stepCalls: { read: "shared" },
    async check(_olds, news) {
      const result = checkRegional(k.schema, news, k.kind);
      const failure = k.refine?.(news) ?? (result.inputs ? declaredTwice(k, result.inputs as I, declaredName(news)) : undefined);
      return failure ? { failures: [...(result.failures ?? []), failure] } : result;
    },

    diff: fieldDiff(k.fields, k.replaces),

    async create(inputs) {
      const existing = await find(inputs);
      if (existing && !inputs.adopt) throw new Error(existsAdvice(inputs));
      // An adopted entry that is already as declared needs no write.
      if (!existing || !shows(existing, inputs)) await write(inputs, existing);
      return { id: idOf(inputs.domain, k.key(inputs)), outs: outputsOf(inputs) };
    },

    async read(id, props) {
      let attempt = 0;
      const found = await readAfterWrite(props.writtenAt, () => find(props, attempt++ > 0), (e) => shows(e, props));
      if (!found) return {};
      const outs: SuppressionOutputs<I> = { ...props, ...k.live(found, props) };
      const inputs = inputsFrom(outs, [...k.fields, "adopt"]);
      return { id, props: outs, inputs: inputs as I };
    },

    async update(_id, olds, news) {
      // `olds` is the entry as last recorded or refreshed; one removed by hand since is written anew.
      await write(news, { ...k.entry(olds), address: k.key(olds) } as Suppression);
      const outs = outputsOf(news);
      return { outs };
    },

    async delete(_id, props) {
      const key = k.key(props);
      // Before the call: a create of the same entry reading the shared listing meanwhile must not find it.
      listing(props).deleted(key);
      await client().suppressions.delete(props.region, props.domain, k.table, key);
    },

    objectKey,
    describeObject: (props, id) => `${k.noun} ${props.domain && props.region ? k.key(props as I) : id} on ${props.domain ?? "?"}`,
    domainOf: (props) => props.domain,
  };
}

/** Which resource of this run declares each entry (kind|region|domain|key -> logical name). */
const declared = runWide(new Map<string, string>());

/**
 * Two resources of one program for the same entry would fight over it (and the first destroy
 * would lift the other's suppression): refused at preview, naming both. The provider process
 * checks every resource of a run, so the second one checked is refused.
 */
function declaredTwice<I extends SuppressionInputs>(k: SuppressionKind<I>, i: I, name: string | undefined): CheckFailure | undefined {
  const key = k.key(i);
  if (!name || !key || [i.domain, i.region, key].some((v) => v === UNKNOWN)) return undefined;
  const slot = `${k.kind}|${i.region}|${i.domain}|${key}`;
  const other = declared.get(slot);
  if (other === undefined || other === name) {
    declared.set(slot, name);
    return undefined;
  }
  const field = k.table === "whitelists" && (i as Props).address === undefined ? "allowedDomain" : "address";
  return {
    property: "",
    reason: `${k.kind}: [${field}] ${key} on ${i.domain} is declared by both ${k.kind} "${other}" and ${k.kind} "${name}"; an entry can be one resource only: remove one of them`,
  };
}

/** Whether the live entry shows what the inputs declare (every compared field but the key ones). */
function fieldDiffLive<I extends SuppressionInputs>(k: SuppressionKind<I>, e: Suppression, i: I): boolean {
  const live = k.live(e, i) as Props;
  return k.fields.every((f) => JSON.stringify(live[f]) === JSON.stringify((i as Props)[f]));
}
