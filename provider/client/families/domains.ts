/** Domains (`/v4/domains`, `/v3/domains/{name}`) and the DKIM settings kept on the domain itself. */
import type { Region } from "../../config";
import { createOnce, get, ignoreNotFound, orUndefined, type RecoverOptions, type RequestCore } from "../core";
import { path } from "../encoding";
import { MailgunBadRequestError } from "../errors";
import { allPages, skipLimit } from "../paging";
import type { CreateDomainParams, UpdateDomainParams } from "../params";
import type { CallOptions } from "../request-loop";
import { type Domain, DomainListSchema, type DomainWithRecords, DomainWithRecordsSchema, IgnoredBodySchema } from "../schemas";

/** `/v4/domains` serves at most 1000 a page (skip/limit). */
export const DOMAIN_PAGE = 1000;

export class DomainCalls {
  constructor(private readonly core: RequestCore) {}

  /** One page, as Mailgun answers it. */
  async listPage(
    region: Region,
    q: { search?: string; limit?: number; skip?: number } = {},
    o?: CallOptions,
  ): Promise<{ total_count: number; items: Domain[] }> {
    const r = await get(this.core, region, "/v4/domains", DomainListSchema, o, {
      search: q.search,
      limit: q.limit === undefined ? undefined : String(q.limit),
      skip: q.skip === undefined ? undefined : String(q.skip),
    });
    return { total_count: r.total_count, items: r.items };
  }

  /** Every domain of the region (all pages); `state` and `search` are Mailgun's own filters. */
  list(region: Region, q: { state?: string; search?: string; pageSize?: number } = {}, o?: CallOptions): Promise<Domain[]> {
    return allPages(skipLimit<Domain>(q.pageSize ?? DOMAIN_PAGE), async (page) =>
      (await get(this.core, region, "/v4/domains", DomainListSchema, o, { ...page, state: q.state, search: q.search })).items,
    );
  }

  get(region: Region, name: string, o?: CallOptions): Promise<DomainWithRecords> {
    return get(this.core, region, path`/v4/domains/${name}`, DomainWithRecordsSchema, o);
  }

  /** GET that answers undefined for a missing domain. */
  find(region: Region, name: string, o?: CallOptions): Promise<DomainWithRecords | undefined> {
    return orUndefined(this.get(region, name, o));
  }

  /**
   * POST /v4/domains. After an ambiguous failure it looks the domain up by name before sending
   * again; and when the re-sent create answers "already taken" (our first attempt took effect but
   * was not yet visible), it waits for the domain to appear and returns it.
   */
  create(region: Region, params: CreateDomainParams, o: RecoverOptions<DomainWithRecords> = {}): Promise<DomainWithRecords> {
    return createOnce(
      this.core,
      { ...o, region, method: "POST", path: "/v4/domains", form: { ...params }, schema: DomainWithRecordsSchema, recover: o.recover ?? (() => this.find(region, params.name)) },
      {
        is: (err) => err instanceof MailgunBadRequestError && /already taken/i.test(err.mailgunMessage),
        lookUp: () => this.find(region, params.name, { expectExists: true }),
      },
    );
  }

  update(region: Region, name: string, params: UpdateDomainParams, o?: CallOptions): Promise<DomainWithRecords> {
    return this.core.request({ ...o, region, method: "PUT", path: path`/v4/domains/${name}`, form: { ...params }, schema: DomainWithRecordsSchema });
  }

  /** DELETE /v3/domains/{name}; a 404 resolves (already gone). Mailgun deletes in the background. */
  delete(region: Region, name: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v3/domains/${name}`, schema: IgnoredBodySchema }));
  }

  verify(region: Region, name: string, o?: CallOptions): Promise<DomainWithRecords> {
    return this.core.request({ ...o, region, method: "PUT", path: path`/v4/domains/${name}/verify`, schema: DomainWithRecordsSchema });
  }

  async updateDkimAuthority(region: Region, name: string, self: boolean, o?: CallOptions): Promise<void> {
    await this.core.request({ ...o, region, method: "PUT", path: path`/v3/domains/${name}/dkim_authority`, form: { self }, schema: IgnoredBodySchema });
  }

  async updateDkimSelector(region: Region, name: string, selector: string, o?: CallOptions): Promise<void> {
    await this.core.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v3/domains/${name}/dkim_selector`,
      form: { dkim_selector: selector },
      schema: IgnoredBodySchema,
    });
  }
}
