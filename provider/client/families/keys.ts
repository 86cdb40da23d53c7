/** API keys (`/v1/keys`): global to the account; call through the region of the domain they belong to. */
import type { Region } from "../../config";
import { get, ignoreNotFound, type RecoverOptions, type RequestCore } from "../core";
import { path } from "../encoding";
import type { CreateKeyParams } from "../params";
import type { CallOptions } from "../request-loop";
import { type ApiKey, ApiKeyCreateResponseSchema, ApiKeyListSchema, type ApiKeyWithSecret, IgnoredBodySchema } from "../schemas";

export class KeyCalls {
  constructor(private readonly core: RequestCore) {}

  async list(region: Region, q: { domain_name?: string; kind?: "domain" | "user" | "web" } = {}, o?: CallOptions): Promise<ApiKey[]> {
    return (await get(this.core, region, "/v1/keys", ApiKeyListSchema, o, { domain_name: q.domain_name, kind: q.kind })).items;
  }

  /** The secret comes back only here. Without `recover`, an ambiguous failure is reported, never re-sent. */
  create(region: Region, p: CreateKeyParams, o: RecoverOptions<ApiKeyWithSecret> = {}): Promise<ApiKeyWithSecret> {
    return this.core.request({ ...o, region, method: "POST", path: "/v1/keys", form: { ...p }, schema: ApiKeyCreateResponseSchema });
  }

  /** A 404 resolves (already gone). */
  delete(region: Region, id: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v1/keys/${id}`, schema: IgnoredBodySchema }));
  }
}
