/**
 * Resources of other Mailgun accounts (and subaccounts) than the stack configuration's.
 *
 * A dynamic provider has one process per operation and no provider instances, so a
 * `mailgun.Account` reaches the provider as two inputs of each resource that names it:
 *   - `account`: the Account's name, its subaccount and its settings, no secret;
 *     `apiKeyConfig` names the stack config key that holds its API key when the program read the
 *     key from config (the common case): the key's value is then read from `configure`'s config
 *     in every operation, so rotating it changes no input, and a standalone refresh or destroy
 *     (which do not run the program) use the current key.
 *   - `accountApiKey`: the key itself, a Pulumi secret, only when no config key holds it (read
 *     and delete get only stored outputs, so the key must be stored with the resource).
 * A changed identity (identityOf: key source, subaccount, endpoints) replaces the resource: it is
 * another account's object. A new name, a rotated key or another default region update the state
 * only, with no API call.
 */
import { inAccount, type AccountScope } from "./account-scope";
import { accountFieldName, settingsFor, type AccountFields } from "./account-settings";
import { makeConfig } from "./config";
import { MailgunConfigError } from "./client/errors";
import { configProblem, stackConfig, stackConfigValue } from "./runtime";
import type { CheckFailure, DiffResult, Props, ResourceHandler } from "./resources/types";
import { UNKNOWN } from "./resources/validation";

/** The `account` input as the SDK sends it (sdk/account.ts `wireOf`). */
export interface AccountRef {
  name: string;
  subaccountId?: string;
  region?: string;
  apiUrlUs?: string;
  apiUrlEu?: string;
  /** The stack config key (`<namespace>:<key>`) whose value is the API key. */
  apiKeyConfig?: string;
  /** Set by the SDK instead of the fields above when `account` was not a mailgun.Account: what it was (never its value). */
  notAnAccount?: string;
}

export const ACCOUNT = "account";
export const ACCOUNT_KEY = "accountApiKey";

function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

function refOf(props: Props | undefined): AccountRef | undefined {
  const a = props?.[ACCOUNT];
  return a && typeof a === "object" ? (a as AccountRef) : undefined;
}

/**
 * Which account holds the objects: "" for the stack configuration's. It is what the Account points
 * at (where its key comes from, its subaccount, its endpoints), never its name: renaming a
 * `mailgun.Account` is a label change and must not move (replace) what it holds. The endpoints
 * are the ones its calls use (settingsFor: an unset one is the stack configuration's), so spelling
 * out what it inherits changes nothing, and a new `mailgun:apiUrlUs` moves the Account's
 * resources no more than the stack's own.
 */
export function identityOf(props: Props | undefined): string {
  const a = refOf(props);
  if (!a) return "";
  const keySource = a.apiKeyConfig ?? (props?.[ACCOUNT_KEY] !== undefined ? "(a key in the program)" : "");
  const { subaccountId, us, eu } = placeOf(a);
  return JSON.stringify([keySource, subaccountId, us, eu]);
}

/** The subaccount and endpoints the Account's calls use. */
function placeOf(a: AccountRef): { subaccountId: string; us: string; eu: string } {
  try {
    const c = settingsFor(fieldsOf(a), stackConfig(), accountFieldName(a.name));
    return { subaccountId: c.subaccountId ?? "", ...c.baseUrls };
  } catch (e) {
    if (!(e instanceof MailgunConfigError)) throw e;
    // A bad field (or stack setting) is refused by check, or by the call; the identity stays comparable.
    const raw = (v: unknown) => (typeof v === "string" ? v.trim().replace(/\/+$/, "") : "");
    return { subaccountId: raw(a.subaccountId), us: raw(a.apiUrlUs), eu: raw(a.apiUrlEu) };
  }
}

/** The props without the Account's fields (the plugin takes its account from its own configuration). */
export function without(props: Props): Props {
  const { [ACCOUNT]: _a, [ACCOUNT_KEY]: _k, ...rest } = props;
  return rest;
}

