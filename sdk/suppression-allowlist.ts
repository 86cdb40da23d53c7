import * as pulumi from "@pulumi/pulumi";
import { suppressionAllowlistFields } from "../provider/resources/fields/suppressions";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export interface SuppressionAllowlistArgs extends AccountOption {
  /** The Mailgun domain whose allowlist holds the entry, e.g. `mg.example.com`. Changing it replaces the entry. */
  domain: pulumi.Input<string>;
  /** One email address Mailgun never adds to the bounce list. Set this or `allowedDomain`, not both. Changing it replaces the entry. */
  address?: pulumi.Input<string>;
  /** A domain (e.g. `qa.example.com`) none of whose addresses Mailgun adds to the bounce list. Set this or `address`, not both. Changing it replaces the entry. */
  allowedDomain?: pulumi.Input<string>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the entry. */
  region?: pulumi.Input<Region>;
  /** Take over an entry that is on the allowlist already instead of failing. Default `false`. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One entry of a domain's suppression allowlist (Mailgun API: `whitelists`): an address, or all
 * addresses of a domain, that Mailgun never puts on the bounce list, e.g. test inboxes.
 *
 * ```ts
 * new mailgun.SuppressionAllowlist("qa", { domain: "mg.example.com", allowedDomain: "qa.example.com" });
 * ```
 */
export class SuppressionAllowlist extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly address: pulumi.Output<string | undefined>;
  declare public readonly allowedDomain: pulumi.Output<string | undefined>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: SuppressionAllowlistArgs, opts?: MailgunResourceOptions) {
    super("SuppressionAllowlist", name, registration(suppressionAllowlistFields, name, args), opts);
  }
}
