/**
 * The DNS records Mailgun asks a domain owner to publish (api-notes §2.5, recorded shapes):
 * sending = DKIM TXT, SPF TXT, tracking CNAME; receiving = two MX without a `name`.
 * EU domains point at the EU hosts (api-notes §1.1 region table).
 */
import { generateKeyPairSync } from "node:crypto";
import { DkimKeyRecord, DomainRecord, Region } from "../store";

export interface DnsRecord {
  is_active: boolean;
  cached: string[];
  name?: string;
  priority?: string;
  record_type: "TXT" | "CNAME" | "MX";
  valid: "valid" | "invalid" | "unknown";
  value: string;
}

const HOSTS: Record<Region, { root: string; mx: [string, string] }> = {
  us: { root: "mailgun.org", mx: ["mxa.mailgun.org", "mxb.mailgun.org"] },
  eu: { root: "eu.mailgun.org", mx: ["mxa.eu.mailgun.org", "mxb.eu.mailgun.org"] },
};

/** A real RSA public key, DER/SPKI in base64, as Mailgun publishes in `k=rsa; p=...`. */
export function dkimPublicKey(bits: number): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return publicKey.export({ type: "spki", format: "der" }).toString("base64");
}

/**
 * What each record is for, as the Mailgun dashboard groups them: SPF and DKIM let the domain
 * send (Mailgun activates a domain once both check out: spec, `force_root_dkim_host`: "will still
 * need to pass domain verification with valid spf records for the domain and valid DKIM record"),
 * the CNAME serves tracking links, and the MX records receive mail.
 */
export const DNS_PURPOSES = ["spf", "dkim", "tracking", "mx"] as const;
export type DnsPurpose = (typeof DNS_PURPOSES)[number];

/** Whether the simulated DNS holds the domain's record for `purpose` (control API, per purpose or all at once). */
export function dnsFound(domain: DomainRecord, purpose: DnsPurpose): boolean {
  return domain.dns.records?.[purpose] ?? domain.dns.found;
}

/** What verify requires before the domain becomes active: the sending records (SPF here, DKIM in the signer's zone). */
export function sendingVerified(domain: DomainRecord, signer: DomainRecord): boolean {
  return dnsFound(domain, "spf") && dnsFound(signer, "dkim");
}

function record(domain: DomainRecord, purpose: DnsPurpose, fields: Omit<DnsRecord, "valid" | "cached">): DnsRecord {
  const found = dnsFound(domain, purpose);
  const { checked } = domain.dns;
  return {
    is_active: fields.is_active,
    cached: found ? [fields.value] : [],
    ...(fields.name !== undefined ? { name: fields.name } : {}),
    ...(fields.priority !== undefined ? { priority: fields.priority } : {}),
    record_type: fields.record_type,
    valid: found ? "valid" : checked ? "invalid" : "unknown",
    value: fields.value,
  };
}

/** The TXT record that publishes one DKIM key of `signer` (its `dns_record` in the keys APIs). */
export function dkimKeyRecord(signer: DomainRecord, key: DkimKeyRecord): DnsRecord {
  return record(signer, "dkim", {
    is_active: key.active,
    name: `${key.selector}._domainkey.${signer.name}`,
    record_type: "TXT",
    value: `k=rsa; p=${key.public_key}`,
  });
}

/**
 * `signer` is the domain's DKIM authority (models/dkim-authority.ts), the domain itself by default.
 * Every key of the signer gets its own TXT record, in creation order: the verify captured in Dec
 * 2025 (domains.yml) lists two DKIM records, `k1` and a key made through `/v1/dkim/keys`.
 * `spfFirst` reproduces the order observed after an update or DKIM-authority call (SPF, DKIM,
 * CNAME) versus after create/get (DKIM, SPF, CNAME): Mailgun's order is not stable, and a
 * client that depends on it should find out here rather than in production.
 */
export function sendingRecords(domain: DomainRecord, region: Region, spfFirst = false, signer = domain): DnsRecord[] {
  const hosts = HOSTS[region];
  // A domain that delegates its DKIM authority publishes the authority's keys, in the authority's zone.
  const dkim = signer.dkim.keys.map((key) => dkimKeyRecord(signer, key));
  const spf = record(domain, "spf", {
    is_active: true, name: domain.name, record_type: "TXT", value: `v=spf1 include:${hosts.root} ~all`,
  });
  const cname = record(domain, "tracking", {
    is_active: true, name: `${domain.web_prefix}.${domain.name}`, record_type: "CNAME", value: hosts.root,
  });
  return spfFirst ? [spf, ...dkim, cname] : [...dkim, spf, cname];
}

export function receivingRecords(domain: DomainRecord, region: Region): DnsRecord[] {
  return HOSTS[region].mx.map((value) =>
    record(domain, "mx", { is_active: true, priority: "10", record_type: "MX", value }));
}