function withAccount<T>(props: T, from: Props): T {
  if (!props || typeof props !== "object" || from[ACCOUNT] === undefined) return props;
  const out: Props = { ...(props as Props), [ACCOUNT]: from[ACCOUNT] };
  if (from[ACCOUNT_KEY] !== undefined) out[ACCOUNT_KEY] = from[ACCOUNT_KEY];
  return out as T;
}

/** Reasons the `account` input is unusable; never quoting the key or naming where it is secret. */
export function accountProblems(props: Props): string[] {
  const a = props[ACCOUNT];
  if (a === undefined || isUnknown(a)) return [];
  const hint = "pass a mailgun.Account (`new mailgun.Account(name, { apiKey, region?, subaccountId? })`)";
  if (!a || typeof a !== "object" || Array.isArray(a)) return [`[account] ${hint}; got a ${Array.isArray(a) ? "list" : typeof a}`];
  const ref = a as AccountRef;
  if (ref.notAnAccount !== undefined) return [`[account] ${hint}; got ${ref.notAnAccount}`];
  if (typeof ref.name !== "string" || !ref.name) return [`[account] ${hint}; got an object that is not one`];
  const label = `[account] mailgun.Account "${ref.name}"`;
  const problems: string[] = [];
  // Each field on its own, so that every bad one is named; whatever the stack's settings are (a
  // bad one is the config gate's failure, reported with these).
  const stack = configProblem() ? makeConfig() : stackConfig();
  for (const f of ["subaccountId", "region", "apiUrlUs", "apiUrlEu"] as const) {
    const value = ref[f];
    if (value === undefined || isUnknown(value)) continue;
    if (typeof value !== "string") {
      problems.push(`${label} ${f}: must be a string, got a ${typeof value}`);
      continue;
    }
    try {
      settingsFor({ [f]: value }, stack, (field) => `${label} ${field}`);
    } catch (e) {
      if (!(e instanceof MailgunConfigError)) throw e;
      problems.push(e.message);
    }
  }
  const key = props[ACCOUNT_KEY];
  if (ref.apiKeyConfig !== undefined && !isUnknown(ref.apiKeyConfig)) {
    if (!stackConfigValue(ref.apiKeyConfig)) {
      problems.push(`${label}: its API key came from config key ${ref.apiKeyConfig}, which is not set now; set it again, or pass the key another way`);
    }
  } else if (key === undefined || key === "") {
    problems.push(`${label}: no apiKey; give the account's API key, e.g. apiKey: config.requireSecret("euApiKey")`);
  }
  return problems;
}

/** The Account's own fields; values not known yet (preview) count as unset. */
function fieldsOf(ref: AccountRef, apiKey?: string): AccountFields {
  const known = (v: unknown) => (typeof v === "string" && !isUnknown(v) ? v : undefined);
  return { apiKey, region: known(ref.region), apiUrlUs: known(ref.apiUrlUs), apiUrlEu: known(ref.apiUrlEu), subaccountId: known(ref.subaccountId) };
}

/**
 * The account a call works in: settingsFor (account-settings.ts) over the stack configuration,
 * with the key read from the config key that holds it, or the one stored with the resource.
 */
function scopeOf(props: Props | undefined): AccountScope | undefined {
  const ref = refOf(props);
  if (!ref || ref.notAnAccount !== undefined) return undefined;
  const fromConfig = ref.apiKeyConfig && !isUnknown(ref.apiKeyConfig) ? stackConfigValue(ref.apiKeyConfig) : undefined;
  const literal = props?.[ACCOUNT_KEY];
  const apiKey = fromConfig ?? (typeof literal === "string" && literal && !isUnknown(literal) ? literal : undefined);
  if (ref.apiKeyConfig && !fromConfig && apiKey === undefined) {
    throw new MailgunConfigError(`mailgun.Account "${ref.name}": its API key came from config key ${ref.apiKeyConfig}, which is not set in this stack now; set it again`);
  }
  return { key: identityOf(props), config: settingsFor(fieldsOf(ref, apiKey), stackConfig(), accountFieldName(ref.name)) };
}

