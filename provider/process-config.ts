import { ConfigSource, ProviderConfig, Region, resolveConfig } from "./config";
import { MailgunConfigError } from "./client/errors";
import { accountScope } from "./account-scope";
import { checkSubaccountId } from "./account-settings";

/**
 * A setting only the plugin's provider instances have (plugin/config.ts): the subaccount every
 * call of the process acts on, and how errors name where it was set. Under TypeScript a
 * subaccount is a mailgun.Account's, never the stack configuration's.
 */
export interface InstanceSettings {
  subaccountId?: string;
  /** e.g. "mailgun provider subaccountId". */
  subaccountWhere?: string;
}

/**
 * Per-process provider configuration. The serialized dynamic provider calls `configure` with the
 * stack configuration once per provider process; runtime.ts gives every handler one client from
 * it. Apart from the client, so that the checks' helpers (resources/validation.ts), which the
 * SDK's field definitions load in the program's process, load no HTTP client there.
 */
let config: ProviderConfig | undefined;
let source: ConfigSource | undefined;
let problem: MailgunConfigError | undefined;
let instance: InstanceSettings = {};

/**
 * Never throws for a bad setting: Pulumi's dynamic-provider server prints an exception from
 * `configure` with its stack and then again as the error, so the problem is kept for `check`
 * to report as a failure (see configProblem) and for every other call to throw.
 */
export function configure(configSource?: ConfigSource, settings: InstanceSettings = {}): void {
  source = configSource;
  instance = settings;
  config = undefined;
  problem = undefined;
  try {
    const resolved = resolveConfig(configSource);
    const sub = settings.subaccountId?.trim();
    if (sub) resolved.subaccountId = checkSubaccountId(sub, settings.subaccountWhere ?? "subaccountId");
    config = resolved;
  } catch (error) {
    if (!(error instanceof MailgunConfigError)) throw error;
    problem = error;
    // The stack would point at provider internals; the message names the setting and the fix.
    problem.stack = `${problem.name}: ${problem.message}`;
  }
}

/** The configuration error, if the settings are invalid. */
export function configProblem(): MailgunConfigError | undefined {
  if (!config && !problem) configure(source, instance);
  return problem;
}

/** The stack configuration's settings (the default account's). */
export function stackConfig(): ProviderConfig {
  if (configProblem()) throw problem;
  return config!;
}

/** The settings of the account the current call works in (accounts.ts), else the stack's. */
export function providerConfig(): ProviderConfig {
  return accountScope()?.config ?? stackConfig();
}

/** Reads any key of the whole stack configuration (every namespace), as `configure` got it. */
export function stackConfigValue(key: string): string | undefined {
  return source?.get(key);
}

export function defaultRegion(): Region {
  return providerConfig().defaultRegion;
}
