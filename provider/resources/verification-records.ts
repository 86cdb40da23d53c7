/**
 * The pure side of DomainVerification: which records each category holds, whether Mailgun's answer
 * counts as verified, the progress and timeout wording, and the pacing of checks.
 */
import type { DnsRecord, DomainWithRecords } from "../client/schemas";
import { sortedMx, sortedRecords } from "./dns";

/**
 * What a program can wait for, as the Mailgun dashboard groups the records: `sending` (SPF and
 * DKIM, which Mailgun requires before the domain becomes active), `receiving` (MX) and `tracking`
 * (the CNAME of open and click tracking links). Mailgun's API lists the tracking CNAME among its
 * sending records; here it is a category of its own, as it gates nothing but tracking.
 */
export const CATEGORIES = ["sending", "receiving", "tracking"] as const;
export type Category = (typeof CATEGORIES)[number];

export interface VerificationRecord {
  category: Category;
  type: string;
  name: string;
  value: string;
  priority?: number;
  /** What Mailgun last saw in DNS: "valid", "invalid" or "unknown" (not checked yet). */
  valid: string;
}

/** The records of the given categories, in a stable order (Mailgun's order changes from call to call). */
export function recordsOf(live: DomainWithRecords, categories: readonly Category[]): VerificationRecord[] {
  const domain = live.domain.name;
  const sending = sortedRecords(live.sending_dns_records as DnsRecord[] | undefined, domain);
  // A DKIM key served through a CNAME (automatic sender security) is a sending record, not tracking.
  const isTracking = (r: { type: string; name: string }) => r.type === "CNAME" && !r.name.includes("._domainkey.");
  const byCategory: Record<Category, Omit<VerificationRecord, "category">[]> = {
    sending: sending.filter((r) => !isTracking(r)),
    tracking: sending.filter(isTracking),
    receiving: sortedMx(live.receiving_dns_records as DnsRecord[] | undefined, domain),
  };
  return CATEGORIES.filter((c) => categories.includes(c)).flatMap((c) => byCategory[c].map((r) => ({ category: c, ...r })));
}

/** Every record of the categories waited for is valid, and, when sending is one of them, Mailgun has made the domain active. */
export function isVerified(state: string, records: readonly VerificationRecord[], categories: readonly Category[]): boolean {
  return records.every((r) => r.valid === "valid") && (!categories.includes("sending") || state === "active");
}

/** "2 of 3 sending, 0 of 2 receiving records valid", plus the state when the records alone do not explain the wait. */
export function summary(state: string, records: readonly VerificationRecord[], categories: readonly Category[]): string {
  const parts = CATEGORIES.filter((c) => categories.includes(c)).map((c) => {
    const of = records.filter((r) => r.category === c);
    return `${of.filter((r) => r.valid === "valid").length} of ${of.length} ${c}`;
  });
  const recordsValid = records.every((r) => r.valid === "valid");
  return `${parts.join(", ")} records valid${recordsValid && categories.includes("sending") && state !== "active" ? `, domain state ${state}` : ""}`;
}

/** A TXT value as zone-file character strings: quoted, escaped, and split at 255 bytes (a longer string is invalid in DNS). */
function txtData(value: string): string {
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += 255) chunks.push(value.slice(i, i + 255));
  return chunks.map((c) => `"${c.replace(/(["\\])/g, "\\$1")}"`).join(" ");
}

const fqdn = (host: string) => (host.endsWith(".") ? host : `${host}.`);

/** One record as a BIND zone-file line, which most DNS providers import as is and which reads plainly otherwise. */
export function zoneLine(r: Omit<VerificationRecord, "category" | "valid">): string {
  const data = r.type === "TXT" ? txtData(r.value) : r.type === "MX" ? `${r.priority ?? 10} ${fqdn(r.value)}` : r.type === "CNAME" ? fqdn(r.value) : r.value;
  return `${fqdn(r.name)} IN ${r.type} ${data}`;
}

/**
 * The time between checks: a tenth of the timeout, from 1 s to 30 s. Mailgun re-reads DNS on each
 * verify, and DNS changes propagate over minutes, so checking more often than every 30 s gains
 * nothing on a long wait; a short timeout (a test, a record already published) gets quick checks.
 * The verify endpoint's own rate limit (10 calls per window) is obeyed by the client's pacer.
 */
export function checkIntervalMs(timeoutSeconds: number): number {
  return Math.min(30_000, Math.max(1_000, Math.round(timeoutSeconds * 100)));
}

/** The error a timed-out wait ends with: each record Mailgun does not see yet, as the line to put in DNS. */
export function timeoutMessage(domain: string, waitedS: number, state: string, records: readonly VerificationRecord[], categories: readonly Category[]): string {
  const missing = records.filter((r) => r.valid !== "valid");
  const head = `domain ${domain} is not verified after ${waitedS} s (Mailgun reports state "${state}"; waiting for ${categories.join(", ")} records).`;
  if (!missing.length) {
    return `${head} Every record is valid, but Mailgun has not made the domain active yet; run pulumi up again in a few minutes, or raise timeoutSeconds.`;
  }
  const lines = missing.map((r) => `    ${zoneLine(r)}    ; ${r.category}, ${r.valid}`);
  return [
    head,
    `Mailgun does not see ${missing.length === 1 ? "this DNS record" : `these ${missing.length} DNS records`} yet; publish ${missing.length === 1 ? "it" : "them"} at your DNS provider (zone-file lines):`,
    ...lines,
    `then run pulumi up again. DNS changes can take a while to propagate: timeoutSeconds sets how long pulumi up waits.`,
  ].join("\n");
}
