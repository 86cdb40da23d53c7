/**
 * DKIM keys (api-notes §2.8): made by `POST /v1/dkim/keys` (generated, or imported from a PKCS#1
 * PEM), listed account-wide by `GET /v1/dkim/keys` or per authority by `GET /v4/domains/{d}/keys`,
 * switched on and off by `PUT /v4/domains/{d}/keys/{selector}/(de)activate`, deleted by
 * `DELETE /v1/dkim/keys`. Keys live on their signing domain (`DomainRecord.dkim.keys`), so the
 * domain's own DNS records (models/dns.ts) always list exactly its keys.
 */
import { createPrivateKey, createPublicKey } from "node:crypto";
import {
  DkimKeyNotFound, DkimPemNotPkcs1, DkimPemUnreadable, DuplicateDkimKey, InvalidParameter, LastActiveDkimKey,
  MissingParameter,
} from "../errors";
import type { DkimKeyRecord, DomainRecord } from "../store";
import { observe } from "../versioned";
import { Ctx } from "./context";
import { DnsRecord, dkimKeyRecord, dkimPublicKey } from "./dns";
import { DEFAULT_DKIM_KEY_SIZE, mutateDomain, normalizeName, readDomain, writableDomain } from "./domains";

/** The spec's activate/deactivate paths: "Must be a valid dot atom" (RFC 2822 atoms joined by dots). */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
export const KEY_SIZES = [1024, 2048] as const;

export interface DkimKeyView {
  signing_domain: string;
  selector: string;
  dns_record: DnsRecord;
}

export function keyView(domain: DomainRecord, key: DkimKeyRecord): DkimKeyView {
  return { signing_domain: domain.name, selector: key.selector, dns_record: dkimKeyRecord(domain, key) };
}

/**
 * The public half of an imported key. Mailgun reads the first PEM block as a PKCS#1 RSA key
 * ("RSA PRIVATE KEY"); PKCS#8 ("PRIVATE KEY") and other key types are refused.
 */
export function importPem(pem: string): { public_key: string; key_size: number } {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!block) throw new DkimPemUnreadable();
  const der = Buffer.from(block[2].replace(/\s+/g, ""), "base64");
  let key;
  try {
    // OpenSSL would also take PKCS#8 here: check the structure first, as Go's ParsePKCS1PrivateKey does.
    if (!isPkcs1(der)) throw new Error("not PKCS#1");
    key = createPrivateKey({ key: der, format: "der", type: "pkcs1" });
  } catch {
    throw new DkimPemNotPkcs1();
  }
  return {
    public_key: createPublicKey(key).export({ type: "spki", format: "der" }).toString("base64"),
    key_size: key.asymmetricKeyDetails?.modulusLength ?? 0,
  };
}

