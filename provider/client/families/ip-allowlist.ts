/**
 * The account's IP allowlist (`/v2/ip_whitelist`). Account-wide: both regions' hosts serve the
 * same list, so `region` only picks the host.
 */
import type { Region } from "../../config";
import { get, type RecoverOptions, type RequestCore } from "../core";
import { isNotFound, MailgunBadRequestError } from "../errors";
import type { CallOptions } from "../request-loop";
import { IgnoredBodySchema, type IpAllowlistEntry, IpAllowlistSchema } from "../schemas";

/** The allowlist's answer for an address it does not hold (spec: 400 on PUT). */
export function saysIpNotFound(err: unknown): boolean {
  return err instanceof MailgunBadRequestError && /ip not found/i.test(err.mailgunMessage);
}

export class IpAllowlistCalls {
  constructor(private readonly core: RequestCore) {}

  list(region: Region, o?: CallOptions): Promise<IpAllowlistEntry[]> {
    return get(this.core, region, "/v2/ip_whitelist", IpAllowlistSchema, o);
  }

  /** POST; answers the whole list. Without `recover`, an ambiguous failure is reported, never re-sent. */
  add(region: Region, address: string, description: string, o: RecoverOptions<IpAllowlistEntry[]> = {}): Promise<IpAllowlistEntry[]> {
    return this.core.request({ ...o, region, method: "POST", path: "/v2/ip_whitelist", form: { address, description }, schema: IpAllowlistSchema });
  }

  /** PUT: sets the entry's description (Mailgun's default, "", when left out); 400 `IP not found` for an unlisted address. */
  update(region: Region, address: string, description: string, o?: CallOptions): Promise<IpAllowlistEntry[]> {
    return this.core.request({ ...o, region, method: "PUT", path: "/v2/ip_whitelist", form: { address, description }, schema: IpAllowlistSchema });
  }

  /** DELETE ?address=; an address that is not listed (400 `IP not found`, or a 404) is already gone. */
  async delete(region: Region, address: string, o?: CallOptions): Promise<void> {
    try {
      await this.core.request({ ...o, region, method: "DELETE", path: "/v2/ip_whitelist", query: { address }, schema: IgnoredBodySchema });
    } catch (err) {
      if (isNotFound(err) || saysIpNotFound(err)) return;
      throw err;
    }
  }
}