function credentialsOf(props: Props | undefined): string {
  const a = refOf(props);
  return JSON.stringify([a?.apiKeyConfig, a?.apiUrlUs, a?.apiUrlEu, a?.region, props?.[ACCOUNT_KEY]]);
}

/**
 * The handler with the account around every call: its inputs are taken off before the kind's own
 * handler sees them (which knows nothing of accounts) and put back on its answers, so they are
 * stored with the resource for read and delete.
 */
export function withAccounts<I extends object, O extends object>(kind: string, h: ResourceHandler<I, O>): ResourceHandler<I, O> {
  const run = <T>(props: Props | undefined, f: () => Promise<T>): Promise<T> => {
    if (refOf(props) === undefined) return inAccount(undefined, f);
    let scope: AccountScope | undefined;
    try {
      scope = scopeOf(props);
    } catch (e) {
      return Promise.reject(e);
    }
    return inAccount(scope, f);
  };
  return {
    ...h,
    async check(olds, news) {
      if (news[ACCOUNT] === undefined) return h.check(olds, news);
      const problems = accountProblems(news);
      if (problems.length) {
        // The property stays "": the engine would print the account's value. The kind's own
        // failures are reported with them, checked as in the stack configuration's account.
        const own = await inAccount(undefined, () => h.check(without(olds ?? {}), without(news)));
        const failures = [...problems.map((reason): CheckFailure => ({ property: "", reason: `${kind}: ${reason}` })), ...(own.failures ?? [])];
        return { inputs: news, failures };
      }
      const result = await run(news, () => h.check(without(olds ?? {}), without(news)));
      return { ...result, inputs: result.inputs && withAccount(result.inputs, news) };
    },
    async diff(id, olds, news) {
      const o = olds as Props;
      const n = news as Props;
      const result: DiffResult = await run(n, () => h.diff(id, without(o) as O, without(n) as I));
      // Not known at preview (its key comes from a resource being made): the identity is told at
      // `up`, where a real move still replaces; the preview says "update" rather than guess.
      if (isUnknown(n[ACCOUNT])) return { ...result, changes: true };
      if (identityOf(o) !== identityOf(n)) {
        // Another account's object: made there, then the old one deleted in its own account. Delete
        // first, as an object with a global name (a domain) cannot exist in two accounts at once.
        return { changes: true, replaces: [...(result.replaces ?? []), ACCOUNT], deleteBeforeReplace: true };
      }
      if (!result.changes && credentialsOf(o) !== credentialsOf(n)) return { changes: true };
      return result;
    },
    async create(inputs) {
      const i = inputs as Props;
      const r = await run(i, () => h.create(without(i) as I));
      return { ...r, outs: withAccount(r.outs, i) };
    },
    async read(id, props) {
      const p = props as Props;
      const r = await run(p, () => h.read(id, without(p) as O));
      return { ...r, props: r.props && withAccount(r.props, p), inputs: r.inputs && withAccount(r.inputs, p) };
    },
    async update(id, olds, news) {
      const o = olds as Props;
      const n = news as Props;
      const own = await run(n, () => h.diff(id, without(o) as O, without(n) as I));
      // Only the key (or the URLs) changed: nothing to do at Mailgun, the state takes the new ones.
      if (!own.changes) return { outs: withAccount(without(o), n) as O };
      const r = await run(n, () => h.update(id, without(o) as O, without(n) as I));
      return { outs: withAccount(r.outs, n) };
    },
    async delete(id, props) {
      const p = props as Props;
      await run(p, () => h.delete(id, without(p) as O));
    },
  };
}
