/**
 * Templates and versions (`/v3/{domain}/templates...`). Shapes: templates.yml (Oct 2023) where
 * recorded, else the spec's examples. Recorded details: a template GET has no `version` unless
 * `active=yes`; version listings leave out each version's content and headers; paging links
 * are absolute and always all four, `previous` spelled out.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { InvalidParameter } from "../errors";
import {
  createTemplate, createVersion, deleteAllTemplates, deleteTemplate, deleteVersion, listTemplates, listVersions, parseHeaders,
  readTemplate, readVersion, TemplateRecord, TemplateVersionRecord, updateTemplate, updateVersion, VersionInput,
} from "../models/templates";
import { Params } from "../params";
import type { World } from "../store";
import { api } from "./respond";

const PAGE_MAX = 100;

function limitOf(params: Params): number {
  const limit = params.int("limit") ?? PAGE_MAX;
  if (limit < 1 || limit > PAGE_MAX) throw new InvalidParameter("limit", String(limit), `1 to ${PAGE_MAX}`);
  return limit;
}

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

/** The recorded link set: pivots are the page's first and last keys. */
function paging(base: string, limit: number, keys: string[]) {
  const q = (page: string, p?: string) => `${base}?${page ? `page=${page}&` : ""}${p !== undefined ? `p=${encodeURIComponent(p).replace(/%20/g, "+")}&` : ""}limit=${limit}`;
  return {
    first: q(""),
    last: q("last"),
    next: q("next", keys.length ? keys[keys.length - 1] : ""),
    previous: q("previous", keys.length ? keys[0] : ""),
  };
}

function templateObject(t: TemplateRecord) {
  return { name: t.name, description: t.description, createdAt: t.createdAt, createdBy: t.createdBy, id: t.id };
}

function versionObject(v: TemplateVersionRecord) {
  return {
    tag: v.tag, template: v.template, engine: v.engine, mjml: v.mjml, createdAt: v.createdAt,
    comment: v.comment, active: v.active, id: v.id, headers: { ...v.headers },
  };
}

/** As listed: without content and headers (recorded). */
function listedVersion(v: TemplateVersionRecord) {
  return { tag: v.tag, engine: v.engine, mjml: v.mjml, createdAt: v.createdAt, comment: v.comment, active: v.active, id: v.id };
}

function versionInput(params: Params): VersionInput {
  return {
    template: params.get("template"),
    tag: params.get("tag"),
    engine: params.get("engine") || undefined,
    comment: params.get("comment"),
    headers: parseHeaders(params.get("headers")),
    active: params.bool("active"),
  };
}

type Handler = Parameters<typeof api>[1];

/** A handler that also knows the request (for absolute paging links). */
function withRequest(world: World, run: (request: FastifyRequest) => Handler) {
  return (request: FastifyRequest, reply: FastifyReply) => api(world, run(request))(request, reply);
}

export function templateRoutes(world: World) {
  return async (app: FastifyInstance) => {
    const base = "/v3/:domain/templates";

    app.get(base, withRequest(world, (request) => ({ ctx, params, path }) => {
      const limit = limitOf(params);
      const items = listTemplates(ctx, path.domain, params.get("page") || undefined, params.get("p"), limit);
      return { items: items.map(templateObject), paging: paging(`${origin(request)}/v3/${path.domain}/templates`, limit, items.map((t) => t.name)) };
    }));

    app.post(base, api(world, ({ ctx, params, path }) => {
      const content = params.get("template");
      const t = createTemplate(ctx, path.domain, {
        name: params.get("name"),
        description: params.get("description"),
        createdBy: params.get("createdBy"),
        version: content === undefined ? undefined : { ...versionInput(params), active: true },
      });
      const template: Record<string, unknown> = templateObject(t);
      if (t.versions[0]) template.version = versionObject(t.versions[0]);
      return { message: "template has been stored", template };
    }));

    app.delete(base, api(world, ({ ctx, path }) => {
      deleteAllTemplates(ctx, path.domain);
      return { message: "templates have been deleted" };
    }));

    app.get(`${base}/:name`, api(world, ({ ctx, params, path }) => {
      const t = readTemplate(ctx, path.domain, path.name);
      const template: Record<string, unknown> = templateObject(t);
      const active = t.versions.find((v) => v.active);
      if (params.bool("active") && active) template.version = versionObject(active);
      return { template };
    }));

    app.put(`${base}/:name`, api(world, ({ ctx, params, path }) => {
      const t = updateTemplate(ctx, path.domain, path.name, params.get("description"));
      return { message: "template has been updated", template: { name: t.name } };
    }));

    app.delete(`${base}/:name`, api(world, ({ ctx, path }) => {
      const name = deleteTemplate(ctx, path.domain, path.name);
      return { message: "template has been deleted", template: { name } };
    }));

    app.get(`${base}/:name/versions`, withRequest(world, (request) => ({ ctx, params, path }) => {
      const limit = limitOf(params);
      const { template, versions } = listVersions(ctx, path.domain, path.name, params.get("page") || undefined, params.get("p"), limit);
      return {
        template: { ...templateObject(template), versions: versions.map(listedVersion) },
        paging: paging(`${origin(request)}/v3/${path.domain}/templates/${encodeURIComponent(template.name)}/versions`, limit, versions.map((v) => v.tag)),
      };
    }));

    app.post(`${base}/:name/versions`, api(world, ({ ctx, params, path }) => {
      const { template, version } = createVersion(ctx, path.domain, path.name, versionInput(params));
      return { message: "new version of the template has been stored", template: { ...templateObject(template), version: versionObject(version) } };
    }));

    app.get(`${base}/:name/versions/:tag`, api(world, ({ ctx, path }) => {
      const { template, version } = readVersion(ctx, path.domain, path.name, path.tag);
      return { template: { ...templateObject(template), version: versionObject(version) } };
    }));

    app.put(`${base}/:name/versions/:tag`, api(world, ({ ctx, params, path }) => {
      const input = versionInput(params);
      const t = updateVersion(ctx, path.domain, path.name, path.tag, { ...input, tag: undefined });
      return { message: "version has been updated", template: { name: t.name, version: { tag: path.tag.toLowerCase() } } };
    }));

    app.delete(`${base}/:name/versions/:tag`, api(world, ({ ctx, path }) => {
      const t = deleteVersion(ctx, path.domain, path.name, path.tag);
      return { message: "version has been deleted", template: { name: t.name, version: { tag: path.tag.toLowerCase() } } };
    }));
  };
}
