import { createHash } from "node:crypto";
import { z } from "zod";
import type { ApiKey, ApiKeyWithSecret } from "../client/schemas";
import { client } from "../runtime";
import type { Region } from "../config";
import { fieldDiff } from "./diff";
import { progress, readAfterWrite } from "./freshness";
import { Props, ResourceHandler, asProps } from "./types";
import { checkRegional, domainName, region } from "./validation";
import { domainKeysIn } from "./listings";

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

export const sendingKeyInputs = z
  .object({
    domain: domainName,
    description: z.string({ error: "description must be a string" }).max(200, { error: "description must be at most 200 characters" }).default(""),
    expiration: z
      .number({ error: "expiration must be a number of seconds, e.g. 7776000 for 90 days" })
      .int({ error: "expiration must be a whole number of seconds" })
      .positive({ error: "expiration must be more than 0 seconds; leave it out for a key that does not expire" })
      .max(TEN_YEARS_S, { error: `expiration must be at most ${TEN_YEARS_S} seconds (10 years)` })
      .optional(),
    rotation: z.string({ error: "rotation must be a string (change it to rotate the key)" }).optional(),
    region: region.optional(),
    ownerTag: z.string().optional(),
  })
  .strict();

export type SendingKeyInputs = z.output<typeof sendingKeyInputs> & { region: Region };
export interface SendingKeyOutputs extends SendingKeyInputs {
  keyId: string;
  secret: string;
  createdAt: string;
  expiresAt?: string;
  /** When this provider created the key (epoch ms): a read soon after waits out Mailgun's stale listings. */
  writtenAt?: number;
}

/** Mailgun has no update for API keys: every change makes a new key (created before the old one is deleted). */
const FIELDS = ["domain", "description", "expiration", "rotation", "region"] as const;

/**
 * A marker appended to the description stored at Mailgun. It identifies the keys one resource
 * configuration created, so a create that was interrupted (or failed ambiguously) can find the
 * key it left behind. Such a key is useless (Mailgun showed its secret once, to nobody), so it is deleted.
 */
export function markerOf(i: SendingKeyInputs): string {
  const basis = JSON.stringify([i.ownerTag ?? "", i.region, i.domain, i.description, i.expiration ?? null, i.rotation ?? null]);
  return `[pulumi:${createHash("sha256").update(basis).digest("hex").slice(0, 12)}]`;
}

export function stripMarker(description: string | undefined | null): string {
  return (description ?? "").replace(/\s*\[pulumi:[0-9a-f]{12}\]$/, "");
}

function mailgunDescription(i: SendingKeyInputs): string {
  return i.description ? `${i.description} ${markerOf(i)}` : markerOf(i);
}

/** Keys this process created: whatever their marker, never an interrupted create's leftover. */
const created = new Set<string>();

/**
 * Deletes the keys an interrupted create of this configuration left behind (the marker names the
 * domain, so the region's listing of every domain's keys serves). That listing is shared by the whole operation (listings.ts): such keys predate this process.
 *
 * `fresh` lists anew, for an ambiguous create: the key its first attempt may have made is newer
 * than the shared listing. `keep`: the key just created. After an ambiguous create the earlier
 * attempt's key may not be listed yet; once the listing shows the new key it shows every older
 * one too, so wait for that.
 */
async function deleteLeftovers(i: SendingKeyInputs, { fresh = false, keep }: { fresh?: boolean; keep?: string } = {}): Promise<void> {
  const marker = markerOf(i);
  const shared = domainKeysIn(i.region);
  const list = () => client().listKeys(i.region, { domain_name: i.domain, kind: "domain" });
  const keys = keep ? await readAfterWrite(Date.now(), list, (ks) => ks.some((k) => k.id === keep)) : fresh ? await list() : await shared.items();
  for (const key of keys.filter((k) => k.id !== keep && !created.has(k.id) && (k.description ?? "").endsWith(marker))) {
    progress(`deleting sending key ${key.id} of ${i.domain}: an interrupted create left it behind, and its secret was never recorded`);
    // Before the call: another create of this configuration reading the shared listing meanwhile must not delete it again.
    shared.deleted(key.id);
    await client().deleteKey(i.region, key.id);
  }
}

/** A key as the listing shows it: never the secret. */
function listed(key: ApiKeyWithSecret): ApiKey {
  const { secret: _secret, ...rest } = key;
  return rest;
}

function outputsOf(i: SendingKeyInputs, key: ApiKey, secret: string): SendingKeyOutputs {
  const outs: SendingKeyOutputs = { ...i, keyId: key.id, secret, createdAt: key.created_at ?? "" };
  if (key.expires_at) outs.expiresAt = key.expires_at;
  return outs;
}

export const sendingKeyHandler: ResourceHandler<SendingKeyInputs, SendingKeyOutputs> = {
  async check(_olds, news) {
    return checkRegional(sendingKeyInputs, news, "SendingKey");
  },

  diff: fieldDiff(FIELDS, FIELDS),

  async create(inputs) {
    await deleteLeftovers(inputs);
    let ambiguous = false;
    const key = await client().createKey(
      inputs.region,
      { role: "sending", kind: "domain", domain_name: inputs.domain, description: mailgunDescription(inputs), expiration: inputs.expiration },
      { recover: async () => ((ambiguous = true), await deleteLeftovers(inputs, { fresh: true }), undefined) },
    );
    created.add(key.id);
    domainKeysIn(inputs.region).wrote(listed(key));
    if (ambiguous) await deleteLeftovers(inputs, { keep: key.id });
    return { id: key.id, outs: { ...outputsOf(inputs, key, key.secret), writtenAt: Date.now() } };
  },

  async read(id, props) {
    // The first attempt reads the listing the operation shares; a retry (waiting for Mailgun to show this provider's new key) lists anew.
    let attempt = 0;
    const list = () => (attempt++ === 0 ? domainKeysIn(props.region).items() : client().listKeys(props.region, { domain_name: props.domain, kind: "domain" }));
    const keys = await readAfterWrite(props.writtenAt, list, (ks) => ks.some((k) => k.id === id));
    const key = keys.find((k) => k.id === id);
    if (!key) return {};
    // The secret is shown only at creation: keep the one recorded then.
    const outs = outputsOf({ ...props, domain: key.domain_name ?? props.domain, description: stripMarker(key.description) }, key, props.secret);
    const inputs: Props = {};
    for (const f of [...FIELDS, "ownerTag"]) if (asProps(outs)[f] !== undefined) inputs[f] = asProps(outs)[f];
    return { id, props: outs, inputs: inputs as SendingKeyInputs };
  },

  async update(_id, olds, news) {
    // Only the owner tag can change without a replacement; nothing to send to Mailgun.
    return { outs: { ...olds, ownerTag: news.ownerTag } };
  },

  async delete(id, props) {
    await client().deleteKey(props.region, id);
    domainKeysIn(props.region).deleted(id);
  },
};
