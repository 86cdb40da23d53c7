/** Identifier, secret and date formats, each as Mailgun shows it on the wire. */
import { randomBytes } from "node:crypto";

export function hex(length: number): string {
  return randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length);
}

/** 24-hex ObjectId (domains, routes): 8 hex of creation seconds, then random, as Mongo does. */
export function objectId(now: number): string {
  return Math.floor(now / 1000).toString(16).padStart(8, "0") + hex(16);
}

/** API key secrets and generated SMTP passwords: `<32hex>-<8hex>-<8hex>` (recorded). */
export function secret(): string {
  return `${hex(32)}-${hex(8)}-${hex(8)}`;
}

/** A key's id is the last two segments of its secret; Mailgun echoes it in X-Mailgun-Key-Id. */
export function keyIdOf(keySecret: string): string {
  return keySecret.split("-").slice(-2).join("-");
}

export function isKeySecret(value: string): boolean {
  return /^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/.test(value);
}

/** Domains and routes: `Mon, 24 Feb 2025 22:44:03 GMT` (RFC 1123, recorded). */
export function rfc1123(now: number): string {
  return new Date(now).toUTCString();
}

/** SMTP credentials: `Wed, 08 Mar 2023 23:34:57 +0000` (RFC 2822 numeric zone, spec pattern). */
export function rfc2822(now: number): string {
  return new Date(now).toUTCString().replace(/GMT$/, "+0000");
}

/** API keys: `2026-01-23T10:16:00` (ISO 8601 without zone, UTC; spec pattern). */
export function isoNoZone(now: number): string {
  return new Date(now).toISOString().slice(0, 19);
}

/** Message-Id as Mailgun returns it from a send: `<20250126072930.abc@domain>`. */
export function messageId(now: number, domain: string): string {
  const stamp = new Date(now).toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `<${stamp}.${hex(16)}@${domain}>`;
}
