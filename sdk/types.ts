/** A Mailgun region: where a resource lives and which API endpoint serves it. */
export type Region = "us" | "eu";

/** A DNS record Mailgun asks you to create. */
export interface DnsRecord {
  /** `TXT`, `CNAME` or `MX`. */
  type: string;
  /** The fully qualified record name (for MX records, the domain itself). */
  name: string;
  /** The record value. */
  value: string;
  /** MX priority. */
  priority?: number;
  /** What Mailgun last found in DNS: `valid`, `invalid` or `unknown`. */
  valid: string;
}

/** The domain's DNS records by purpose, ready to pass to a DNS provider. */
export interface DnsRecords {
  /** The SPF TXT record on the domain. */
  spf?: DnsRecord;
  /** The DKIM TXT record (`<selector>._domainkey.<domain>`), or a CNAME with automatic sender security. */
  dkim?: DnsRecord;
  /** The tracking CNAME (`<webPrefix>.<domain>`). */
  tracking?: DnsRecord;
  /** The MX records for receiving mail. */
  mx: DnsRecord[];
}

/** The eight events Mailgun can call a webhook for. */
export type WebhookEvent =
  | "accepted" | "clicked" | "complained" | "delivered" | "opened" | "permanent_fail" | "temporary_fail" | "unsubscribed";
