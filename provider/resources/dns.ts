import { createHash, createPublicKey } from "node:crypto";
import type { DnsRecord } from "../client/schemas";

export interface DnsRecordOutput {
  type: string;
  name: string;
  value: string;
  priority?: number;
  /** What Mailgun last saw in DNS: "valid", "invalid" or "unknown". */
  valid: string;
}

export interface KeyedDnsRecords {
  spf?: DnsRecordOutput;
  dkim?: DnsRecordOutput;
  tracking?: DnsRecordOutput;
  mx: DnsRecordOutput[];
}

function toOutput(r: DnsRecord, domain: string): DnsRecordOutput {
  const out: DnsRecordOutput = { type: r.record_type, name: r.name ?? domain, value: r.value, valid: r.valid ?? "unknown" };
  if (r.priority !== undefined && r.priority !== null && `${r.priority}` !== "") out.priority = Number(r.priority);
  return out;
}

const byTypeNameValue = (a: DnsRecordOutput, b: DnsRecordOutput) =>
  a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || a.value.localeCompare(b.value);

/** Mailgun returns sending records in a different order from call to call; ours is stable. */
export function sortedRecords(records: DnsRecord[] | undefined, domain: string): DnsRecordOutput[] {
  return (records ?? []).map((r) => toOutput(r, domain)).sort(byTypeNameValue);
}

export function sortedMx(records: DnsRecord[] | undefined, domain: string): DnsRecordOutput[] {
  return (records ?? [])
    .map((r) => toOutput(r, domain))
    .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.value.localeCompare(b.value));
}

const selectorOfRecord = (r: DnsRecordOutput) => r.name.split("._domainkey.")[0];

/**
 * The records a DNS provider needs, by purpose, so programs can wire them without searching.
 * A domain lists one DKIM record per key of its signing domain (DkimKey resources add some):
 * `dkim` is the one of the domain's own `selector` when given.
 */
export function keyedRecords(domain: string, sending: DnsRecordOutput[], receiving: DnsRecordOutput[], selector?: string): KeyedDnsRecords {
  const keyed: KeyedDnsRecords = { mx: receiving.filter((r) => r.type === "MX") };
  const own = selector === undefined ? undefined : sending.find((r) => r.name.includes("._domainkey.") && selectorOfRecord(r) === selector);
  if (own) keyed.dkim = own;
  for (const r of sending) {
    if (r.name.includes("._domainkey.")) keyed.dkim ??= r;
    else if (r.type === "TXT" && r.name === domain && /^v=spf1/i.test(r.value)) keyed.spf ??= r;
    else if (r.type === "CNAME") keyed.tracking ??= r;
  }
  return keyed;
}

/**
 * The DKIM selector is the first label of the DKIM record's name (`<selector>._domainkey.<domain>`).
 * With several DKIM records (several keys), `preferred` (the selector last known) wins while it is
 * still among them.
 */
export function dkimSelectorOf(sending: DnsRecordOutput[], preferred?: string): string | undefined {
  const selectors = sending.filter((r) => r.name.includes("._domainkey.")).map(selectorOfRecord);
  return preferred !== undefined && selectors.includes(preferred) ? preferred : selectors[0];
}

/** Reads the RSA key size from the DKIM TXT record's public key (`p=<base64 SubjectPublicKeyInfo>`). */
export function dkimKeySizeOf(sending: DnsRecordOutput[], selector?: string): number | undefined {
  const dkims = sending.filter((r) => r.type === "TXT" && r.name.includes("._domainkey."));
  const dkim = dkims.find((r) => selectorOfRecord(r) === selector) ?? dkims[0];
  const p = dkim && /(?:^|;)\s*p=([A-Za-z0-9+/=]+)/.exec(dkim.value.replace(/["\s]/g, (m) => (m === '"' ? "" : m)));
  return p ? modulusLengthOf(p[1]) : undefined;
}

/**
 * Decoding a key costs about 0.1 ms and every read of a domain (twice when its read waits for a
 * write to show) asks for the size of the same few keys: each key's size is kept once decoded.
 */
const modulusLengths = new Map<string, number | undefined>();
const MAX_KEYS_KEPT = 4096;

function modulusLengthOf(base64: string): number | undefined {
  if (modulusLengths.has(base64)) return modulusLengths.get(base64);
  let size: number | undefined;
  try {
    size = createPublicKey({ key: Buffer.from(base64, "base64"), format: "der", type: "spki" }).asymmetricKeyDetails?.modulusLength;
  } catch {
    size = undefined;
  }
  if (modulusLengths.size >= MAX_KEYS_KEPT) modulusLengths.clear();
  modulusLengths.set(base64, size);
  return size;
}

/**
 * A short digest of what the records ask DNS to hold (type, name, value, priority; not Mailgun's
 * `valid` verdict, which changes as DNS propagates). The Domain keeps the digest of the records
 * it last handed to the program; a refresh that finds other records then shows as a change, so
 * `pulumi preview --refresh --expect-no-changes` catches DNS drift that no input reveals.
 * Given the domain's own DKIM `selector`, the DKIM records of its other keys are left out: those
 * keys are DkimKey resources (or made by hand), each with its own record to publish.
 */
export function dnsDigest(sending: DnsRecordOutput[], receiving: DnsRecordOutput[], selector?: string): string {
  const own = selector === undefined ? sending : sending.filter((r) => !r.name.includes("._domainkey.") || selectorOfRecord(r) === selector);
  const canonical = [...own, ...receiving].map((r) => [r.type, r.name, r.value, r.priority ?? ""].join(" ")).join("\n");
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
