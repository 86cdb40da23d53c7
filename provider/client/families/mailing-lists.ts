/** Mailing lists and their members (`/v3/lists...`, api-notes §7.2). Every call names its region: lists are region-bound. */
import type { Region } from "../../config";
import { get, ignoreNotFound, orUndefined, type RecoverOptions, type RequestCore } from "../core";
import { path } from "../encoding";
import { allPages, pivot } from "../paging";
import type { CallOptions } from "../request-loop";
import {
  IgnoredBodySchema, type ListMember, ListMemberPageSchema, ListMemberResponseSchema, type MailingList, MailingListPageSchema, MailingListResponseSchema,
} from "../schemas";

export interface MailingListParams {
  address?: string;
  name?: string;
  description?: string;
  access_level?: string;
  reply_preference?: string;
}

export interface ListMemberParams {
  address?: string;
  name?: string;
  vars?: Record<string, unknown>;
  subscribed?: boolean;
}

/** `/v3/lists/pages` and `/members/pages` serve at most 100 a page (spec: "Max is 100"). */
export const LIST_PAGE = 100;

const ListSchema = MailingListResponseSchema.transform((r) => r.list);

function memberForm(p: ListMemberParams) {
  return { address: p.address, name: p.name, vars: p.vars === undefined ? undefined : JSON.stringify(p.vars), subscribed: p.subscribed };
}

export class MailingListCalls {
  constructor(private readonly core: RequestCore) {}

  /** Every mailing list of the region (`/v3/lists/pages`, pivot on the last address, 100 a page). */
  list(region: Region, o?: CallOptions): Promise<MailingList[]> {
    return allPages(
      pivot<MailingList>(LIST_PAGE, "address", (l) => l.address, true),
      async (page) => (await get(this.core, region, "/v3/lists/pages", MailingListPageSchema, o, page)).items,
    );
  }

  get(region: Region, address: string, o?: CallOptions): Promise<MailingList> {
    return get(this.core, region, path`/v3/lists/${address}`, ListSchema, o);
  }

  /** GET that answers undefined for a missing list. */
  find(region: Region, address: string, o?: CallOptions): Promise<MailingList | undefined> {
    return orUndefined(this.get(region, address, o));
  }

  /** POST /v3/lists. Without `recover`, an ambiguous failure is reported, never re-sent. */
  create(region: Region, p: MailingListParams, o: RecoverOptions<MailingList> = {}): Promise<MailingList> {
    return this.core.request({ ...o, region, method: "POST", path: "/v3/lists", form: { ...p }, schema: ListSchema });
  }

  /** PUT: fields left out stay; a new `address` renames the list (its members go with it). */
  update(region: Region, address: string, p: MailingListParams, o?: CallOptions): Promise<MailingList> {
    return this.core.request({ ...o, region, method: "PUT", path: path`/v3/lists/${address}`, form: { ...p }, schema: ListSchema });
  }

  /** A 404 resolves (already gone). */
  delete(region: Region, address: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v3/lists/${address}`, schema: IgnoredBodySchema }));
  }

  getMember(region: Region, list: string, address: string, o?: CallOptions): Promise<ListMember> {
    return get(this.core, region, path`/v3/lists/${list}/members/${address}`, ListMemberResponseSchema, o);
  }

  /** GET that answers undefined when the member, or its whole list, is missing. */
  findMember(region: Region, list: string, address: string, o?: CallOptions): Promise<ListMember | undefined> {
    return orUndefined(this.getMember(region, list, address, o));
  }

  /** Every member (`/members/pages`, 100 a page, pivoting on the last address seen); [] when the list itself is missing. */
  listMembers(region: Region, list: string, o?: CallOptions): Promise<ListMember[]> {
    return allPages(
      pivot<ListMember>(LIST_PAGE, "address", (m) => m.address, true),
      async (page) => (await orUndefined(get(this.core, region, path`/v3/lists/${list}/members/pages`, ListMemberPageSchema, o, page)))?.items,
    );
  }

  /** POST; `upsert` updates a present member instead of answering 400 `Address already exists`. */
  createMember(region: Region, list: string, p: ListMemberParams & { upsert: boolean }, o: RecoverOptions<ListMember> = {}): Promise<ListMember> {
    const form = { ...memberForm(p), upsert: p.upsert ? "yes" : "no" };
    return this.core.request({ ...o, region, method: "POST", path: path`/v3/lists/${list}/members`, form, schema: ListMemberResponseSchema });
  }

  /** PUT: fields left out stay; `vars` replaces the member's whole object. */
  updateMember(region: Region, list: string, address: string, p: ListMemberParams, o?: CallOptions): Promise<ListMember> {
    return this.core.request({ ...o, region, method: "PUT", path: path`/v3/lists/${list}/members/${address}`, form: memberForm(p), schema: ListMemberResponseSchema });
  }

  /** A 404 (the member, or its whole list, is gone) resolves. */
  deleteMember(region: Region, list: string, address: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v3/lists/${list}/members/${address}`, schema: IgnoredBodySchema }));
  }
}
