import * as pulumi from "@pulumi/pulumi";
import { domainFields } from "../provider/resources/fields/domain";
import { MailgunResource, registration, withSecretsOf, AccountOption, MailgunResourceOptions } from "./provider";
import type { DnsRecord, DnsRecords, Region } from "./types";

export interface DomainArgs extends AccountOption {
  /** The domain name, e.g. `mg.example.com`. Changing it replaces the domain. */
  name: pulumi.Input<string>;
  /** `us` or `eu`. Defaults to `mailgun:region` config (or `MAILGUN_REGION`), else `us`. Changing it replaces the domain. */
  region?: pulumi.Input<Region>;
  /**
   * Take over a domain that already exists in Mailgun (same name and region) instead of failing;
   * its settings are then updated to match this program. The way to bring existing setup under
   * Pulumi (the `import` option does not work for dynamic resources). Default `false`.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Let a delete or replacement delete the domain while resources of the program still declare
   * objects in it (Mailgun deletes them with the domain). Default `false`: such a delete fails
   * before it writes, naming them. State only: no call to Mailgun.
   */
  forceDestroy?: pulumi.Input<boolean>;
  /** What to do with spam: `disabled`, `block` or `tag`. Default `disabled`. Updates in place. */
  spamAction?: pulumi.Input<"disabled" | "block" | "tag">;
  /** Accept mail for all subdomains. Default `false`. Updates in place. */
  wildcard?: pulumi.Input<boolean>;
  /** Make the domain its own DKIM authority even if its parent domain is on the account. Default `false`. Updates in place (not readable from Mailgun, so drift is not detected). */
  forceDkimAuthority?: pulumi.Input<boolean>;
  /** DKIM key size in bits: `1024` or `2048`. Default: Mailgun's. Changing it replaces the domain. */
  dkimKeySize?: pulumi.Input<1024 | 2048>;
  /** DKIM selector (one DNS label). Default: Mailgun's. Updates in place. */
  dkimSelector?: pulumi.Input<string>;
  /** Scheme of tracking links: `http` or `https`. Default `http`. Updates in place. */
  webScheme?: pulumi.Input<"http" | "https">;
  /** Label of the tracking CNAME (`<webPrefix>.<name>`). Default `email`. Updates in place. */
  webPrefix?: pulumi.Input<string>;
  /** Require TLS when delivering. Default `false`. Updates in place. */
  requireTls?: pulumi.Input<boolean>;
  /** Skip certificate verification when delivering over TLS. Default `false`. Updates in place. */
  skipVerification?: pulumi.Input<boolean>;
  /** Let Mailgun manage DKIM keys through CNAME records. Default `false`. Updates in place (the domain must then be re-verified). */
  useAutomaticSenderSecurity?: pulumi.Input<boolean>;
  /**
   * Password of the domain's `postmaster@<name>` SMTP login, 5 to 32 characters. Always stored as
   * a Pulumi secret. Write-only: Mailgun never returns it, so it is sent only when it changes.
   */
  smtpPassword?: pulumi.Input<string>;
  /** Open tracking. Default `false`. Updates in place. */
  openTracking?: pulumi.Input<boolean>;
  /** Click tracking: `true`, `false` or `"htmlonly"`. Default `false`. Updates in place. */
  clickTracking?: pulumi.Input<boolean | "htmlonly">;
  /** Unsubscribe tracking. Default `false`. Updates in place. */
  unsubscribeTracking?: pulumi.Input<boolean>;
  /** HTML footer added when unsubscribe tracking is on; must contain `%unsubscribe_url%`. Default: Mailgun's. */
  unsubscribeHtmlFooter?: pulumi.Input<string>;
  /** Text footer added when unsubscribe tracking is on. Default: Mailgun's. */
  unsubscribeTextFooter?: pulumi.Input<string>;
  /**
   * Automatic rotation of the DKIM keys Mailgun hosts for Automatic Sender Security (needs
   * `useAutomaticSenderSecurity: true`). `interval`: days or hours, at least 5 days, e.g. `"7d"`
   * or `"168h"`; only with `enabled: true`. Updates in place; read back (and drift shown) only
   * while the program sets it. Left out, Mailgun's setting is left alone.
   */
  dkimRotation?: pulumi.Input<DkimRotationArgs>;
}

/** `Domain.dkimRotation`. */
export interface DkimRotationArgs {
  /** Rotate the domain's DKIM keys automatically. */
  enabled: pulumi.Input<boolean>;
  /** How often: `"5d"` (the minimum), `"7d"`, `"168h"`, ... Only with `enabled: true`. Default: Mailgun's. */
  interval?: pulumi.Input<string>;
}

/**
 * A Mailgun sending/receiving domain, its settings and tracking.
 *
 * ```ts
 * const domain = new mailgun.Domain("mg", { name: "mg.example.com", region: "eu", clickTracking: true });
 * export const dns = domain.dnsRecords; // spf, dkim, tracking, mx: feed them to your DNS provider
 * ```
 */
export class Domain extends MailgunResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;
  declare public readonly forceDestroy: pulumi.Output<boolean | undefined>;
  declare public readonly spamAction: pulumi.Output<string>;
  declare public readonly wildcard: pulumi.Output<boolean>;
  declare public readonly forceDkimAuthority: pulumi.Output<boolean>;
  declare public readonly dkimKeySize: pulumi.Output<number | undefined>;
  declare public readonly dkimSelector: pulumi.Output<string | undefined>;
  declare public readonly webScheme: pulumi.Output<string>;
  declare public readonly webPrefix: pulumi.Output<string>;
  declare public readonly requireTls: pulumi.Output<boolean>;
  declare public readonly skipVerification: pulumi.Output<boolean>;
  declare public readonly useAutomaticSenderSecurity: pulumi.Output<boolean>;
  declare public readonly smtpPassword: pulumi.Output<string | undefined>;
  declare public readonly openTracking: pulumi.Output<boolean>;
  declare public readonly clickTracking: pulumi.Output<boolean | "htmlonly">;
  declare public readonly unsubscribeTracking: pulumi.Output<boolean>;
  declare public readonly unsubscribeHtmlFooter: pulumi.Output<string | undefined>;
  declare public readonly unsubscribeTextFooter: pulumi.Output<string | undefined>;
  /** DKIM key rotation as last read, when the program sets it. */
  declare public readonly dkimRotation: pulumi.Output<{ enabled: boolean; interval?: string } | undefined>;
  /** Mailgun's id of the domain. */
  declare public readonly domainId: pulumi.Output<string>;
  /** `unverified`, `active` or `disabled`. */
  declare public readonly state: pulumi.Output<string>;
  /** `custom` or `sandbox`. */
  declare public readonly type: pulumi.Output<string>;
  /** The default SMTP login, `postmaster@<name>`. */
  declare public readonly smtpLogin: pulumi.Output<string>;
  /** When Mailgun created the domain (RFC 1123). */
  declare public readonly createdAt: pulumi.Output<string>;
  /** Records for sending (SPF, DKIM, tracking CNAME), in a stable order. */
  declare public readonly sendingDnsRecords: pulumi.Output<DnsRecord[]>;
  /** Records for receiving (MX), ordered by priority. */
  declare public readonly receivingDnsRecords: pulumi.Output<DnsRecord[]>;
  /** The same records by purpose. */
  declare public readonly dnsRecords: pulumi.Output<DnsRecords>;

  constructor(name: string, args: DomainArgs, opts?: MailgunResourceOptions) {
    super("Domain", name, registration(domainFields, name, args), withSecretsOf(domainFields, opts));
  }
}
