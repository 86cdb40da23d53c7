import * as pulumi from "@pulumi/pulumi";
import type { Region } from "./types";

export interface AccountArgs {
  /**
   * The account's API key (a primary or admin key; for a subaccount, the parent's key). Read it
   * from stack config as a secret, e.g. `config.requireSecret("euApiKey")`: then resources store
   * only the config key's name and every operation (refresh and destroy too) uses its current
   * value, so rotating the key changes no resource. See docs/accounts.md.
   */
  apiKey: pulumi.Input<string>;
  /** Region of the account's resources that name none. Default: the stack configuration's (`mailgun:region`), else `us`. */
  region?: pulumi.Input<Region>;
  /** Base URL of the US API (host only). Default: `mailgun:apiUrlUs`, else `https://api.mailgun.net`. */
  apiUrlUs?: pulumi.Input<string>;
  /** Base URL of the EU API (host only). Default: `mailgun:apiUrlEu`, else `https://api.eu.mailgun.net`. */
  apiUrlEu?: pulumi.Input<string>;
  /** Act on this subaccount of the account (every call sends `X-Mailgun-On-Behalf-Of`). */
  subaccountId?: pulumi.Input<string>;
}

/** What every resource's and lookup's args accept besides their own fields. */
export interface AccountOption {
  /**
   * The Mailgun account (or subaccount) the object lives in. Default: the stack configuration's
   * (`mailgun:apiKey`, `mailgun:region`, ...). Moving a resource to another account replaces it.
   */
  account?: Account;
}

const BRAND = Symbol.for("pulumi-mailgun:Account");

/**
 * A Mailgun account (or a subaccount of one) other than the stack configuration's. Not a Pulumi
 * resource: it is nothing at Mailgun and adds nothing to the state; resources that name it carry
 * its identity (this name and the subaccount id) and settings.
 *
 * ```ts
 * const config = new pulumi.Config();
 * const eu = new mailgun.Account("eu-team", { apiKey: config.requireSecret("euApiKey"), region: "eu" });
 * new mailgun.Domain("news", { name: "news.example.eu" }, ) // stack config's account
 * new mailgun.Domain("shop", { name: "shop.example.eu", account: eu });
 * ```
 */
export class Account {
  /** The name it was declared with: its identity (with the subaccount id), so keep it stable. */
  public readonly name: string;
  /** The API key, as a Pulumi secret. */
  public readonly apiKey: pulumi.Output<string>;
  /** Undefined when not given (then the stack configuration's), likewise the fields below. */
  public readonly region?: pulumi.Output<Region>;
  public readonly apiUrlUs?: pulumi.Output<string>;
  public readonly apiUrlEu?: pulumi.Output<string>;
  public readonly subaccountId?: pulumi.Output<string>;
  /** @internal */
  readonly [BRAND] = true;
  /** @internal What resources store: the account's identity and settings, and the key only when no config key holds it. */
  readonly wire: { account: pulumi.Output<Record<string, unknown>>; accountApiKey: pulumi.Output<string | undefined> };

  constructor(name: string, args: AccountArgs) {
    if (typeof name !== "string" || !name) throw new Error("mailgun.Account: give the account a name, e.g. new mailgun.Account(\"eu\", { apiKey })");
    this.name = name;
    this.apiKey = pulumi.secret(args?.apiKey);
    const opt = <T>(v: pulumi.Input<T> | undefined) => (v === undefined ? undefined : pulumi.output(v));
    this.region = opt(args?.region);
    this.apiUrlUs = opt(args?.apiUrlUs);
    this.apiUrlEu = opt(args?.apiUrlEu);
    this.subaccountId = opt(args?.subaccountId);
    // Which config key holds the key: comparing values in this process only; the name, not the
    // value, is what leaves it (hence unsecret: the name of a config key is no secret).
    const configKey = pulumi.unsecret(this.apiKey.apply((key) => (typeof key === "string" && key ? configKeyHolding(key) : undefined)));
    this.wire = {
      account: pulumi
        .all([configKey, args?.region, args?.apiUrlUs, args?.apiUrlEu, args?.subaccountId])
        .apply(([apiKeyConfig, region, apiUrlUs, apiUrlEu, subaccountId]) => defined({ name, subaccountId, region, apiUrlUs, apiUrlEu, apiKeyConfig })),
      accountApiKey: pulumi.all([configKey, this.apiKey]).apply(([k, key]) => (k ? undefined : key)),
    };
  }

  /** Whether `value` is an Account (also one made by another copy of this package). */
  static isInstance(value: unknown): value is Account {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/**
 * What `@pulumi/mailgun` programs write: `new mailgun.Provider("eu", { apiKey })`, then
 * `{ provider: eu }` in a resource's options. Here it is an Account (see docs/accounts.md).
 */
export class Provider extends Account {}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ""));
}

/** The first (sorted) stack config key whose value is the key; keys of our own namespace last. */
function configKeyHolding(apiKey: string): string | undefined {
  const all = pulumi.runtime.allConfig();
  const hits = Object.keys(all).filter((k) => all[k] === apiKey).sort();
  return hits.find((k) => !k.startsWith("mailgun:")) ?? hits[0];
}

/** What a program passed as `account` when it is not an Account: its kind and field names, never values. */
export function describeNotAccount(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return `a ${typeof value}`;
  if (Array.isArray(value)) return "a list";
  const keys = Object.keys(value as object).slice(0, 8);
  return keys.length ? `an object with fields ${keys.join(", ")}` : "an empty object";
}
