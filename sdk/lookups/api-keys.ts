import type * as pulumi from "@pulumi/pulumi";
import type { ApiKeyKind, ApiKeyRole } from "../api-key";
import { type LookupCommonArgs, type OutputArgs, outputForm, runLookup, domainArg } from "./common";

export interface GetApiKeysArgs extends LookupCommonArgs {
  /** Only keys of this kind: `user`, `domain` or `web` (Mailgun filters). */
  kind?: string;
  /** Only the keys of this domain (Mailgun filters). */
  domainName?: string;
  /** The endpoint to ask (keys are account-wide, both list the same keys). Default: the configured region. */
  region?: string;
}

/** A key as Mailgun lists it: the same fields as `mailgun.ApiKey`'s outputs, without the secret (Mailgun never shows it again). */
export interface ApiKeyResult {
  /** Mailgun's id of the key (also `keyId`). */
  id: string;
  keyId: string;
  kind: ApiKeyKind;
  role: ApiKeyRole;
  description: string;
  domainName?: string;
  userName?: string;
  createdAt: string;
  expiresAt?: string;
  isDisabled: boolean;
}

export interface GetApiKeysResult {
  keys: ApiKeyResult[];
}

/**
 * Lists the account's API keys (never their secrets: Mailgun shows a secret only when the key is made).
 *
 * API calls: `GET /v1/keys`, 1 (Mailgun does not page it).
 */
export function getApiKeys(args: GetApiKeysArgs = {}, _opts?: pulumi.InvokeOptions): Promise<GetApiKeysResult> {
  return runLookup("getApiKeys", args, async (ctx) => {
    domainArg("domainName", args.domainName, true);
    const kind = args.kind === undefined || args.kind === "" ? undefined : args.kind;
    if (kind !== undefined && !["user", "domain", "web"].includes(kind)) {
      throw new Error(`kind must be "user", "domain" or "web", got ${JSON.stringify(kind)}`);
    }
    const items = await ctx.client.keys.list(ctx.region(args.region), { kind: kind as ApiKeyKind | undefined, domain_name: args.domainName || undefined });
    const keys = items.map((k) => {
      const key: ApiKeyResult = {
        id: k.id, keyId: k.id, kind: (k.kind ?? "user") as ApiKeyKind, role: (k.role ?? "") as ApiKeyRole, description: k.description ?? "",
        domainName: k.domain_name, userName: k.user_name, createdAt: k.created_at ?? "", expiresAt: k.expires_at, isDisabled: k.is_disabled ?? false,
      };
      for (const f of ["domainName", "userName", "expiresAt"] as const) if (key[f] === undefined) delete key[f];
      return key;
    });
    return { keys };
  });
}

export function getApiKeysOutput(args: OutputArgs<GetApiKeysArgs> = {}, opts?: pulumi.InvokeOptions): pulumi.Output<GetApiKeysResult> {
  return outputForm(getApiKeys, args, opts);
}