/** DER length prefix: returns [length, bytes used by the prefix], or undefined. */
function derLength(der: Buffer, at: number): [number, number] | undefined {
  const first = der[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return [first, 1];
  const n = first & 0x7f;
  if (n === 0 || n > 4 || at + n >= der.length) return undefined;
  let len = 0;
  for (let i = 1; i <= n; i++) len = len * 256 + der[at + i];
  return [len, n + 1];
}

/**
 * PKCS#1 RSAPrivateKey is SEQUENCE { INTEGER version, INTEGER modulus, ... }; PKCS#8 has a
 * SEQUENCE (the algorithm) where the modulus would be.
 */
function isPkcs1(der: Buffer): boolean {
  if (der[0] !== 0x30) return false;
  const outer = derLength(der, 1);
  if (!outer) return false;
  let at = 1 + outer[1];
  if (der[at] !== 0x02) return false;
  const version = derLength(der, at + 1);
  if (!version) return false;
  at += 1 + version[1] + version[0];
  return der[at] === 0x02;
}

export function assertSelector(selector: string): void {
  if (!DOT_ATOM.test(selector)) throw new InvalidParameter("selector", selector, "a dot atom (letters, digits, dots)");
}

export interface NewDkimKey {
  signing_domain?: string;
  selector?: string;
  bits?: number;
  pem?: string;
}

/** A new key is inactive until activated (recorded create, Dec 2025). */
export function createDkimKey(ctx: Ctx, input: NewDkimKey): DkimKeyView {
  if (!input.signing_domain) throw new MissingParameter("signing_domain");
  if (!input.selector) throw new MissingParameter("selector");
  assertSelector(input.selector);
  if (input.bits !== undefined && !(KEY_SIZES as readonly number[]).includes(input.bits)) {
    throw new InvalidParameter("bits", String(input.bits), "1024 or 2048");
  }
  const current = writableDomain(ctx, input.signing_domain).value;
  if (current.dkim.keys.some((k) => k.selector === input.selector)) throw new DuplicateDkimKey();
  // A PEM, when given, decides the key; `bits` only sizes a generated one.
  const material = input.pem
    ? importPem(input.pem)
    : { public_key: dkimPublicKey(input.bits ?? DEFAULT_DKIM_KEY_SIZE), key_size: input.bits ?? DEFAULT_DKIM_KEY_SIZE };
  const key: DkimKeyRecord = { selector: input.selector, ...material, active: false };
  const domain = mutateDomain(ctx, input.signing_domain, (d) => { d.dkim.keys.push(key); });
  return keyView(domain, key);
}

/** `GET /v4/domains/{authority}/keys`: every key of the authority, active or not. */
export function authorityKeys(ctx: Ctx, name: string): DkimKeyView[] {
  const domain = readDomain(ctx, name);
  return domain.dkim.keys.map((k) => keyView(domain, k));
}

export interface KeyQuery {
  signing_domain?: string;
  selector?: string;
  limit: number;
  offset: number;
}

/** `GET /v1/dkim/keys`: the region's keys, domains in creation order, each domain's keys in creation order. */
export function listDkimKeys(ctx: Ctx, q: KeyQuery): { total: number; items: DkimKeyView[] } {
  const wanted = q.signing_domain ? normalizeName(q.signing_domain) : undefined;
  const all: DkimKeyView[] = [];
  for (const [name, entry] of ctx.store.domains) {
    if (wanted !== undefined && name !== wanted) continue;
    if (ctx.store.deleting.has(name)) continue;
    const d = observe(entry, ctx.now);
    if (!d) continue;
    for (const k of d.dkim.keys) if (q.selector === undefined || k.selector === q.selector) all.push(keyView(d, k));
  }
  return { total: all.length, items: all.slice(q.offset, q.offset + q.limit) };
}

/**
 * `DELETE /v1/dkim/keys?signing_domain=&selector=`. The Ruby SDK's captures (domains.yml, Aug 2025)
 * sent neither parameter and were answered `success`: a request that names no key deletes
 * nothing and succeeds, and so (our reading) does one naming a selector the domain lacks.
 */
export function deleteDkimKey(ctx: Ctx, signingDomain: string | undefined, selector: string | undefined): void {
  if (!signingDomain || !selector) return;
  const current = writableDomain(ctx, signingDomain).value;
  const key = current.dkim.keys.find((k) => k.selector === selector);
  if (!key) return;
  if (key.active && current.dkim.keys.filter((k) => k.active).length === 1) throw new LastActiveDkimKey();
  mutateDomain(ctx, signingDomain, (d) => { d.dkim.keys = d.dkim.keys.filter((k) => k.selector !== selector); });
}

/** `PUT /v4/domains/{d}/keys/{selector}/(de)activate`. Activation does not wait for valid DNS (the recorded activate had `valid: unknown`). */
export function setDkimKeyActive(ctx: Ctx, name: string, selector: string, active: boolean): void {
  if (!readDomain(ctx, name).dkim.keys.some((k) => k.selector === selector)) throw new DkimKeyNotFound();
  mutateDomain(ctx, name, (d) => {
    for (const k of d.dkim.keys) if (k.selector === selector) k.active = active;
  });
}
