import { z } from "zod";
import type { ApiKey } from "../client/schemas";
import type { Region } from "../config";
import { fieldDiff } from "./diff";
import { KeyPlace, createManagedKey, deleteManagedKey, findManagedKey, markerFor, stripMarker } from "./managed-keys";
import { ResourceHandler, inputsFrom } from "./types";
import { checkRegional } from "./validation";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { sendingKeyFields } from "./fields/keys";

export const sendingKeyInputs = inputSchema(sendingKeyFields);

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
const FIELDS = diffedFields(sendingKeyFields);
const REPLACES = replacingFields(sendingKeyFields);

/** The marker of this configuration's keys at Mailgun (managed-keys.ts). */
export function markerOf(i: SendingKeyInputs): string {
  return markerFor([i.ownerTag ?? "", i.region, i.domain, i.description, i.expiration ?? null, i.rotation ?? null]);
}

export { stripMarker };

function place(i: { region: Region; domain: string }): KeyPlace {
  return { region: i.region, kind: "domain", domain: i.domain };
}

function outputsOf(i: SendingKeyInputs, key: ApiKey, secret: string): SendingKeyOutputs {
  const outs: SendingKeyOutputs = { ...i, keyId: key.id, secret, createdAt: key.created_at ?? "" };
  if (key.expires_at) outs.expiresAt = key.expires_at;
  return outs;
}

export const sendingKeyHandler: ResourceHandler<SendingKeyInputs, SendingKeyOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    return checkRegional(sendingKeyInputs, news, "SendingKey");
  },

  diff: fieldDiff(FIELDS, REPLACES),

  async create(inputs) {
    const key = await createManagedKey({
      ...place(inputs),
      params: { role: "sending", expiration: inputs.expiration },
      description: inputs.description,
      marker: markerOf(inputs),
      noun: "sending key",
    });
    return { id: key.id, outs: { ...outputsOf(inputs, key, key.secret), writtenAt: Date.now() } };
  },

  async read(id, props) {
    const key = await findManagedKey(place(props), id, props.writtenAt);
    if (!key) return {};
    // The secret is shown only at creation: keep the one recorded then.
    const outs = outputsOf({ ...props, domain: key.domain_name ?? props.domain, description: stripMarker(key.description) }, key, props.secret);
    const inputs = inputsFrom(outs, [...FIELDS, "ownerTag"]);
    return { id, props: outs, inputs: inputs as SendingKeyInputs };
  },

  async update(_id, olds, news) {
    // Only the owner tag can change without a replacement; nothing to send to Mailgun.
    return { outs: { ...olds, ownerTag: news.ownerTag } };
  },

  async delete(id, props) {
    await deleteManagedKey(place(props), id);
  },

  // Mailgun deletes a domain's sending keys with the domain: the Domain's delete refuses while one is declared.
  domainOf: (props) => props.domain,
};
