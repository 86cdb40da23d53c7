/** DKIM keys (`/v1/dkim/keys`, `/v4/domains/{authority}/keys`) and a domain's automatic key rotation. */
import type { Region } from "../../config";
import { get, ignoreNotFound, type RecoverOptions, type RequestCore } from "../core";
import { path } from "../encoding";
import type { CallOptions } from "../request-loop";
import { type DkimKey, DkimKeyListSchema, DkimKeySchema, type DkimRotation, DkimRotationSchema, IgnoredBodySchema } from "../schemas";

export class DkimCalls {
  constructor(private readonly core: RequestCore) {}

  /** Every key whose signing domain (DKIM authority) is `authority`, active or not. */
  listKeys(region: Region, authority: string, o?: CallOptions): Promise<DkimKey[]> {
    return get(this.core, region, path`/v4/domains/${authority}/keys`, DkimKeyListSchema, o);
  }

  /**
   * POST /v1/dkim/keys. A PEM is sent only in the form and never logged. Without `recover`, an
   * ambiguous failure is reported, never re-sent: a second POST would answer "duplicate key".
   */
  createKey(
    region: Region,
    p: { signing_domain: string; selector: string; bits?: number; pem?: string },
    o: RecoverOptions<DkimKey> = {},
  ): Promise<DkimKey> {
    return this.core.request({ ...o, region, method: "POST", path: "/v1/dkim/keys", form: { ...p }, schema: DkimKeySchema, sensitive: p.pem ? [p.pem] : [] });
  }

  async setKeyActive(region: Region, authority: string, selector: string, active: boolean, o?: CallOptions): Promise<void> {
    const verb = active ? "activate" : "deactivate";
    await this.core.request({ ...o, region, method: "PUT", path: path`/v4/domains/${authority}/keys/${selector}/${verb}`, schema: IgnoredBodySchema });
  }

  /** DELETE /v1/dkim/keys?signing_domain=&selector=; a 404 (the domain is gone, its keys with it) resolves. */
  deleteKey(region: Region, signingDomain: string, selector: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(
      this.core.request({ ...o, region, method: "DELETE", path: "/v1/dkim/keys", query: { signing_domain: signingDomain, selector }, schema: IgnoredBodySchema }),
    );
  }

  /**
   * Automatic Sender Security key rotation of a domain. The spec documents only the PUT; this GET
   * of the same resource is how the provider reads the settings back (see docs/resources/domain.md).
   */
  getRotation(region: Region, domain: string, o?: CallOptions): Promise<DkimRotation> {
    return get(this.core, region, path`/v1/dkim_management/domains/${domain}`, DkimRotationSchema, o);
  }

  /** `rotation_interval` only with `rotation_enabled: true` (Mailgun refuses it otherwise). */
  updateRotation(region: Region, domain: string, p: { rotation_enabled: boolean; rotation_interval?: string }, o?: CallOptions): Promise<DkimRotation> {
    return this.core.request({ ...o, region, method: "PUT", path: path`/v1/dkim_management/domains/${domain}/rotation`, form: { ...p }, schema: DkimRotationSchema });
  }
}
