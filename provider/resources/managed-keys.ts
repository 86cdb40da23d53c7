/**
 * What every `/v1/keys` resource (SendingKey, ApiKey) does the same way. Mailgun cannot edit a
 * key, shows its secret only in the create answer, and has no GET by id: so a key is made once
 * per configuration, found again through the listing, and a create that was interrupted (or
 * failed ambiguously) is cleaned up by a marker in the description.
 */
import { createHash } from "node:crypto";
import type { ApiKey, ApiKeyWithSecret } from "../client/schemas";
import type { CreateKeyParams } from "../client/params";
import { client } from "../runtime";
import type { Region } from "../config";
import { progress, readAfterWrite } from "./freshness";
import { SharedListing, keysIn } from "./listings";
import { runWide } from "../run-state";

export type KeyKind = "user" | "domain" | "web";

/** Where a key is listed: a domain's keys (domain kind) or the account's keys of one kind. */
export interface KeyPlace {
  region: Region;
  kind: KeyKind;
  /** The domain of a `domain` key. */
  domain?: string;
}

/** A key as one resource configuration wants it. */
export interface KeyRequest extends KeyPlace {
  /** What Mailgun is sent, but the description: that one gets the marker. */
  params: Omit<CreateKeyParams, "description" | "kind" | "domain_name">;
  description: string;
  /** Digest of the configuration (`markerFor`). */
  marker: string;
  /** How progress messages name such a key: "sending key", "API key". */
  noun: string;
}

/**
 * A marker appended to the description stored at Mailgun. It identifies the keys one resource
 * configuration created, so a create that was interrupted (or failed ambiguously) can find the
 * key it left behind. Such a key is useless (Mailgun showed its secret once, to nobody), so it is
 * deleted. `basis` lists everything that identifies the configuration (owner tag, fields).
 */
export function markerFor(basis: unknown[]): string {
  return `[pulumi:${createHash("sha256").update(JSON.stringify(basis)).digest("hex").slice(0, 12)}]`;
}

export function stripMarker(description: string | undefined | null): string {
  return (description ?? "").replace(/\s*\[pulumi:[0-9a-f]{12}\]$/, "");
}

function mailgunDescription(k: KeyRequest): string {
  return k.description ? `${k.description} ${k.marker}` : k.marker;
}

/** The listing the operation shares for keys of this kind in the region (every domain's, for domain keys: the marker names the domain). */
function shared(p: KeyPlace): SharedListing<ApiKey> {
  return keysIn(p.region, p.kind);
}

function listAnew(p: KeyPlace): Promise<ApiKey[]> {
  return p.kind === "domain" ? client().keys.list(p.region, { domain_name: p.domain, kind: "domain" }) : client().keys.list(p.region, { kind: p.kind });
}

function where(p: KeyPlace): string {
  return p.domain ? ` of ${p.domain}` : "";
}

/** Keys this process created: whatever their marker, never an interrupted create's leftover. */
const created = runWide(new Set<string>());

/**
 * Deletes the keys an interrupted create of this configuration left behind. The listing is shared
 * by the whole operation (listings.ts): such keys predate this process.
 *
 * `fresh` lists anew, for an ambiguous create: the key its first attempt may have made is newer
 * than the shared listing. `keep`: the key just created. After an ambiguous create the earlier
 * attempt's key may not be listed yet; once the listing shows the new key it shows every older
 * one too, so wait for that.
 */
async function deleteLeftovers(k: KeyRequest, { fresh = false, keep }: { fresh?: boolean; keep?: string } = {}): Promise<void> {
  const listing = shared(k);
  const list = () => listAnew(k);
  const keys = keep ? await readAfterWrite(Date.now(), list, (ks) => ks.some((x) => x.id === keep)) : fresh ? await list() : await listing.items();
  // A disabled key with the marker is not a leftover (a create just made makes an enabled key): it is the one a
  // replacement of the same configuration is about to delete, after the new key exists.
  const leftovers = keys.filter((x) => x.id !== keep && !created.has(x.id) && !x.is_disabled && (x.description ?? "").endsWith(k.marker));
  for (const key of leftovers) {
    progress(`deleting ${k.noun} ${key.id}${where(k)}: an interrupted create left it behind, and its secret was never recorded`);
    // Before the call: another create of this configuration reading the shared listing meanwhile must not delete it again.
    listing.deleted(key.id);
    await client().keys.delete(k.region, key.id);
  }
}

/** A key as the listing shows it: never the secret. */
function listed(key: ApiKeyWithSecret): ApiKey {
  const { secret: _secret, ...rest } = key;
  return rest;
}

/** Makes the key (after deleting what an interrupted create of the same configuration left); the answer carries the secret. */
export async function createManagedKey(k: KeyRequest): Promise<ApiKeyWithSecret> {
  await deleteLeftovers(k);
  let ambiguous = false;
  const key = await client().keys.create(
    k.region,
    { ...k.params, kind: k.kind, domain_name: k.domain, description: mailgunDescription(k) },
    { recover: async () => ((ambiguous = true), await deleteLeftovers(k, { fresh: true }), undefined) },
  );
  created.add(key.id);
  shared(k).wrote(listed(key));
  if (ambiguous) await deleteLeftovers(k, { keep: key.id });
  return key;
}

/**
 * The key as Mailgun lists it now, or undefined when it is gone. The first attempt reads the
 * listing the operation shares; a retry (waiting, within the consistency budget after this
 * provider's own create at `writtenAt`, for Mailgun to show the new key) lists anew.
 */
export async function findManagedKey(p: KeyPlace, id: string, writtenAt: number | undefined): Promise<ApiKey | undefined> {
  let attempt = 0;
  const list = () => (attempt++ === 0 ? shared(p).items() : listAnew(p));
  const keys = await readAfterWrite(writtenAt, list, (ks) => ks.some((x) => x.id === id));
  return keys.find((x) => x.id === id);
}

export async function deleteManagedKey(p: KeyPlace, id: string): Promise<void> {
  await client().keys.delete(p.region, id);
  shared(p).deleted(id);
}
