/**
 * Templates of a domain and their versions (`/v3/{domain}/templates...`, api-notes §7.1),
 * region-bound with their domain. Names and tags are stored lower-cased (spec: "name will be
 * down cased"; templates.yml: tag `V1` stored as `v1`). A template and its versions are one
 * stored object, so a consistency delay applies to both alike.
 */
import { randomUUID } from "node:crypto";
import {
  BadRequest, MissingParameter, TemplateExists, TemplateHeaderUnsupported, TemplateNotFound, TemplatesDomainNotFound,
  TemplatesLimit, TemplateVersionExists, TemplateVersionNotFound, TemplateVersionsLimit,
} from "../errors";
import { childMap, DomainRecord, type TemplateRecord, type TemplateVersionRecord } from "../store";
import { fresh, observe, replace, settled, Versioned } from "../versioned";
import { Ctx, consistencyDelay } from "./context";

/** Mailgun's limits: 40 versions per template (spec, POST .../versions); 100 templates per domain (issue 13). */
export const MAX_TEMPLATES_PER_DOMAIN = 100;
export const MAX_VERSIONS_PER_TEMPLATE = 40;
/** The only header names a template version may carry (spec, POST .../templates `headers`). */
export const TEMPLATE_HEADERS = ["From", "Subject", "Reply-To"] as const;
/** The engines Mailgun renders (spec: version `engine`; every capture shows handlebars). */
export const TEMPLATE_ENGINES = ["handlebars"] as const;

export type { TemplateRecord, TemplateVersionRecord } from "../store";

/** Templates: `Sun, 15 Oct 2023 15:33:22 UTC` (recorded). */
export function templateDate(now: number): string {
  return new Date(now).toUTCString().replace(/GMT$/, "UTC");
}

/**
 * The domain as the templates service sees it: unknown, too new or being deleted is 404
 * `domain not found`, lower-case (recorded in templates.yml; the domains service says `Domain not found`).
 */
function templatesDomain(ctx: Ctx, rawName: string): DomainRecord {
  const name = rawName.trim().toLowerCase();
  const entry = ctx.store.domains.get(name);
  const until = ctx.store.deleting.get(name);
  if (!entry || !settled(entry, ctx.now) || (until !== undefined && until > ctx.now)) throw new TemplatesDomainNotFound();
  return observe(entry, ctx.now)!;
}

function templatesOf(ctx: Ctx, domain: string): Map<string, Versioned<TemplateRecord>> {
  return childMap(ctx.store.templates, templatesDomain(ctx, domain).name);
}

function visible(ctx: Ctx, domain: string): TemplateRecord[] {
  const out: TemplateRecord[] = [];
  for (const entry of templatesOf(ctx, domain).values()) {
    const seen = observe(entry, ctx.now);
    if (seen) out.push(seen);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function readTemplate(ctx: Ctx, domain: string, name: string): TemplateRecord {
  const entry = templatesOf(ctx, domain).get(name.toLowerCase());
  const seen = entry && observe(entry, ctx.now);
  if (!seen) throw new TemplateNotFound();
  return seen;
}

function writable(ctx: Ctx, domain: string, name: string): Versioned<TemplateRecord> {
  const entry = templatesOf(ctx, domain).get(name.toLowerCase());
  if (!entry || !settled(entry, ctx.now)) throw new TemplateNotFound();
  return entry;
}

/** `headers` is a JSON object string of From/Subject/Reply-To (spec); undefined when not sent. */
export function parseHeaders(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BadRequest("headers must be a JSON object");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new BadRequest("headers must be a JSON object");
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!(TEMPLATE_HEADERS as readonly string[]).includes(k)) throw new TemplateHeaderUnsupported(k);
    if (typeof v !== "string") throw new BadRequest(`header ${k} must be a string`);
    headers[k] = v;
  }
  return headers;
}

export interface VersionInput {
  template?: string;
  tag?: string;
  engine?: string;
  comment?: string;
  headers?: Record<string, string>;
  active?: boolean;
}

function newVersion(ctx: Ctx, input: VersionInput & { template: string; tag: string }): TemplateVersionRecord {
  const engine = (input.engine ?? "handlebars").toLowerCase();
  if (!(TEMPLATE_ENGINES as readonly string[]).includes(engine)) throw new BadRequest(`unsupported template engine '${input.engine}'`);
  return {
    id: randomUUID(),
    tag: input.tag.toLowerCase(),
    template: input.template,
    engine,
    mjml: "",
    createdAt: templateDate(ctx.now),
    comment: input.comment ?? "",
    active: false,
    headers: input.headers ?? {},
  };
}

/** Makes `tag` the template's one active version (spec: "this version becomes active"). */
function activate(t: TemplateRecord, tag: string): void {
  for (const v of t.versions) v.active = v.tag === tag;
}

export interface TemplateInput {
  name?: string;
  description?: string;
  createdBy?: string;
  /** Content: with it, a first version is made (tag default `initial`), active. */
  version?: VersionInput;
}

export function createTemplate(ctx: Ctx, domain: string, input: TemplateInput): TemplateRecord {
  if (!input.name || !input.name.trim()) throw new MissingParameter("name");
  const name = input.name.toLowerCase();
  const store = templatesOf(ctx, domain);
  if (store.has(name)) throw new TemplateExists();
  if (store.size >= MAX_TEMPLATES_PER_DOMAIN) throw new TemplatesLimit();
  const record: TemplateRecord = {
    id: randomUUID(),
    name,
    description: input.description ?? "",
    createdAt: templateDate(ctx.now),
    createdBy: input.createdBy ?? "",
    versions: [],
  };
  if (input.version?.template !== undefined) {
    const v = newVersion(ctx, { ...input.version, template: input.version.template, tag: input.version.tag || "initial" });
    v.active = true;
    record.versions.push(v);
  }
  store.set(name, fresh(record, ctx.now, consistencyDelay(ctx)));
  ctx.world.changed();
  return record;
}

