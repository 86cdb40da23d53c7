/** A domain's templates and their versions (`/v3/{domain}/templates`); Mailgun lower-cases names and tags (api-notes §7.1). */
import type { Region } from "../../config";
import { get, ignoreNotFound, orUndefined, type RecoverOptions, type RequestCore } from "../core";
import { path } from "../encoding";
import { allPages, pivot } from "../paging";
import type { CallOptions } from "../request-loop";
import { IgnoredBodySchema, type Template, TemplatePageSchema, TemplateResponseSchema, type TemplateVersion, TemplateVersionPageSchema } from "../schemas";

/** Templates and their versions are served at most 100 a page (pivot paging). */
export const TEMPLATE_PAGE = 100;

/** The version a template answer carries (create and GET of a version always carry one). */
function versionOf(t: Template): TemplateVersion {
  if (!t.version) throw new Error(`Mailgun's answer about template ${t.name} has no version`);
  return t.version;
}

const VersionSchema = TemplateResponseSchema.transform((t) => versionOf(t));

export interface TemplateVersionParams {
  tag: string;
  template: string;
  engine: string;
  comment: string;
  headers: Record<string, string>;
  active?: boolean;
}

export class TemplateCalls {
  constructor(private readonly core: RequestCore) {}

  /** Every template of a domain (pivot paging on the last name, 100 a page). A missing domain is a 404. */
  list(region: Region, domain: string, o?: CallOptions): Promise<Template[]> {
    return allPages(
      pivot<Template>(TEMPLATE_PAGE, "p", (t) => t.name),
      async (page) => (await get(this.core, region, path`/v3/${domain}/templates`, TemplatePageSchema, o, page)).items,
    );
  }

  get(region: Region, domain: string, name: string, o?: CallOptions): Promise<Template> {
    return get(this.core, region, path`/v3/${domain}/templates/${name}`, TemplateResponseSchema, o);
  }

  /** GET that answers undefined for a missing template (or domain). */
  find(region: Region, domain: string, name: string, o?: CallOptions): Promise<Template | undefined> {
    return orUndefined(this.get(region, domain, name, o));
  }

  /** POST without content: no version is made. Without `recover` an ambiguous failure is reported, never re-sent. */
  create(region: Region, domain: string, p: { name: string; description: string; createdBy?: string }, o: RecoverOptions<Template> = {}): Promise<Template> {
    return this.core.request({ ...o, region, method: "POST", path: path`/v3/${domain}/templates`, form: { ...p }, schema: TemplateResponseSchema });
  }

  async update(region: Region, domain: string, name: string, description: string, o?: CallOptions): Promise<void> {
    await this.core.request({ ...o, region, method: "PUT", path: path`/v3/${domain}/templates/${name}`, form: { description }, schema: IgnoredBodySchema });
  }

  /** Deletes the template with all its versions; a 404 (template or domain gone) resolves. */
  delete(region: Region, domain: string, name: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v3/${domain}/templates/${name}`, schema: IgnoredBodySchema }));
  }

  /** Every version of a template (100 a page, pivoting on the last tag; listings carry no content); [] when the template is gone. */
  listVersions(region: Region, domain: string, name: string, o?: CallOptions): Promise<TemplateVersion[]> {
    return allPages(pivot<TemplateVersion>(TEMPLATE_PAGE, "p", (v) => v.tag), async (query) => {
      const page = await orUndefined(this.core.request({ ...o, region, method: "GET", path: path`/v3/${domain}/templates/${name}/versions`, query, schema: TemplateVersionPageSchema }));
      return page?.template.versions as TemplateVersion[] | undefined;
    });
  }

  getVersion(region: Region, domain: string, name: string, tag: string, o?: CallOptions): Promise<TemplateVersion> {
    return get(this.core, region, path`/v3/${domain}/templates/${name}/versions/${tag}`, VersionSchema, o);
  }

  /** POST; `active` true makes it the active version (the template's first version is active anyway). */
  createVersion(region: Region, domain: string, name: string, p: TemplateVersionParams, o: RecoverOptions<TemplateVersion> = {}): Promise<TemplateVersion> {
    const form = { tag: p.tag, template: p.template, engine: p.engine, comment: p.comment, headers: JSON.stringify(p.headers), active: p.active ? "yes" : undefined };
    return this.core.request({ ...o, region, method: "POST", path: path`/v3/${domain}/templates/${name}/versions`, form, schema: VersionSchema });
  }

  /** PUT of the fields given (Mailgun keeps the others); `active: true` activates it, which deactivates the template's other versions. */
  async updateVersion(
    region: Region, domain: string, name: string, tag: string,
    p: { template?: string; comment?: string; headers?: Record<string, string>; active?: true },
    o?: CallOptions,
  ): Promise<void> {
    const form = { template: p.template, comment: p.comment, headers: p.headers && JSON.stringify(p.headers), active: p.active ? "yes" : undefined };
    await this.core.request({ ...o, region, method: "PUT", path: path`/v3/${domain}/templates/${name}/versions/${tag}`, form, schema: IgnoredBodySchema });
  }

  /** A 404 (version, template or domain gone: a template's delete takes its versions) resolves. */
  deleteVersion(region: Region, domain: string, name: string, tag: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v3/${domain}/templates/${name}/versions/${tag}`, schema: IgnoredBodySchema }));
  }
}
