import * as pulumi from "@pulumi/pulumi";
import { complaintFields } from "../provider/resources/fields/suppressions";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export interface ComplaintArgs extends AccountOption {
  /** The Mailgun domain whose complaint list holds the entry, e.g. `mg.example.com`. Changing it replaces the entry. */
  domain: pulumi.Input<string>;
  /** The email address that complained. Kept in lower case. Changing it replaces the entry. */
  address: pulumi.Input<string>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the entry. */
  region?: pulumi.Input<Region>;
  /** Take over an entry for this address that is on the complaint list already instead of failing. Default `false`. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One address on a domain's complaint (spam report) list: Mailgun sends it no mail from that
 * domain until the entry is removed. Destroying the resource removes the entry.
 *
 * ```ts
 * new mailgun.Complaint("reported", { domain: "mg.example.com", address: "carol@example.com" });
 * ```
 */
export class Complaint extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly address: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: ComplaintArgs, opts?: MailgunResourceOptions) {
    super("Complaint", name, registration(complaintFields, name, args), opts);
  }
}
