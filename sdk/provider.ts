import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider";
import { programDeclaredResource } from "../provider/declared-resources";
import { ownerTagFor } from "../provider/owner-tag";
import { providerSource } from "../provider/provider-source";
import { type KindDefinition, optionalInputs, outputNames, secretNames } from "../provider/resources/fields/define";
import { Account, type AccountOption, describeNotAccount } from "./account";

/**
 * What every resource class extends. Not `pulumi.dynamic.Resource`: that one serializes a
 * closure into every resource's state (inputs and outputs, 2.7 KB each here), and the engine
 * rewrites the whole state after every step. This passes the hand-written `providerSource`
 * (under 100 bytes) with the same type token, `pulumi-nodejs:dynamic/mailgun:<Kind>`, so the
 * same dynamic-provider plugin runs it and existing stacks keep their URNs.
 */
export abstract class MailgunResource extends pulumi.CustomResource {
  protected constructor(kind: ResourceKind, name: string, props: Record<string, unknown>, opts?: MailgunResourceOptions) {
    const { props: withAccount, opts: rest } = accountInputs(props, opts);
    // The provider's progress lines measure what is left against this count.
    programDeclaredResource(kind);
    // Pulumi's runtime makes four promises per registered property and records a stack trace on
    // each, shown only in a promise-leak report; under ts-node every trace is also source-mapped.
    // With the 20-30 properties a kind registers, that was a third of the program's CPU per
    // resource (bench/profiles/). Pulumi raises the limit itself where it needs the caller's
    // position (the resource's source position), so only the leak report loses its traces.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`pulumi-nodejs:dynamic/${MODULE}:${kind}`, name, { ...withAccount, __provider: providerSource(kind) }, rest);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}

/**
 * Pulumi's resource options, where `provider` may also be a mailgun.Account (or mailgun.Provider,
 * as `@pulumi/mailgun` programs pass it): dynamic resources cannot have provider instances, so
 * it is taken out of the options and used as the resource's `account`.
 */
export type MailgunResourceOptions = Omit<pulumi.CustomResourceOptions, "provider"> & { provider?: pulumi.ProviderResource | Account };

/**
 * Without an account the props are untouched (existing stacks see no new input). With one, the
 * resource gets its identity and settings as `account` and, when no config key holds the key,
 * the key as the secret `accountApiKey` (a secret output too).
 */
function accountInputs(props: Record<string, unknown>, opts: MailgunResourceOptions | undefined): { props: Record<string, unknown>; opts?: pulumi.CustomResourceOptions } {
  let account: unknown = props.account;
  let rest = opts as pulumi.CustomResourceOptions | undefined;
  if (opts?.provider !== undefined && Account.isInstance(opts.provider)) {
    if (account !== undefined && account !== opts.provider) {
      // A check failure at preview like every other account error, not an exception in the program.
      const { provider: _p, ...others } = opts;
      const { account: _a, ...args } = props;
      return { props: { ...args, account: { notAnAccount: "one account in the args and another as `provider` in the options: give it once, either way" } }, opts: others };
    }
    account = opts.provider;
    const { provider: _p, ...others } = opts;
    rest = others;
  }
  const { account: _a, ...others } = props;
  if (account === undefined) return { props: others, opts: rest };
  if (!Account.isInstance(account)) return { props: { ...others, account: { notAnAccount: describeNotAccount(account) } }, opts: rest };
  return {
    props: { ...others, account: account.wire.account, accountApiKey: account.wire.accountApiKey },
    opts: withSecretOutputs(rest, ["accountApiKey"]),
  };
}

export type { AccountOption };

/** The module part of every type token: `pulumi-nodejs:dynamic/mailgun:<Kind>`. Never change it (URNs depend on it). */
export const MODULE = "mailgun";

/**
 * Only keys present in a dynamic resource's props become its outputs; optional args the
 * program leaves out must still be listed, or outputs such as the defaulted region are lost.
 */
export function optionalKeys(keys: string[]): Record<string, undefined> {
  return Object.fromEntries(keys.map((k) => [k, undefined]));
}

/**
 * What a resource class registers, from its kind's field definition: the optional inputs and the
 * outputs as keys (optionalKeys), the args, secret inputs wrapped as secrets, the declared name,
 * and `extra` (an owner tag) last.
 */
export function registration(d: KindDefinition, name: string, args: object, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const given = args as Record<string, unknown>;
  const secrets = Object.fromEntries(secretNames(d).filter((k) => k in d.inputs).map((k) => [k, given[k] === undefined ? undefined : pulumi.secret(given[k])]));
  return {
    ...optionalKeys(optionalInputs(d)),
    ...args,
    ...(d.declaredAs ? declaredAs(name) : {}),
    ...secrets,
    ...optionalKeys(outputNames(d).filter((k) => !(k in d.inputs))),
    ...extra,
  };
}

/** The options with the kind's secret outputs added (untouched when it has none). */
export function withSecretsOf<T extends { additionalSecretOutputs?: string[] }>(d: KindDefinition, opts: T | undefined): T | undefined {
  const secrets = secretNames(d);
  return secrets.length ? withSecretOutputs(opts, secrets) : opts;
}

export function withSecretOutputs<T extends { additionalSecretOutputs?: string[] }>(opts: T | undefined, secrets: string[]): T {
  return { ...(opts ?? ({} as T)), additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

/**
 * The resource's logical name, for provider checks that span several resources (e.g. more than 3
 * URLs on one webhook event) so their errors can name them. The provider's check drops it, so it
 * never reaches the state.
 */
export function declaredAs(name: string): { __declaredAs: string } {
  // Not "__name": pulumi.Resource has a field of that name.
  return { __declaredAs: name };
}

/**
 * Identifies the Mailgun objects one resource of one stack made (in a marker Mailgun stores), so
 * the next create can tell what an interrupted create of this very resource left behind.
 */
export function ownerTagOf(name: string): { ownerTag: string } {
  return { ownerTag: ownerTagFor(pulumi.getProject(), pulumi.getStack(), name) };
}
