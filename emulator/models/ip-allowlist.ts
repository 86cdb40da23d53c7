/**
 * The account's IP allowlist (`/v2/ip_whitelist`): addresses and CIDR ranges from which the
 * account's API keys and SMTP credentials may be used. Account-wide, like API keys, so one list
 * in the World serves both regions' hosts. The emulator does not enforce it (every test client
 * calls from 127.0.0.1, which an allowlist under test would lock out).
 */
import { isIP } from "node:net";
import { InvalidIpAddress, IpAddressBlank, IpAddressExists, IpNotFound } from "../errors";
import type { IpAllowlistRecord } from "../store";
import { fresh, observe, replace } from "../versioned";
import { Ctx, consistencyDelay } from "./context";

/** An IPv4 or IPv6 address, optionally with a prefix length (`/0`..`/32`, `/0`..`/128`). No zone ids. */
export function isIpOrCidr(value: string): boolean {
  const parts = value.split("/");
  if (parts.length > 2 || value.includes("%")) return false;
  const version = isIP(parts[0]);
  if (version === 0) return false;
  if (parts.length === 1) return true;
  return /^\d{1,3}$/.test(parts[1]) && Number(parts[1]) <= (version === 4 ? 32 : 128);
}

function addressOf(raw: string | undefined): string {
  const address = (raw ?? "").trim();
  if (address === "") throw new IpAddressBlank();
  return address;
}

/** Every entry a reader sees now (entries within their consistency delay are not listed yet). */
export function listAllowlist(ctx: Ctx): IpAllowlistRecord[] {
  const out: IpAllowlistRecord[] = [];
  for (const entry of ctx.world.ipAllowlist.values()) {
    const seen = observe(entry, ctx.now);
    if (seen) out.push(seen);
  }
  return out;
}

/** What a write answers: the whole list after it, including the entry just written (as the v4 webhook writes do). */
function latest(ctx: Ctx): IpAllowlistRecord[] {
  return [...ctx.world.ipAllowlist.values()].map((e) => e.value);
}

export function addAllowlistEntry(ctx: Ctx, rawAddress: string | undefined, description: string | undefined): IpAllowlistRecord[] {
  const address = addressOf(rawAddress);
  if (!isIpOrCidr(address)) throw new InvalidIpAddress();
  if (ctx.world.ipAllowlist.has(address)) throw new IpAddressExists();
  // The spec: "defaults to empty string".
  ctx.world.ipAllowlist.set(address, fresh({ ip_address: address, description: description ?? "" }, ctx.now, consistencyDelay(ctx)));
  ctx.world.changed();
  return latest(ctx);
}

export function updateAllowlistEntry(ctx: Ctx, rawAddress: string | undefined, description: string | undefined): IpAllowlistRecord[] {
  const address = addressOf(rawAddress);
  const entry = ctx.world.ipAllowlist.get(address);
  if (!entry) throw new IpNotFound();
  // Also here the description "defaults to empty string": a PUT without it clears it.
  replace(entry, { ip_address: address, description: description ?? "" }, ctx.now, consistencyDelay(ctx));
  ctx.world.changed();
  return latest(ctx);
}

export function deleteAllowlistEntry(ctx: Ctx, rawAddress: string | undefined): IpAllowlistRecord[] {
  const address = addressOf(rawAddress);
  if (!ctx.world.ipAllowlist.delete(address)) throw new IpNotFound();
  ctx.world.changed();
  return latest(ctx);
}
