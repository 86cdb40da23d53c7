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

/** The records a DNS provider needs, by purpose, so programs can wire them without searching. */
export function keyedRecords(domain: string, sending: DnsRecordOutput[], receiving: DnsRecordOutput[]): KeyedDnsRecords {
  const keyed: KeyedDnsRecords = { mx: receiving.filter((r) => r.type === "MX") };
  for (const r of sending) {
    if (r.name.includes("._domainkey.")) keyed.dkim ??= r;
    else if (r.type === "TXT" && r.name === domain && /^v=spf1/i.test(r.value)) keyed.spf ??= r;
    else if (r.type === "CNAME") keyed.tracking ??= r;
  }
  return keyed;
}

/** The DKIM selector is the first label of the DKIM record's name (`<selector>._domainkey.<domain>`). */
export function dkimSelectorOf(sending: DnsRecordOutput[]): string | undefined {
  const dkim = sending.find((r) => r.name.includes("._domainkey."));
  return dkim ? dkim.name.split("._domainkey.")[0] : undefined;
}

/** Reads the RSA key size from the DKIM TXT record's public key (`p=<base64 SubjectPublicKeyInfo>`). */
export function dkimKeySizeOf(sending: DnsRecordOutput[]): number | undefined {
  const dkim = sending.find((r) => r.type === "TXT" && r.name.includes("._domainkey."));
  const p = dkim && /(?:^|;)\s*p=([A-Za-z0-9+/=]+)/.exec(dkim.value.replace(/["\s]/g, (m) => (m === '"' ? "" : m)));
  if (!p) return undefined;
  try {
    const details = createPublicKey({ key: Buffer.from(p[1], "base64"), format: "der", type: "spki" }).asymmetricKeyDetails;
    return details?.modulusLength;
  } catch {
    return undefined;
  }
}

/**
 * A short digest of what the records ask DNS to hold (type, name, value, priority; not Mailgun's
 * `valid` verdict, which changes as DNS propagates). The Domain keeps the digest of the records
 * it last handed to the program; a refresh that finds other records then shows as a change, so
 * `pulumi preview --refresh --expect-no-changes` catches DNS drift that no input reveals.
 */
export function dnsDigest(sending: DnsRecordOutput[], receiving: DnsRecordOutput[]): string {
  const canonical = [...sending, ...receiving].map((r) => [r.type, r.name, r.value, r.priority ?? ""].join(" ")).join("\n");
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
