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
import type { ConfigSource } from "../provider/config";
import { fromStruct } from "./values";

const PREFIX = "mailgun:";

function asSetting(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function configSourceOf(req: ConfigureRequest): ConfigSource {
  const variables = new Map<string, string>();
  req.getVariablesMap().forEach((value, key) => variables.set(key, value));
  const args = fromStruct(req.getArgs()).props;
  return {
    get(key: string): string | undefined {
      if (!key.startsWith(PREFIX)) return undefined;
      const name = key.slice(PREFIX.length);
      return variables.get(`${PREFIX}config:${name}`) ?? asSetting(args[name]);
    },
  };
}
