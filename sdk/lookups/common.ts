/**
 * What every lookup shares: credentials (the stack configuration, exactly as the provider reads
 * it, or an `account`), the client (so region routing, retries, 429 pacing and consistency
 * handling are the resources'), region auto-detection, and the Output form.
 *
 * Lookups run in the program process: dynamic providers have no invoke, so they call the client
 * directly, at preview as at update.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MailgunClient } from "../../provider/client/client";
import { isNotFound, MailgunConfigError } from "../../provider/client/errors";
import { accountFieldName, settingsFor } from "../../provider/account-settings";
import { Account } from "../account";
import { type ConfigSource, parseRegion, type ProviderConfig, type Region, REGIONS, resolveConfig } from "../../provider/config";
import { domainName } from "../../provider/resources/validation";

/**
 * A Mailgun account to look things up in instead of the stack configuration's: a
 * `mailgun.Account` or a plain object of the same fields. Either way the lookup runs with the
 * settings that account's resources get (provider/account-settings.ts, docs/accounts.md): the
 * region and URLs it leaves out are the stack configuration's; retries, timeouts and concurrency
 * always are.
 */
export interface LookupAccount {
  /** The account's API key (keep it a Pulumi secret: it never reaches a result, an error or a log). */
  apiKey: pulumi.Input<string>;
  /** The region used where a lookup needs one and none is given. */
  region?: pulumi.Input<string>;
  /** US base URL (host only). */
  apiUrlUs?: pulumi.Input<string>;
  /** EU base URL (host only). */
  apiUrlEu?: pulumi.Input<string>;
  /** Look things up in this subaccount of the key's account. */
  subaccountId?: pulumi.Input<string>;
}

/** Arguments every lookup takes. */
export interface LookupCommonArgs {
  /** Look up in this account instead of the one the stack configuration (`mailgun:apiKey`, ...) names. */
  account?: LookupAccount;
}

/** The stack configuration as the provider sees it (`mailgun:*` keys; secrets come decrypted). */
const stackConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

type Plain<T> = { [K in keyof T]: T[K] extends pulumi.Input<infer U> | undefined ? U : T[K] };

/** An Input's value in the Promise form; undefined while unknown (a preview before the value exists). */
async function valueOf<T>(input: pulumi.Input<T> | undefined): Promise<T | undefined> {
  if (input === undefined) return undefined;
  const out = pulumi.output(input) as unknown as { promise(): Promise<T> };
  return out.promise();
}

async function plainAccount(account: LookupAccount): Promise<Plain<LookupAccount>> {
  const [apiKey, region, apiUrlUs, apiUrlEu, subaccountId] = await Promise.all([
    valueOf(account.apiKey), valueOf(account.region), valueOf(account.apiUrlUs), valueOf(account.apiUrlEu), valueOf(account.subaccountId),
  ]);
  return { apiKey: apiKey as string, region, apiUrlUs, apiUrlEu, subaccountId };
}

/** The provider settings a lookup runs with. */
export async function lookupConfig(lookup: string, account?: LookupAccount): Promise<ProviderConfig> {
  const base = resolveConfig(stackConfig);
  if (!account) return base;
  const a = await plainAccount(account);
  if (Account.isInstance(account)) return settingsFor(a, base, accountFieldName(account.name));
  if (typeof a.apiKey !== "string" || a.apiKey.trim() === "") {
    throw new MailgunConfigError(
      `${lookup}: account.apiKey is empty or not known yet (a value from a resource that is not created yet is unknown during preview); pass a known key, e.g. from config.requireSecret`,
    );
  }
  return settingsFor(a, base, (field) => `${lookup}: account.${field}`);
}

/** One lookup's context: its client, the configured region, and how its errors read. */
export interface LookupContext {
  client: MailgunClient;
  config: ProviderConfig;
  /** The region to use: the one given, else the account's or the stack's (`mailgun:region`), else `us`. */
  region(given?: string): Region;
  /**
   * The arguments come from resources of this program (Output form): the object may have just
   * been made, and Mailgun may answer 404 for it for a while (api-notes 1.9).
   */
  fresh: boolean;
}

/** Set by the Output form on the arguments it passes when they depend on resources. */
const FRESH = Symbol("pulumi-mailgun.lookup.fresh");

/**
 * Runs a lookup. Its errors start with the lookup's name; the API key is scrubbed from any
 * message (the client never puts it there; this is belt and braces for errors of other origin).
 */
export async function runLookup<T>(lookup: string, args: LookupCommonArgs, fn: (ctx: LookupContext) => Promise<T>): Promise<T> {
  const account = args.account;
  const fresh = (args as { [FRESH]?: boolean })[FRESH] === true;
  let config: ProviderConfig | undefined;
  try {
    config = await lookupConfig(lookup, account);
    const c = config;
    // Loaded when a lookup runs: a program without lookups never loads the REST client.
    const { getClient } = await import("../../provider/client/client");
    return await fn({
      client: getClient(c),
      config: c,
      region: (given) => (given === undefined || given === "" ? c.defaultRegion : parseRegion(given, `${lookup}: region`)),
      fresh,
    });
  } catch (err) {
    throw lookupError(lookup, err, config?.apiKey);
  }
}

