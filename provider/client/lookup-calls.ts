/**
 * Account-wide listings the lookups need and the resources do not (every domain with a state
 * filter, every template of a domain, every mailing list), over the client's one request loop,
 * so they get the same region routing, retries and 429 pacing. Kept beside client.ts, like
 * mailing-lists.ts, rather than in it.
 */
import { z } from "zod";
import type { Region } from "../config";
import type { MailgunClient } from "./client";
import { path } from "./encoding";
import type { CallOptions } from "./request-loop";
import { type Domain, DomainListSchema, type MailingList, MailingListSchema, type Template, TemplateSchema } from "./schemas";

/** `/v4/domains` serves at most 1000 a page (skip/limit). */
export const DOMAIN_PAGE = 1000;
/** Templates and `/v3/lists/pages` serve at most 100 a page (pivot paging). */
export const PIVOT_PAGE = 100;

const TemplatePageSchema = z.looseObject({ items: z.array(TemplateSchema).nullish().transform((v) => v ?? []) });
const ListPageSchema = z.looseObject({ items: z.array(MailingListSchema).nullish().transform((v) => v ?? []) });

/** Every domain of the region (all pages); `state` and `search` are Mailgun's own filters. */
export async function listAllDomains(c: MailgunClient, region: Region, q: { state?: string; search?: string } = {}, o?: CallOptions): Promise<Domain[]> {
  const all: Domain[] = [];
  for (let skip = 0; ; skip += DOMAIN_PAGE) {
    const page = await c.request({
      ...o, region, method: "GET", path: "/v4/domains", schema: DomainListSchema,
      query: { skip: String(skip), limit: String(DOMAIN_PAGE), state: q.state, search: q.search },
    });
    all.push(...page.items);
    if (page.items.length < DOMAIN_PAGE) return all;
  }
}

/** Every template of a domain (pivot paging on the last name, 100 a page). A missing domain is a 404. */
export async function listAllTemplates(c: MailgunClient, region: Region, domain: string, o?: CallOptions): Promise<Template[]> {
  const all: Template[] = [];
  let pivot: string | undefined;
  for (;;) {
    const query = pivot === undefined ? { limit: String(PIVOT_PAGE) } : { page: "next", p: pivot, limit: String(PIVOT_PAGE) };
    const page = await c.request({ ...o, region, method: "GET", path: path`/v3/${domain}/templates`, schema: TemplatePageSchema, query });
    all.push(...page.items);
    if (page.items.length < PIVOT_PAGE) return all;
    pivot = page.items[page.items.length - 1].name;
  }
}

/** Every mailing list of the region (`/v3/lists/pages`, pivot on the last address, 100 a page). */
export async function listAllMailingLists(c: MailgunClient, region: Region, o?: CallOptions): Promise<MailingList[]> {
  const all: MailingList[] = [];
  let pivot: string | undefined;
  for (;;) {
    const query = pivot === undefined ? { page: "first", limit: String(PIVOT_PAGE) } : { page: "next", address: pivot, limit: String(PIVOT_PAGE) };
    const page = await c.request({ ...o, region, method: "GET", path: "/v3/lists/pages", schema: ListPageSchema, query });
    all.push(...page.items);
    if (page.items.length < PIVOT_PAGE) return all;
    pivot = page.items[page.items.length - 1].address;
  }
}
