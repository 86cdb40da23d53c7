import * as pulumi from "@pulumi/pulumi";
import { domainVerificationFields } from "../provider/resources/fields/domain-verification";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

/** A DNS record a DomainVerification waits for, with what Mailgun last saw. */
export interface VerificationRecord {
  /** `sending` (SPF and DKIM), `receiving` (MX) or `tracking` (the tracking CNAME). */
  category: "sending" | "receiving" | "tracking";
  /** `TXT`, `CNAME` or `MX`. */
  type: string;
  /** The fully qualified record name (for MX records, the domain itself). */
  name: string;
  /** The value DNS must hold. */
  value: string;
  /** MX priority. */
  priority?: number;
  /** What Mailgun last found in DNS: `valid`, `invalid` or `unknown` (not checked yet). */
  valid: string;
}

export interface DomainVerificationArgs extends AccountOption {
  /** The domain to verify, e.g. `domain.name` of a `mailgun.Domain`. Changing it replaces the verification (nothing at Mailgun changes). */
  domain: pulumi.Input<string>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the verification. */
  region?: pulumi.Input<Region>;
  /**
   * Which records must be valid: any of `sending` (SPF and DKIM; Mailgun then makes the domain
   * `active`), `receiving` (MX) and `tracking` (the tracking CNAME). Default `["sending"]`. Updates
   * in place (a new category is checked then).
   */
  waitFor?: pulumi.Input<pulumi.Input<"sending" | "receiving" | "tracking">[]>;
  /**
   * How long `pulumi up` waits for the records, in seconds: 5 to 7200. Default 600. Mailgun is
   * asked to check every tenth of it (at least 1 s apart, at most 30 s). Updates in place.
   */
  timeoutSeconds?: pulumi.Input<number>;
}

/**
 * Waits until Mailgun sees a domain's DNS records: a step the rest of a program can depend on
 * (`dependsOn`, or its outputs), so that nothing sends from the domain before it can. Creating it
 * asks Mailgun to verify the domain, again and again until the records of `waitFor` are valid;
 * after `timeoutSeconds` it fails, listing each missing record as the zone-file line to publish.
 * A refresh that finds the domain unverified makes the next `pulumi up` verify again. Deleting it
 * changes nothing at Mailgun.
 *
 * ```ts
 * const domain = new mailgun.Domain("mg", { name: "mg.example.com" });
 * // ... publish domain.dnsRecords at your DNS provider ...
 * const verified = new mailgun.DomainVerification("mg", { domain: domain.name, waitFor: ["sending", "tracking"] });
 * new mailgun.Webhook("delivered", { domain: domain.name, url: "https://hooks.example.com/mg", events: ["delivered"] }, { dependsOn: [verified] });
 * ```
 */
export class DomainVerification extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly waitFor: pulumi.Output<Array<"sending" | "receiving" | "tracking">>;
  declare public readonly timeoutSeconds: pulumi.Output<number>;
  /** Mailgun's state of the domain: `active`, `unverified` or `disabled`. */
  declare public readonly state: pulumi.Output<string>;
  /** The records of the categories in `waitFor`, each with what Mailgun last saw. */
  declare public readonly records: pulumi.Output<VerificationRecord[]>;

  constructor(name: string, args: DomainVerificationArgs, opts?: MailgunResourceOptions) {
    super("DomainVerification", name, registration(domainVerificationFields, name, args), opts);
  }
}
