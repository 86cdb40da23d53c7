/**
 * Mailing-list calls (`/v3/lists...`, api-notes §7.2) over the client's one request loop, kept
 * beside client.ts rather than in it. Every call names its region: lists are region-bound.
 */
import type { Region } from "../config";
import type { MailgunClient, RecoverOptions } from "./client";
import { path } from "./encoding";
import { isNotFound } from "./errors";
import type { CallOptions } from "./request-loop";
import {
  IgnoredBodySchema, type ListMember, ListMemberPageSchema, ListMemberResponseSchema, type MailingList, MailingListResponseSchema,
} from "./schemas";

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

/** `/members/pages` serves at most 100 a page (spec: "Max is 100"). */
export const MEMBER_PAGE = 100;

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export class MailingListCalls {
  constructor(private readonly c: MailgunClient) {}

  getList(region: Region, address: string, o?: CallOptions): Promise<MailingList> {
    return this.c.request({ ...o, region, method: "GET", path: path`/v3/lists/${address}`, schema: MailingListResponseSchema.transform((r) => r.list) });
  }

  /** GET that answers undefined for a missing list. */
  findList(region: Region, address: string, o?: CallOptions): Promise<MailingList | undefined> {
    return orUndefined(this.getList(region, address, o));
  }

  /** POST /v3/lists. Without `recover`, an ambiguous failure is reported, never re-sent. */
  createList(region: Region, p: MailingListParams, o: RecoverOptions<MailingList> = {}): Promise<MailingList> {
    return this.c.request({ ...o, region, method: "POST", path: "/v3/lists", form: { ...p }, schema: MailingListResponseSchema.transform((r) => r.list) });
  }

  /** PUT: fields left out stay; a new `address` renames the list (its members go with it). */
  updateList(region: Region, address: string, p: MailingListParams, o?: CallOptions): Promise<MailingList> {
    return this.c.request({ ...o, region, method: "PUT", path: path`/v3/lists/${address}`, form: { ...p }, schema: MailingListResponseSchema.transform((r) => r.list) });
  }

  /** A 404 resolves (already gone). */
  async deleteList(region: Region, address: string, o?: CallOptions): Promise<void> {
    await orUndefined(this.c.request({ ...o, region, method: "DELETE", path: path`/v3/lists/${address}`, schema: IgnoredBodySchema }));
  }

  getMember(region: Region, list: string, address: string, o?: CallOptions): Promise<ListMember> {
    return this.c.request({ ...o, region, method: "GET", path: path`/v3/lists/${list}/members/${address}`, schema: ListMemberResponseSchema });
  }

  /** GET that answers undefined when the member, or its whole list, is missing. */
  findMember(region: Region, list: string, address: string, o?: CallOptions): Promise<ListMember | undefined> {
    return orUndefined(this.getMember(region, list, address, o));
  }

  /**
   * Every member (`/members/pages`, 100 a page, pivoting on the last address seen); [] when
   * the list itself is missing.
   */
  async listMembers(region: Region, list: string, o?: CallOptions): Promise<ListMember[]> {
    const all: ListMember[] = [];
    let pivot: string | undefined;
    for (;;) {
      const query = pivot === undefined ? { page: "first", limit: String(MEMBER_PAGE) } : { page: "next", address: pivot, limit: String(MEMBER_PAGE) };
      const page = await orUndefined(this.c.request({ ...o, region, method: "GET", path: path`/v3/lists/${list}/members/pages`, query, schema: ListMemberPageSchema }));
      if (!page) return all;
      all.push(...page.items);
      if (page.items.length < MEMBER_PAGE) return all;
      pivot = page.items[page.items.length - 1].address;
    }
  }

  /** POST; `upsert` updates a present member instead of answering 400 `Address already exists`. */
  createMember(region: Region, list: string, p: ListMemberParams & { upsert: boolean }, o: RecoverOptions<ListMember> = {}): Promise<ListMember> {
    return this.c.request({
      ...o,
      region,
      method: "POST",
      path: path`/v3/lists/${list}/members`,
      form: { address: p.address, name: p.name, vars: p.vars === undefined ? undefined : JSON.stringify(p.vars), subscribed: p.subscribed, upsert: p.upsert ? "yes" : "no" },
      schema: ListMemberResponseSchema,
    });
  }

  /** PUT: fields left out stay; `vars` replaces the member's whole object. */
  updateMember(region: Region, list: string, address: string, p: ListMemberParams, o?: CallOptions): Promise<ListMember> {
    return this.c.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v3/lists/${list}/members/${address}`,
      form: { address: p.address, name: p.name, vars: p.vars === undefined ? undefined : JSON.stringify(p.vars), subscribed: p.subscribed },
      schema: ListMemberResponseSchema,
    });
  }

  /** A 404 (the member, or its whole list, is gone) resolves. */
  async deleteMember(region: Region, list: string, address: string, o?: CallOptions): Promise<void> {
    await orUndefined(this.c.request({ ...o, region, method: "DELETE", path: path`/v3/lists/${list}/members/${address}`, schema: IgnoredBodySchema }));
  }
}

const calls = new WeakMap<MailgunClient, MailingListCalls>();

/** The mailing-list calls of a client. */
export function mailingLists(c: MailgunClient): MailingListCalls {
  let l = calls.get(c);
  if (!l) calls.set(c, (l = new MailingListCalls(c)));
  return l;
}
