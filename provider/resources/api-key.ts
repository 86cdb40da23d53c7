import { z } from "zod";
import type { ApiKey as ListedKey } from "../client/schemas";
import type { Region } from "../config";
import { diffFields, toDiffResult } from "./diff";
import {
  KeyKind, KeyPlace, createManagedKey, deleteManagedKey, findManagedKey, markerFor,
  stripMarker,
} from "./managed-keys";
import { CheckFailure, Props, ResourceHandler, asProps, inputsFrom } from "./types";
import { UNKNOWN, checkRegional, failureFor } from "./validation";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { apiKeyFields, KEY_ROLES } from "./fields/keys";

export { KEY_KINDS, KEY_ROLES } from "./fields/keys";
/** Mailgun's default and maximum validity of a web key (spec, POST /v1/keys). */
export const WEB_KEY_MAX_SECONDS = 86_400;

export const apiKeyInputs = inputSchema(apiKeyFields);

export type ApiKeyInputs = z.output<typeof apiKeyInputs> & { region: Region };
export interface ApiKeyOutputs extends ApiKeyInputs {
  keyId: string;
  secret: string;
  createdAt: string;
  expiresAt?: string;
  /** Whether Mailgun has disabled the key (in the dashboard, or by Mailgun itself); a disabled key is replaced. */
  isDisabled: boolean;
  /** When this provider created the key (epoch ms): a read soon after waits out Mailgun's stale listings. */
  writtenAt?: number;
}

/** Mailgun cannot edit a key: every change makes a new key (created before the old one is deleted). */
const FIELDS = diffedFields(apiKeyFields);
const REPLACES = replacingFields(apiKeyFields);

/**
 * Rules between fields, each naming the field to fix. Fields not known yet at preview are
 * skipped; the check runs again once they are.
 */
function crossFieldProblems(i: Props, news: Props): CheckFailure[] {
  const known = (f: string) => i[f] !== UNKNOWN && news[f] !== UNKNOWN;
  const set = (f: string) => i[f] !== undefined;
  const out: CheckFailure[] = [];
  const fail = (f: string, m: string) => out.push(failureFor("ApiKey", [f], m, news));
  if (!known("kind") || !known("role")) return out;
  const kind = i.kind as KeyKind;
  if (i.role === "sending" && kind !== "domain") fail("role", `role "sending" is only for kind "domain" keys (domain sending keys); for a kind "${kind}" key use admin, basic or developer`);
  if (kind === "domain" && i.role !== "sending") fail("role", `kind "domain" keys are domain sending keys: set role: "sending" (or kind: "user" for a ${String(i.role)} key)`);
  if (kind === "domain" && !set("domainName") && known("domainName")) fail("domainName", `domainName is required for kind "domain": the domain the key may send for, e.g. mg.example.com`);
  if (kind !== "domain" && set("domainName")) fail("domainName", `domainName applies only to kind "domain" keys; remove it, or set kind: "domain" and role: "sending"`);
  for (const f of ["email", "userId"]) {
    if (kind === "web" && !set(f) && known(f)) fail(f, `${f} is required for kind "web" keys: Mailgun asks for the email and id of the user a web key is for`);
    if (kind !== "web" && set(f)) fail(f, `${f} applies only to kind "web" keys; remove it`);
  }
  if (kind === "web" && typeof i.expiration === "number" && i.expiration > WEB_KEY_MAX_SECONDS) {
    fail("expiration", `expiration of a kind "web" key is at most ${WEB_KEY_MAX_SECONDS} seconds (1 day): Mailgun caps web keys at one day`);
  }
  return out;
}

/** The marker of this configuration's keys at Mailgun. "ApiKey" keeps it apart from a SendingKey of the same name and fields. */
export function markerOf(i: ApiKeyInputs): string {
  return markerFor([
    "ApiKey", i.ownerTag ?? "", i.region, i.role, i.kind, i.domainName ?? null, i.description, i.expiration ?? null,
    i.email ?? null, i.userId ?? null, i.userName ?? null, i.rotation ?? null,
  ]);
}

function place(i: { region: Region; kind: KeyKind; domainName?: string }): KeyPlace {
  return i.kind === "domain" ? { region: i.region, kind: "domain", domain: i.domainName } : { region: i.region, kind: i.kind };
}

function outputsOf(i: ApiKeyInputs, key: ListedKey, secret: string): ApiKeyOutputs {
  const outs: ApiKeyOutputs = { ...i, keyId: key.id, secret, createdAt: key.created_at ?? "", isDisabled: key.is_disabled ?? false };
  if (key.expires_at) outs.expiresAt = key.expires_at;
  return outs;
}

export const apiKeyHandler: ResourceHandler<ApiKeyInputs, ApiKeyOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    const result = checkRegional(apiKeyInputs, news, "ApiKey");
    if (!result.inputs || result.failures) return result;
    const failures = crossFieldProblems(result.inputs, news);
    return failures.length ? { failures } : result;
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffFields(asProps(olds), asProps(news), FIELDS, REPLACES);
    // Mailgun's API cannot enable a key again: a key disabled at Mailgun is replaced by a new one.
    if (olds.isDisabled) {
      changed.push("isDisabled");
      replaces.push("isDisabled");
    }
    return toDiffResult(changed, replaces);
  },

  async create(inputs) {
    const key = await createManagedKey({
      ...place(inputs),
      params: { role: inputs.role, expiration: inputs.expiration, email: inputs.email, user_id: inputs.userId, user_name: inputs.userName },
      description: inputs.description,
      marker: markerOf(inputs),
      noun: "API key",
    });
    return { id: key.id, outs: { ...outputsOf(inputs, key, key.secret), writtenAt: Date.now() } };
  },

  async read(id, props) {
    const key = await findManagedKey(place(props), id, props.writtenAt);
    if (!key) return {};
    // The secret is shown only at creation: keep the one recorded then. Mailgun never shows user_id either.
    const live: ApiKeyInputs = { ...props, description: stripMarker(key.description) };
    if (key.role && (KEY_ROLES as readonly string[]).includes(key.role)) live.role = key.role as ApiKeyInputs["role"];
    if (props.kind === "domain" && key.domain_name) live.domainName = key.domain_name;
    if (props.userName !== undefined && key.user_name) live.userName = key.user_name;
    const outs = outputsOf(live, key, props.secret);
    const inputs = inputsFrom(outs, [...FIELDS, "ownerTag"]);
    return { id, props: outs, inputs: inputs as ApiKeyInputs };
  },

  async update(_id, olds, news) {
    // Only the owner tag can change without a replacement; nothing to send to Mailgun.
    return { outs: { ...olds, ownerTag: news.ownerTag } };
  },

  async delete(id, props) {
    await deleteManagedKey(place(props), id);
  },
};
