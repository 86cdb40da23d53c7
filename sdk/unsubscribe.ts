import * as pulumi from "@pulumi/pulumi";
import { unsubscribeFields } from "../provider/resources/fields/suppressions";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export interface UnsubscribeArgs extends AccountOption {
  /** The Mailgun domain whose unsubscribe list holds the entry, e.g. `mg.example.com`. Changing it replaces the entry. */
  domain: pulumi.Input<string>;
  /** The email address that unsubscribed. Kept in lower case. Changing it replaces the entry. */
  address: pulumi.Input<string>;
  /** The tags the address is unsubscribed from; `["*"]` (the default) is all of the domain's mail. Updates in place. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the entry. */
  region?: pulumi.Input<Region>;
  /** Take over an entry for this address that is on the unsubscribe list already instead of failing; its tags are then set to these. Default `false`. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One address on a domain's unsubscribe list: Mailgun sends it no mail carrying one of `tags`
 * (all mail for `*`). Destroying the resource removes the whole entry.
 *
 * ```ts
 * new mailgun.Unsubscribe("no-newsletter", { domain: "mg.example.com", address: "bob@example.com", tags: ["newsletter"] });
 * ```
 */
export class Unsubscribe extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly address: pulumi.Output<string>;
  declare public readonly tags: pulumi.Output<string[]>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: UnsubscribeArgs, opts?: MailgunResourceOptions) {
    super("Unsubscribe", name, registration(unsubscribeFields, name, args), opts);
  }
}