export interface TemplatePage {
  items: TemplateRecord[];
  /** The pivots of the page's first and last item (for the paging links). */
  first?: string;
  last?: string;
}

/**
 * A page of names sorted ascending, as the recorded listing is: `first` (default), `last`,
 * `next` (after pivot `p`) or `previous` (before `p`).
 */
export function page<T>(all: T[], key: (x: T) => string, which: string | undefined, pivot: string | undefined, limit: number): T[] {
  const p = (pivot ?? "").toLowerCase();
  switch (which) {
    case "last":
      return all.slice(Math.max(0, all.length - limit));
    case "next":
      return all.filter((x) => key(x) > p).slice(0, limit);
    case "previous":
    case "prev": {
      const before = all.filter((x) => key(x) < p);
      return before.slice(Math.max(0, before.length - limit));
    }
    default:
      return all.slice(0, limit);
  }
}

export function listTemplates(ctx: Ctx, domain: string, which: string | undefined, pivot: string | undefined, limit: number): TemplateRecord[] {
  return page(visible(ctx, domain), (t) => t.name, which, pivot, limit);
}

export function updateTemplate(ctx: Ctx, domain: string, name: string, description: string | undefined): TemplateRecord {
  const entry = writable(ctx, domain, name);
  const next: TemplateRecord = structuredClone(entry.value);
  if (description !== undefined) next.description = description;
  replace(entry, next, ctx.now, consistencyDelay(ctx));
  ctx.world.changed();
  return next;
}

/** Deletes the template with all its versions (spec). */
export function deleteTemplate(ctx: Ctx, domain: string, name: string): string {
  const entry = writable(ctx, domain, name);
  templatesOf(ctx, domain).delete(entry.value.name);
  ctx.world.changed();
  return entry.value.name;
}

export function deleteAllTemplates(ctx: Ctx, domain: string): void {
  const store = templatesOf(ctx, domain);
  if (store.size === 0) return;
  store.clear();
  ctx.world.changed();
}

function mutate(ctx: Ctx, domain: string, name: string, change: (t: TemplateRecord) => void): TemplateRecord {
  const entry = writable(ctx, domain, name);
  const next: TemplateRecord = structuredClone(entry.value);
  change(next);
  replace(entry, next, ctx.now, consistencyDelay(ctx));
  ctx.world.changed();
  return next;
}

function versionIn(t: TemplateRecord, tag: string): TemplateVersionRecord {
  const v = t.versions.find((x) => x.tag === tag.toLowerCase());
  if (!v) throw new TemplateVersionNotFound();
  return v;
}

/** A template's first version becomes active; `active=yes` makes a later one active (the others not). */
export function createVersion(ctx: Ctx, domain: string, name: string, input: VersionInput): { template: TemplateRecord; version: TemplateVersionRecord } {
  if (input.template === undefined) throw new MissingParameter("template");
  if (!input.tag) throw new MissingParameter("tag");
  let version!: TemplateVersionRecord;
  const template = mutate(ctx, domain, name, (t) => {
    if (t.versions.some((v) => v.tag === input.tag!.toLowerCase())) throw new TemplateVersionExists();
    if (t.versions.length >= MAX_VERSIONS_PER_TEMPLATE) throw new TemplateVersionsLimit();
    version = newVersion(ctx, { ...input, template: input.template!, tag: input.tag! });
    t.versions.push(version);
    if (t.versions.length === 1 || input.active) activate(t, version.tag);
  });
  return { template, version: versionIn(template, version.tag) };
}

export function readVersion(ctx: Ctx, domain: string, name: string, tag: string): { template: TemplateRecord; version: TemplateVersionRecord } {
  const template = readTemplate(ctx, domain, name);
  return { template, version: versionIn(template, tag) };
}

export function listVersions(ctx: Ctx, domain: string, name: string, which: string | undefined, pivot: string | undefined, limit: number) {
  const template = readTemplate(ctx, domain, name);
  return { template, versions: page(template.versions, (v) => v.tag, which, pivot, limit) };
}

/**
 * Fields not sent stay (spec). `active=yes` activates it; `active=no` changes nothing: the spec
 * documents only "yes", and a template keeps one active version (its first, automatically).
 */
export function updateVersion(ctx: Ctx, domain: string, name: string, tag: string, input: VersionInput): TemplateRecord {
  return mutate(ctx, domain, name, (t) => {
    const v = versionIn(t, tag);
    if (input.template !== undefined) v.template = input.template;
    if (input.comment !== undefined) v.comment = input.comment;
    if (input.headers !== undefined) v.headers = input.headers;
    if (input.active) activate(t, v.tag);
  });
}

/**
 * Deleting the active version is allowed and leaves the template without an active version:
 * the spec neither forbids it nor says another version takes over (our reading; see README).
 */
export function deleteVersion(ctx: Ctx, domain: string, name: string, tag: string): TemplateRecord {
  return mutate(ctx, domain, name, (t) => {
    const v = versionIn(t, tag);
    t.versions = t.versions.filter((x) => x !== v);
  });
}
