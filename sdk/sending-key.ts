import * as pulumi from "@pulumi/pulumi";
import { sendingKeyFields } from "../provider/resources/fields/keys";
import { MailgunResource, registration, withSecretsOf, ownerTagOf, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export interface SendingKeyArgs extends AccountOption {
  /** The domain the key may send for. Changing it replaces the key. */
  domain: pulumi.Input<string>;
  /** Free text shown in the Mailgun dashboard. Default `""`. Changing it replaces the key (keys cannot be edited). */
  description?: pulumi.Input<string>;
  /** Lifetime in seconds from creation; leave it out for a key that does not expire. Changing it replaces the key. */
  expiration?: pulumi.Input<number>;
  /** Any value; change it to rotate the key. The new key is created before the old one is deleted. */
  rotation?: pulumi.Input<string>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the key. */
  region?: pulumi.Input<Region>;
}

/**
 * A domain sending key: an API key that can only send mail for one domain. Mailgun shows its
 * secret only once, at creation; it is kept in state as a Pulumi secret.
 *
 * ```ts
 * const key = new mailgun.SendingKey("app", { domain: domain.name, description: "app servers", rotation: "2026-11" });
 * export const sendingKey = key.secret; // a secret output
 * ```
 */
export class SendingKey extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string>;
  declare public readonly expiration: pulumi.Output<number | undefined>;
  declare public readonly rotation: pulumi.Output<string | undefined>;
  declare public readonly region: pulumi.Output<Region>;
  /** Mailgun's id of the key (also the resource id). */
  declare public readonly keyId: pulumi.Output<string>;
  /** The key itself (a Pulumi secret). */
  declare public readonly secret: pulumi.Output<string>;
  /** When Mailgun created the key. */
  declare public readonly createdAt: pulumi.Output<string>;
  /** When the key expires, if it does. */
  declare public readonly expiresAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: SendingKeyArgs, opts?: MailgunResourceOptions) {
    super("SendingKey", name, registration(sendingKeyFields, name, args, ownerTagOf(name)), withSecretsOf(sendingKeyFields, opts));
  }
}