function lookupError(lookup: string, err: unknown, apiKey: string | undefined): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  let message = e.message.startsWith(`${lookup}:`) ? e.message : `${lookup}: ${e.message}`;
  if (apiKey) message = message.split(apiKey).join("***");
  const out = new Error(message);
  out.name = e.name;
  // The stack would point at provider internals; the message says what failed.
  out.stack = `${out.name}: ${out.message}`;
  return out;
}

/**
 * Checks a domain-name argument before any call, so a typo fails at once, naming the argument,
 * instead of after a GET in each region (or with "empty path segment" for a missing one).
 */
export function domainArg(field: string, value: unknown, optional = false): void {
  if (value === undefined || value === null || value === "") {
    if (optional) return;
    throw new Error(`${field} is required: the Mailgun domain, e.g. ${field}: "mg.example.com"`);
  }
  const parsed = domainName.safeParse(value);
  if (!parsed.success) throw new Error(`${field} ${parsed.error.issues[0].message}`);
}

/** The regions a lookup searches: the one given, else both (the configured one first). */
export function regionsToSearch(ctx: LookupContext, given?: string): Region[] {
  if (given !== undefined && given !== "") return [ctx.region(given)];
  const first = ctx.config.defaultRegion;
  return [first, ...REGIONS.filter((r) => r !== first)];
}

/** Mailgun answered 404 in every region searched. */
export class NotFoundInRegionsError extends Error {
  constructor(what: string, regions: Region[]) {
    super(`${what} was not found in ${regions.length === 1 ? `region ${regions[0]}` : `either region (tried ${regions.join(" and ")})`}; check the name${regions.length === 1 ? ", or leave region out to search both regions" : " and the account (API key, subaccount)"}`);
    this.name = "NotFoundError";
  }
}

/**
 * Calls `fn` in the given region, or, when none is given, in the configured region and then the
 * other one, until one does not answer 404: 1 call when the object is where the configuration
 * points, 2 otherwise. Domain names are unique across regions, so the first hit is the one.
 * When the arguments come from resources just made (`ctx.fresh`), 404s are asked again, with
 * growing pauses, for up to `mailgun:consistencyBudgetMs`, as the resources wait for their own objects.
 */
export async function inRegionOf<T>(ctx: LookupContext, what: string, given: string | undefined, fn: (region: Region) => Promise<T>): Promise<{ region: Region; value: T }> {
  const regions = regionsToSearch(ctx, given);
  const deadline = Date.now() + (ctx.fresh ? ctx.config.consistencyBudgetMs : 0);
  for (let round = 0; ; round++) {
    for (const region of regions) {
      try {
        return { region, value: await fn(region) };
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new NotFoundInRegionsError(what, regions);
    await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** round, 4000, left)));
  }
}

/**
 * The Output form of a lookup (`getXOutput`): resolves the Inputs, then runs the Promise form.
 * The account's key is a secret, but it never reaches the result, so the result is not made
 * secret on its account; it is secret when any other argument is (e.g. getDomain's smtpPassword,
 * echoed back as `@pulumi/mailgun` does).
 */
export function outputForm<A extends LookupCommonArgs, R>(
  fn: (args: A, opts?: pulumi.InvokeOptions) => Promise<R>,
  args: pulumi.Inputs,
  opts?: pulumi.InvokeOptions,
): pulumi.Output<R> {
  const { account, ...rest } = args as { account?: pulumi.Input<LookupAccount> };
  const restOut = pulumi.output(rest);
  // Output internals: every resource the arguments come from (allResources where the SDK has it).
  const internals = restOut as unknown as { resources(): Set<unknown>; allResources?: () => Promise<Set<unknown>> };
  const dependencies = Promise.resolve(internals.allResources ? internals.allResources() : internals.resources());
  const dependsOnResources = dependencies.then((set) => set.size > 0);
  // At preview, a resource this run creates has no id yet: with its id among the inputs, the
  // engine leaves the lookup unknown then (no call), and runs it at `up` once the resource exists.
  const dependencyIds = pulumi.output(dependencies.then((set) => [...set].filter((r) => pulumi.CustomResource.isInstance(r)).map((r) => (r as pulumi.CustomResource).id)));
  const result = pulumi
    .all([pulumi.unsecret(restOut), account === undefined ? undefined : pulumi.unsecret(pulumi.output(account)), dependsOnResources, dependencyIds])
    .apply(([r, acc, fresh]) => fn({ ...(r as object), ...(acc === undefined ? {} : { account: acc }), [FRESH]: fresh } as unknown as A, opts));
  // Combined with the arguments as given: secret when one of them is, never because of the account.
  return pulumi.all([result, restOut]).apply(([r]) => r as R) as pulumi.Output<R>;
}

/** Inputs of an args type, for the Output forms. */
export type OutputArgs<T> = { [K in keyof T]: K extends "account" ? T[K] : pulumi.Input<T[K]> };
