/**
 * Mailing lists and members (`/v3/lists...`): plain `application/json` with
 * `Content-Disposition: inline` (recorded in mailing_list.yml and list_members.yml). Where the
 * spec and the recordings differ, the recordings win: create answers 200 (spec: 201), and a
 * member's GET nests it under `member` (spec: flat).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { InvalidParameter } from "../errors";
import {
  addMember, allLists, countMembers, createList, deleteList, getList, getMember, ListInput, MemberInput, memberKey,
  removeMember, sortedMembers, updateList, updateMember,
} from "../models/mailing-lists";
import type { Ctx } from "../models/context";
import type { Params } from "../params";
import type { ListMemberRecord, MailingListRecord, World } from "../store";
import { api, ROUTES_JSON_TYPE, Style } from "./respond";

const STYLE: Style = { contentType: ROUTES_JSON_TYPE, headers: { "content-disposition": "inline" } };
/** spec: "Max is 100. Defaults to 100." (members); lists default to 100 as well. */
const PAGE_DEFAULT = 100;
const PAGE_MAX = 100;

/** In the recorded key order. */
function listObject(ctx: Ctx, l: MailingListRecord): Record<string, unknown> {
  return {
    access_level: l.access_level,
    address: l.address,
    created_at: l.created_at,
    description: l.description,
    members_count: countMembers(ctx, l.address),
    name: l.name,
    reply_preference: l.reply_preference,
  };
}

function memberObject(m: ListMemberRecord): Record<string, unknown> {
  return { address: m.address, name: m.name, subscribed: m.subscribed, vars: m.vars };
}

function listInput(params: Params): ListInput {
  return {
    address: params.get("address"),
    name: params.get("name"),
    description: params.get("description"),
    access_level: params.get("access_level"),
    // The spec's PUT spells it `reply_reference` (a typo): both are read.
    reply_preference: params.get("reply_preference") ?? params.get("reply_reference"),
  };
}

function memberInput(params: Params): MemberInput {
  return { address: params.get("address"), name: params.get("name"), vars: params.get("vars"), subscribed: params.bool("subscribed") };
}

function limitOf(params: Params): number {
  const limit = params.int("limit") ?? PAGE_DEFAULT;
  if (limit < 1 || limit > PAGE_MAX) throw new InvalidParameter("limit", String(limit), `1 to ${PAGE_MAX}`);
  return limit;
}

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

/**
 * One page of items sorted by address, pivoting on `address` as Mailgun's paging URLs do
 * (`?page=next&address=<last>&limit=N`); mailgun.js reads the pivot back from them.
 */
function page<T extends { address: string }>(items: T[], params: Params, base: string): { items: T[]; paging: Record<string, string> } {
  const limit = limitOf(params);
  const which = params.get("page") || "first";
  const pivot = params.get("address");
  const k = (x: T) => memberKey(x.address);
  let slice: T[];
  if (which === "last") slice = items.slice(Math.max(0, items.length - limit));
  else if (which === "next" && pivot) slice = items.filter((x) => k(x) > memberKey(pivot)).slice(0, limit);
  else if ((which === "prev" || which === "previous") && pivot) {
    const before = items.filter((x) => k(x) < memberKey(pivot));
    slice = before.slice(Math.max(0, before.length - limit));
  } else if (which === "first" || !pivot) slice = items.slice(0, limit);
  else throw new InvalidParameter("page", which, "first, last, next or prev");
  const url = (p: string, at?: string) => `${base}?page=${p}${at === undefined ? "" : `&address=${encodeURIComponent(at)}`}&limit=${limit}`;
  return {
    items: slice,
    paging: {
      first: url("first"),
      last: url("last"),
      next: url("next", slice.length ? slice[slice.length - 1].address : pivot ?? ""),
      previous: url("prev", slice.length ? slice[0].address : pivot ?? ""),
    },
  };
}

function skipLimit<T>(items: T[], params: Params): { items: T[]; total_count: number } {
  const skip = Math.max(0, params.int("skip") ?? 0);
  return { items: items.slice(skip, skip + limitOf(params)), total_count: items.length };
}

export function mailingListRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.post("/v3/lists", api(world, ({ ctx, params }) => {
      const list = createList(ctx, listInput(params));
      return { list: listObject(ctx, list), message: "Mailing list has been created" };
    }, STYLE));
    app.get("/v3/lists", api(world, ({ ctx, params }) => {
      const { items, total_count } = skipLimit(allLists(ctx, params.get("address") || undefined), params);
      return { items: items.map((l) => listObject(ctx, l)), total_count };
    }, STYLE));
    app.get("/v3/lists/pages", (request: FastifyRequest, reply: FastifyReply) => api(world, ({ ctx, params }) => {
      const sorted = allLists(ctx).sort((a, b) => (memberKey(a.address) < memberKey(b.address) ? -1 : 1));
      const { items, paging } = page(sorted, params, `${origin(request)}/v3/lists/pages`);
      return { items: items.map((l) => listObject(ctx, l)), paging };
    }, STYLE)(request, reply));
    app.get("/v3/lists/:list", api(world, ({ ctx, path }) => ({ list: listObject(ctx, getList(ctx, path.list)) }), STYLE));
    app.put("/v3/lists/:list", api(world, ({ ctx, params, path }) => {
      const list = updateList(ctx, path.list, listInput(params));
      return { list: listObject(ctx, list), message: "Mailing list has been updated" };
    }, STYLE));
    app.delete("/v3/lists/:list", api(world, ({ ctx, path }) => {
      const list = deleteList(ctx, path.list);
      return { address: list.address, message: "Mailing list has been removed" };
    }, STYLE));

    app.get("/v3/lists/:list/members", api(world, ({ ctx, params, path }) => {
      const { items, total_count } = skipLimit(sortedMembers(ctx, path.list, params.bool("subscribed")), params);
      return { items: items.map(memberObject), total_count };
    }, STYLE));
    app.get("/v3/lists/:list/members/pages", (request: FastifyRequest, reply: FastifyReply) => api(world, ({ ctx, params, path }) => {
      const base = `${origin(request)}/v3/lists/${encodeURIComponent(path.list)}/members/pages`;
      const { items, paging } = page(sortedMembers(ctx, path.list, params.bool("subscribed")), params, base);
      return { items: items.map(memberObject), paging };
    }, STYLE)(request, reply));
    app.post("/v3/lists/:list/members", api(world, ({ ctx, params, path }) => {
      const { member, created } = addMember(ctx, path.list, memberInput(params), params.bool("upsert") ?? false);
      return { member: memberObject(member), message: created ? "Mailing list member has been created" : "Mailing list member has been updated" };
    }, STYLE));
    app.get("/v3/lists/:list/members/:member", api(world, ({ ctx, path }) => ({ member: memberObject(getMember(ctx, path.list, path.member)) }), STYLE));
    app.put("/v3/lists/:list/members/:member", api(world, ({ ctx, params, path }) => {
      const member = updateMember(ctx, path.list, path.member, memberInput(params));
      return { member: memberObject(member), message: "Mailing list member has been updated" };
    }, STYLE));
    app.delete("/v3/lists/:list/members/:member", api(world, ({ ctx, path }) => {
      const member = removeMember(ctx, path.list, path.member);
      return { member: { address: member.address }, message: "Mailing list member has been deleted" };
    }, STYLE));
  };
}
