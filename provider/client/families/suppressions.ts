/**
 * A domain's bounces, unsubscribes, complaints and allowlist ("whitelists"), keyed by address
 * (allowlist: address or domain). A POST of a listed address overwrites it, so sending it again
 * after an ambiguous failure is safe.
 */
import type { Region } from "../../config";
import { get, ignoreNotFound, orUndefined, type RequestCore } from "../core";
import { path } from "../encoding";
import { allPages, pivot } from "../paging";
import type { CallOptions } from "../request-loop";
import { IgnoredBodySchema, type Suppression, SuppressionPageSchema, SuppressionSchema } from "../schemas";

/** A domain's suppression tables, as their paths name them. */
export type SuppressionTable = "bounces" | "unsubscribes" | "complaints" | "whitelists";

/** One suppression entry to write: `address` (or, on the allowlist, `domain`) and the table's own fields. */
export interface SuppressionEntry {
  address?: string;
  domain?: string;
  code?: string;
  error?: string;
  tags?: string[];
}

/** Mailgun's largest suppression page. */
const PAGE = 1000;

export class SuppressionCalls {
  constructor(private readonly core: RequestCore) {}

  /** Every page, in alphabetical order (pivot paging on the last address, 1000 a page). */
  list(region: Region, domain: string, table: SuppressionTable, o?: CallOptions): Promise<Suppression[]> {
    return allPages(
      pivot<Suppression>(PAGE, "address", (s) => s.address),
      async (page) => (await get(this.core, region, path`/v3/${domain}/${table}`, SuppressionPageSchema, o, page)).items,
    );
  }

  /** GET of one entry; undefined when the table does not hold it (or the domain is gone, its tables with it). */
  find(region: Region, domain: string, table: SuppressionTable, address: string, o?: CallOptions): Promise<Suppression | undefined> {
    return orUndefined(get(this.core, region, path`/v3/${domain}/${table}/${address}`, SuppressionSchema, o));
  }

  /**
   * POST of one entry (an upsert). Unsubscribes go as a one-item JSON batch: only that form takes
   * a list of tags (`tags`; the form field `tag` takes one). Mailgun adds an unsubscribe's tags
   * to those the address has already; the other tables overwrite the entry.
   */
  async add(region: Region, domain: string, table: SuppressionTable, e: SuppressionEntry, o?: CallOptions): Promise<void> {
    const base = { ...o, region, method: "POST" as const, path: path`/v3/${domain}/${table}`, schema: IgnoredBodySchema, recover: async () => undefined };
    if (table === "unsubscribes") {
      await this.core.request({ ...base, json: [{ address: e.address, tags: e.tags ?? ["*"] }] });
      return;
    }
    const form = table === "bounces" ? { address: e.address, code: e.code, error: e.error } : table === "whitelists" && e.domain ? { domain: e.domain } : { address: e.address };
    await this.core.request({ ...base, form });
  }

  /** DELETE of one entry (with `tag`: only that tag of an unsubscribe); a 404 resolves (already gone). */
  delete(region: Region, domain: string, table: SuppressionTable, address: string, tag?: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(
      this.core.request({ ...o, region, method: "DELETE", path: path`/v3/${domain}/${table}/${address}`, query: tag === undefined ? undefined : { tag }, schema: IgnoredBodySchema }),
    );
  }
}
