import * as pulumi from "@pulumi/pulumi";
import { bounceFields } from "../provider/resources/fields/suppressions";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export interface BounceArgs extends AccountOption {
  /** The Mailgun domain whose bounce list holds the entry, e.g. `mg.example.com`. Changing it replaces the entry. */
  domain: pulumi.Input<string>;
  /** The email address Mailgun must not send to. Kept in lower case (Mailgun matches suppressions without regard to case). Changing it replaces the entry. */
  address: pulumi.Input<string>;
  /** The SMTP error code recorded for the bounce, 400 to 599. Default `550`. Updates in place. */
  code?: pulumi.Input<number>;
  /** The SMTP error message recorded for the bounce. Default `""`. Updates in place. */
  error?: pulumi.Input<string>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the entry. */
  region?: pulumi.Input<Region>;
  /** Take over an entry for this address that is on the bounce list already (Mailgun records real bounces on its own) instead of failing. Default `false`. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One address on a domain's bounce list: Mailgun sends it no mail from that domain until the
 * entry is removed. Destroying the resource removes the entry, so delivery resumes.
 *
 * ```ts
 * new mailgun.Bounce("legacy-inbox", { domain: "mg.example.com", address: "old-inbox@example.com", error: "mailbox closed" });
 * ```
 */
export class Bounce extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly address: pulumi.Output<string>;
  declare public readonly code: pulumi.Output<number>;
  declare public readonly error: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: BounceArgs, opts?: MailgunResourceOptions) {
    super("Bounce", name, registration(bounceFields, name, args), opts);
  }
}
