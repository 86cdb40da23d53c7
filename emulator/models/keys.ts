/**
 * API keys (`/v1/keys`), global to the account. A key's id is the tail of its secret, and the
 * secret is shown only when the key is created (api-notes §5). A domain sending key
 * (`kind=domain`, `role=sending`) may only send mail for its domain; see `permissions.ts`.
 */
import { BadRequest, DomainNotFound, InvalidKeyKind, InvalidParameter, KeyNotFound, MissingParameter } from "../errors";
import { isoNoZone, keyIdOf, secret as newSecret } from "../formats";
import { KeyKind, KeyRecord, World } from "../store";
import { fresh, observe } from "../versioned";
import { Ctx, consistencyDelay } from "./context";
import { normalizeName } from "./domains";

export const KEY_KINDS: readonly KeyKind[] = ["domain", "user", "web"];
export const KEY_ROLES = ["admin", "basic", "sending", "developer"] as const;
/** Web keys: default and maximum validity of one day (spec). */
const WEB_KEY_MAX_SECONDS = 86_400;

export function addPrimaryKey(world: World, secret: string, now: number): KeyRecord {
  const key: KeyRecord = {
    id: keyIdOf(secret), secret, kind: "user", role: "admin", domain_name: null, description: "Primary account key",
    created_at: isoNoZone(now), updated_at: isoNoZone(now), expires_at: null, expires_at_ms: null,
    is_disabled: false, requestor: null, user_name: null, primary: true,
  };
  world.keys.set(key.id, fresh(key, now, 0));
  return key;
}

/** The key a secret authenticates, if it exists and has not expired. */
export function authenticate(world: World, secret: string, now: number): KeyRecord | undefined {
  const key = world.keys.get(keyIdOf(secret))?.value;
  if (!key || key.secret !== secret || key.is_disabled) return undefined;
  if (key.expires_at_ms !== null && key.expires_at_ms <= now) return undefined;
  return key;
}

export function listKeys(ctx: Ctx, filter: { kind?: string; domain_name?: string }): KeyRecord[] {
  if (filter.kind !== undefined && !(KEY_KINDS as readonly string[]).includes(filter.kind)) throw new InvalidKeyKind();
  const domain = filter.domain_name ? normalizeName(filter.domain_name) : undefined;
  const out: KeyRecord[] = [];
  for (const entry of ctx.world.keys.values()) {
    const key = observe(entry, ctx.now);
    if (!key) continue;
    if (filter.kind && key.kind !== filter.kind) continue;
    if (domain && key.domain_name !== domain) continue;
    out.push(key);
  }
  return out;
}

export interface KeyInput {
  role?: string;
  kind?: string;
  domain_name?: string;
  description?: string;
  expiration?: number;
  user_name?: string;
  email?: string;
  user_id?: string;
}

export function createKey(ctx: Ctx, input: KeyInput): KeyRecord {
  if (!input.role) throw new MissingParameter("role");
  if (!(KEY_ROLES as readonly string[]).includes(input.role)) {
    throw new InvalidParameter("role", input.role, `one of ${KEY_ROLES.join(", ")}`);
  }
  const kind = (input.kind || "user") as KeyKind;
  if (!KEY_KINDS.includes(kind)) throw new InvalidParameter("kind", kind, `one of ${KEY_KINDS.join(", ")}`);
  // The spec ties the `sending` role to `domain` keys; we enforce it both ways (our choice).
  if ((kind === "domain") !== (input.role === "sending")) {
    throw new BadRequest("role 'sending' is required for keys of kind 'domain' and allowed only for them");
  }
  let domainName: string | null = null;
  if (kind === "domain") {
    if (!input.domain_name) throw new MissingParameter("domain_name");
    domainName = normalizeName(input.domain_name);
    if (!ctx.world.domainNames.has(domainName)) throw new DomainNotFound();
  }
  let seconds = input.expiration;
  if (seconds !== undefined && seconds <= 0) throw new InvalidParameter("expiration", String(seconds), "a positive number of seconds");
  if (kind === "web") seconds = Math.min(seconds ?? WEB_KEY_MAX_SECONDS, WEB_KEY_MAX_SECONDS);
  const expiresMs = seconds === undefined ? null : ctx.now + seconds * 1000;
  const secret = newSecret();
  const key: KeyRecord = {
    id: keyIdOf(secret), secret, kind, role: input.role, domain_name: domainName,
    description: input.description ?? "", created_at: isoNoZone(ctx.now), updated_at: isoNoZone(ctx.now),
    expires_at: expiresMs === null ? null : isoNoZone(expiresMs), expires_at_ms: expiresMs,
    is_disabled: false, requestor: input.email ?? null, user_name: input.user_name ?? null, primary: false,
    user_id: input.user_id ?? null,
  };
  ctx.world.keys.set(key.id, fresh(key, ctx.now, consistencyDelay(ctx)));
  ctx.world.changed();
  return key;
}

/** What the dashboard can do and the API cannot (control API): disable or enable a key. */
export function setKeyDisabled(world: World, id: string, disabled: boolean, reason: string | null): KeyRecord {
  const entry = world.keys.get(id);
  if (!entry) throw new KeyNotFound();
  entry.value.is_disabled = disabled;
  entry.value.disabled_reason = disabled ? reason : null;
  world.changed();
  return entry.value;
}

export function deleteKey(ctx: Ctx, id: string): void {
  if (!ctx.world.keys.delete(id)) throw new KeyNotFound();
  ctx.world.changed();
}
