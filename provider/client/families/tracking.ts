/** A domain's open, click and unsubscribe tracking (`/v3/domains/{name}/tracking`). */
import type { Region } from "../../config";
import { get, type RequestCore } from "../core";
import { path } from "../encoding";
import type { CallOptions } from "../request-loop";
import { IgnoredBodySchema, type Tracking, TrackingResponseSchema } from "../schemas";

export class TrackingCalls {
  constructor(private readonly core: RequestCore) {}

  async get(region: Region, name: string, o?: CallOptions): Promise<Tracking> {
    return (await get(this.core, region, path`/v3/domains/${name}/tracking`, TrackingResponseSchema, o)).tracking;
  }

  async updateOpen(region: Region, name: string, p: { active: boolean; place_at_the_top?: boolean }, o?: CallOptions): Promise<void> {
    await this.core.request({ ...o, region, method: "PUT", path: path`/v3/domains/${name}/tracking/open`, form: { ...p }, schema: IgnoredBodySchema });
  }

  async updateClick(region: Region, name: string, p: { active: boolean | "htmlonly" }, o?: CallOptions): Promise<void> {
    await this.core.request({ ...o, region, method: "PUT", path: path`/v3/domains/${name}/tracking/click`, form: { ...p }, schema: IgnoredBodySchema });
  }

  async updateUnsubscribe(
    region: Region,
    name: string,
    p: { active: boolean; html_footer?: string; text_footer?: string },
    o?: CallOptions,
  ): Promise<void> {
    await this.core.request({ ...o, region, method: "PUT", path: path`/v3/domains/${name}/tracking/unsubscribe`, form: { ...p }, schema: IgnoredBodySchema });
  }
}
