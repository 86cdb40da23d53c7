/**
 * Automatic Sender Security DKIM key rotation (api-notes §2.8; spec op=PUT-v1-dkim-management-
 * domains--name--rotation, POST-...-rotate). A separate Mailgun service ("pendulum" in the spec's
 * schema names) that answers errors as `{"Reason"}` / `{"Description"}` and booleans as strings.
 *
 * Our readings where the sources are silent (emulator/README.md lists them):
 * - only domains with `use_automatic_sender_security` are known to that service; others answer
 *   its 404 `domain not found`;
 * - `rotation_interval` is a Go-style duration that also takes days (`5d`, `120h`, `7d12h`), at
 *   least 5 days (the spec's description; its own example of `24h` contradicts it), and is echoed
 *   as sent; disabling keeps the interval; enabling without one keeps the previous one;
 * - `GET /v1/dkim_management/domains/{name}` (not in the spec) answers the same body as the PUT,
 *   so rotation settings can be read back; see routes/dkim-keys.ts.
 */
import { createHash } from "node:crypto";
import { DkimManagementDomainNotFound, ReasonError } from "../errors";
import type { DomainRecord } from "../store";
import { Ctx } from "./context";
import { mutateDomain, readDomain } from "./domains";

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
export const MIN_ROTATION_MS = 5 * UNIT_MS.d;

/** Milliseconds of `5d`, `120h`, `7d12h`, `120h0m0s`; undefined when it is not such a duration. */
export function durationMs(text: string): number | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?[dhms])+$/.test(s)) return undefined;
  let total = 0;
  for (const [, n, unit] of s.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)) total += Number(n) * UNIT_MS[unit];
  return total;
}

function managedDomain(ctx: Ctx, name: string): DomainRecord {
  let domain: DomainRecord;
  try {
    domain = readDomain(ctx, name);
  } catch {
    throw new DkimManagementDomainNotFound();
  }
  if (!domain.use_automatic_sender_security) throw new DkimManagementDomainNotFound();
  return domain;
}

function stableId(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** The service's view of a domain: `{domain: {...}}` in the spec's field order, booleans as strings. */
export function rotationView(d: DomainRecord): Record<string, unknown> {
  const rotation = d.dkim_rotation ?? { enabled: false, interval: "" };
  // With Automatic Sender Security the DKIM records are CNAMEs to keys Mailgun hosts (spec example).
  const records = ["pdk1", "pdk2"].map((selector) => ({
    name: `${selector}._domainkey.${d.name}`,
    type: "CNAME",
    identifier: "DKIM",
    value: `${selector}._domainkey.${stableId(d.id, 7)}.service.mailgun.com`,
    comment: "Customer DKIM CNAME Record",
  }));
  return {
    domain: {
      id: d.id,
      account_id: stableId("account", 24),
      sid: String(Number.parseInt(stableId(d.id, 6), 16)),
      name: d.name,
      state: d.state === "active" ? "enabled" : "wait_verify",
      active_selector: "pdk1",
      rotation_enabled: String(rotation.enabled),
      rotation_interval: rotation.interval,
      records,
    },
  };
}

export function readRotation(ctx: Ctx, name: string): Record<string, unknown> {
  return rotationView(managedDomain(ctx, name));
}

export function updateRotation(ctx: Ctx, name: string, enabled: boolean | undefined, interval: string | undefined): Record<string, unknown> {
  if (enabled === undefined) throw new ReasonError("rotation_enabled is required");
  // The service knows the domain only once it shows Automatic Sender Security (404 until then).
  managedDomain(ctx, name);
  if (interval !== undefined && interval !== "") {
    // Wording from the spec's 400 example.
    if (!enabled) throw new ReasonError("rotation_interval is not allowed unless also enabling DKIM rotation");
    const ms = durationMs(interval);
    if (ms === undefined) throw new ReasonError(`invalid rotation_interval '${interval}': expected a duration such as 5d or 120h`);
    if (ms < MIN_ROTATION_MS) throw new ReasonError("rotation_interval must be at least 5d");
  }
  // From the latest version, not the one a reader may still see: a write builds on every earlier write.
  return rotationView(mutateDomain(ctx, name, (d) => {
    d.dkim_rotation = { enabled, interval: interval || d.dkim_rotation?.interval || "" };
  }));
}

/** `POST .../rotate`: only an enabled (verified) domain may rotate (spec's 400 example). */
export function rotateNow(ctx: Ctx, name: string): void {
  const d = managedDomain(ctx, name);
  if (d.state !== "active") throw new ReasonError("only domains in enabled can rotate their keys. Current state: wait_verify");
}
