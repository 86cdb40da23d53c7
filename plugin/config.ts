/**
 * The engine's ConfigureRequest as the provider's ConfigSource (provider/config.ts), so the plugin
 * resolves settings exactly as the dynamic provider does: the same keys, the same env-var fallbacks.
 *
 * The engine sends each setting twice: in `variables` as `mailgun:config:<key>` (plain strings, JSON
 * for non-strings) and in `args` as `<key>` (a secret setting in a secret envelope). Both come from
 * the stack configuration for the default provider and from the provider's inputs for an explicit
 * one; `variables` is read first, `args` fills what it lacks.
 */
import type { ConfigureRequest } from "@pulumi/pulumi/proto/provider_pb";
import { checkSubaccountId } from "../provider/account-settings";
import type { ConfigSource } from "../provider/config";
import type { InstanceSettings } from "../provider/runtime";
import { fromStruct } from "./values";

const PREFIX = "mailgun:";

function asSetting(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** A setting by its name (`apiKey`, `subaccountId`): from `variables`, else from `args`. */
function settingsOf(req: ConfigureRequest): (name: string) => string | undefined {
  const variables = new Map<string, string>();
  req.getVariablesMap().forEach((value, key) => variables.set(key, value));
  const args = fromStruct(req.getArgs()).props;
  return (name) => variables.get(`${PREFIX}config:${name}`) ?? asSetting(args[name]);
}

export function configSourceOf(req: ConfigureRequest): ConfigSource {
  const setting = settingsOf(req);
  return {
    get(key: string): string | undefined {
      return key.startsWith(PREFIX) ? setting(key.slice(PREFIX.length)) : undefined;
    },
  };
}

/** How errors name a provider's setting: `mailgun provider "team" subaccountId`. */
export function providerFieldName(name: string | undefined, field: string): string {
  return name ? `mailgun provider "${name}" ${field}` : `mailgun provider ${field}`;
}

/**
 * The subaccount a provider acts on: an explicit provider's `subaccountId` input (the counterpart
 * of a mailgun.Account's; the schema has it among the provider's inputs, not the stack settings).
 */
export function instanceSettingsOf(req: ConfigureRequest): InstanceSettings {
  const subaccountId = settingsOf(req)("subaccountId");
  return { subaccountId, subaccountWhere: providerFieldName(req.getName(), "subaccountId") };
}

/**
 * Whether a provider resource is the stack's default one, which the engine configures from the
 * stack's `mailgun:*` settings: the engine's own rule (sdk/go/common/providers IsDefaultProvider)
 * is a provider named "default…".
 */
export function isDefaultProvider(name: string | undefined): boolean {
  return (name ?? "").startsWith("default");
}

/** Why the default provider refuses `mailgun:subaccountId`, and what to do instead. */
export const STACK_SUBACCOUNT_REASON =
  "mailgun:subaccountId is not a stack setting (the schema's config has no subaccountId): the default provider acts on the stack's own account. " +
  "For a subaccount, declare a pulumi:providers:mailgun with subaccountId (and the parent account's apiKey) and give it to the resources as their provider; " +
  "then remove the setting: pulumi config rm mailgun:subaccountId";

/**
 * CheckConfig's failures: a subaccount id that is not one, or one the default provider got from
 * the stack configuration (a subaccount is an explicit provider's, as under TypeScript a
 * mailgun.Account's; acting on it silently would write into another account than the stack's).
 * The other settings are refused by the first resource's check, with the same messages as under
 * TypeScript. Never quotes the API key.
 */
export function providerConfigFailures(news: Record<string, unknown>, name: string | undefined): { property: string; reason: string }[] {
  const sub = asSetting(news.subaccountId)?.trim();
  if (!sub) return [];
  if (isDefaultProvider(name)) return [{ property: "subaccountId", reason: STACK_SUBACCOUNT_REASON }];
  try {
    checkSubaccountId(sub, providerFieldName(name, "subaccountId"));
    return [];
  } catch (e) {
    return [{ property: "subaccountId", reason: (e as Error).message }];
  }
}
