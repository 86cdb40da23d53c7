import * as pulumi from "@pulumi/pulumi";
import { apiKeyFields } from "../provider/resources/fields/keys";
import { MailgunResource, registration, withSecretsOf, ownerTagOf, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

/** What a key may do: `admin`, `basic` (read-only, Mailgun's "analyst"), `developer`, or `sending` (domain keys only). */
export type ApiKeyRole = "admin" | "basic" | "sending" | "developer";
/** `user` (an account key), `domain` (a domain sending key) or `web` (a key for one user, valid at most one day). */
export type ApiKeyKind = "user" | "domain" | "web";

export interface ApiKeyArgs extends AccountOption {
  /** `admin`, `basic`, `developer`, or `sending` (only with kind `domain`). */
  role: pulumi.Input<ApiKeyRole>;
  /** `user` (default), `domain` (needs `domainName` and role `sending`) or `web` (needs `email` and `userId`). */
  kind?: pulumi.Input<ApiKeyKind>;
  /** The domain a `domain` key may send for; only for kind `domain`. */
  domainName?: pulumi.Input<string>;
  /** Free text shown in the Mailgun dashboard. Default `""`. */
  description?: pulumi.Input<string>;
  /** Lifetime in seconds from creation; leave it out for a key that does not expire (web keys: at most 86400, the default). */
  expiration?: pulumi.Input<number>;
  /** Web keys: the email of the user the key is for (required for kind `web`, refused otherwise). */
  email?: pulumi.Input<string>;
  /** Web keys: the id of the user the key is for (required for kind `web`, refused otherwise). */
  userId?: pulumi.Input<string>;
  /** The name of the key's user, shown by Mailgun. */
  userName?: pulumi.Input<string>;
  /** Any value; change it to rotate the key. */
  rotation?: pulumi.Input<string>;
  /** The API endpoint to call, `us` or `eu` (keys are account-wide). Defaults to `mailgun:region` config, else `us`. */
  region?: pulumi.Input<Region>;
}

/**
 * A Mailgun API key (`/v1/keys`) of any kind and role. Mailgun cannot edit a key and shows its
 * secret only once, at creation: every change of any argument makes a new key, created before the
 * old one is deleted, and the secret is kept in state as a Pulumi secret. A key Mailgun has
 * disabled shows up in `pulumi preview --refresh` and is replaced by the next `pulumi up`.
 * For a domain sending key, `SendingKey` is the shorter form.
 *
 * ```ts
 * const ci = new mailgun.ApiKey("ci", { role: "developer", description: "CI deploys", rotation: "2026-11" });
 * export const ciKey = ci.secret; // a secret output
 * ```
 */
export class ApiKey extends MailgunResource {
  declare public readonly role: pulumi.Output<ApiKeyRole>;
  declare public readonly kind: pulumi.Output<ApiKeyKind>;
  declare public readonly domainName: pulumi.Output<string | undefined>;
  declare public readonly description: pulumi.Output<string>;
  declare public readonly expiration: pulumi.Output<number | undefined>;
  declare public readonly email: pulumi.Output<string | undefined>;
  declare public readonly userId: pulumi.Output<string | undefined>;
  declare public readonly userName: pulumi.Output<string | undefined>;
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
  /** Whether Mailgun has disabled the key (as of the last create or refresh). */
  declare public readonly isDisabled: pulumi.Output<boolean>;

  constructor(name: string, args: ApiKeyArgs, opts?: MailgunResourceOptions) {
    super("ApiKey", name, registration(apiKeyFields, name, args, ownerTagOf(name)), withSecretsOf(apiKeyFields, opts));
  }
}
