import { z } from "zod";
import type { Template } from "../client/schemas";
import { isNotFound, MailgunBadRequestError, saysAlreadyExists } from "../client/errors";
import { client } from "../runtime";
import type { Region } from "../config";
import { diffFields, toDiffResult } from "./diff";
import { afterOwnWrite, findOnceShown, readAfterWrite } from "./freshness";
import { ResourceHandler, inputsFrom } from "./types";
import { UNKNOWN, checkRegional, declaredName } from "./validation";
import { MAX_TEMPLATES_PER_DOMAIN, declareTemplate, folded } from "./template-slots";
import { ensureEmpty, forceDestroyFor, holdsContents, noteReplacement, type Container } from "./contents";
import { declaredUnder } from "./ownership";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { templateFields } from "./fields/template";

export const templateInputs = inputSchema(templateFields);

export type TemplateInputs = z.output<typeof templateInputs> & { region: Region };
export interface TemplateOutputs extends TemplateInputs {
  /** Mailgun's id of the template (a UUID). */
  templateId: string;
  createdAt: string;
  /** Who Mailgun says made it: this provider's marker for the templates it made. */
  createdBy: string;
  /** When this provider last wrote the template (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
}

const FIELDS = diffedFields(templateFields);
/** Mailgun has no rename and no move: only the description changes in place (PUT). */
const REPLACES = replacingFields(templateFields);

/**
 * The owner marker this provider stores in `createdBy` (Mailgun keeps it, templates.yml): it
 * tells a retried create its own template (made by an attempt whose answer was lost) from
 * someone else's, which only `adopt` may take.
 */
export function createdByOf(ownerTag: string | undefined): string | undefined {
  return ownerTag ? `pulumi-mailgun/${ownerTag}` : undefined;
}

function isOwn(t: Template, i: TemplateInputs): boolean {
  const marker = createdByOf(i.ownerTag);
  return marker !== undefined && t.createdBy === marker;
}

function outputsOf(i: TemplateInputs, t: Template, description = t.description ?? i.description): TemplateOutputs {
  const outs: TemplateOutputs = {
    ...i,
    // The program's spelling while it names the same template: Mailgun's lower-case one never shows as a change.
    name: folded(t.name) === folded(i.name) ? i.name : t.name,
    description,
    templateId: t.id ?? "",
    createdAt: t.createdAt ?? "",
    createdBy: t.createdBy ?? "",
    writtenAt: Date.now(),
  };
  if (i.adopt === undefined) delete outs.adopt;
  if (i.forceDestroy === undefined) delete outs.forceDestroy;
  return outs;
}

/** Case-insensitive where Mailgun is: the diff sees names as Mailgun stores them. */
function comparable<T extends { name?: unknown }>(p: T): T {
  return typeof p.name === "string" ? { ...p, name: folded(p.name) } : p;
}

const OTHER_REGION: Record<Region, Region> = { us: "eu", eu: "us" };

/** A 404 on create: the domain is unknown in this region (or moments old, waited out by the caller). */
async function domainMissing(i: TemplateInputs): Promise<Error> {
  const other = OTHER_REGION[i.region];
  if (await client().domains.find(other, i.domain)) {
    return new Error(`domain ${i.domain} not found in region ${i.region}: it lives in region ${other}. Set region: "${other}" on this Template.`);
  }
  return new Error(`domain ${i.domain} not found in region ${i.region}: create it first (a Domain resource; pass domain: myDomain.name so Pulumi creates it before its templates).`);
}

function limitReached(i: TemplateInputs, e: MailgunBadRequestError): Error {
  return new Error(
    `cannot create template "${i.name}" on ${i.domain}: the domain already holds ${MAX_TEMPLATES_PER_DOMAIN} templates, Mailgun's maximum per domain (Mailgun said: ${e.mailgunMessage}). ` +
      `Delete templates you no longer need (in the dashboard, or by removing their Template resources), or put this one on another domain.`,
  );
}

function alreadyExists(i: TemplateInputs, t: Template): Error {
  return new Error(
    `template "${folded(i.name)}" already exists on ${i.domain} in region ${i.region}${t.createdBy ? ` (created by "${t.createdBy}")` : ""}, and this stack did not make it. ` +
      `Set adopt: true on this Template to take it over (its description is then set to match the program, and pulumi destroy deletes it with all its versions), ` +
      `or choose another name. (Renamed the resource? Add aliases: [{ name: "<old name>" }] instead.)`,
  );
}

/** Takes an existing template over: the description is set to the program's. */
async function takeOver(i: TemplateInputs, t: Template): Promise<{ id: string; outs: TemplateOutputs }> {
  if ((t.description ?? "") !== i.description) await client().templates.update(i.region, i.domain, folded(t.name), i.description, { expectExists: true });
  return { id: idOf(i), outs: outputsOf(i, t, i.description) };
}

function idOf(i: { region: string; domain: string; name: string }): string {
  return `${i.region}/${i.domain}/${folded(i.name)}`;
}

function container(p: { name: string; domain: string; region: Region }): Container {
  return { what: `template "${folded(p.name)}" on ${p.domain} in region ${p.region}`, contents: "versions", kind: "Template", moveAdvice: "remove the TemplateVersion resources (or delete the versions by hand)" };
}

export const templateHandler: ResourceHandler<TemplateInputs, TemplateOutputs> = {
  async check(_olds, news) {
    const result = checkRegional(templateInputs, news, "Template");
    const i = result.inputs as TemplateInputs | undefined;
    if (!i || result.failures || [i.domain, i.name, i.region].includes(UNKNOWN)) return result;
    const refused = declareTemplate(i, declaredName(news) ?? idOf(i));
    return refused ? { failures: [{ property: "", reason: `Template: [name] ${refused}` }] } : result;
  },

  /**
   * A replacement deletes the old template with every version: refused here (at preview, before
   * any write) while it has versions, unless the program sets forceDestroy; read live, as versions
   * made in the dashboard are in no state.
   */
  async diff(id, olds, news) {
    const { changed, replaces } = diffFields(comparable(olds) as never, comparable(news) as never, FIELDS, REPLACES);
    // A changed owner tag means a rename (with aliases): the template keeps the marker it was
    // made with, creates always mark with the new tag, so the change is no change to show.
    if ((olds.forceDestroy === true) !== (news.forceDestroy === true)) changed.push("forceDestroy");
    if (replaces.length) {
      noteReplacement("Template", id, news.forceDestroy);
      if (news.forceDestroy !== true) {
        const versions = await client().templates.listVersions(olds.region, olds.domain, folded(olds.name));
        if (versions.length) throw holdsContents(container(olds), versions.map((v) => v.tag), `that a replacement (${replaces.join(", ")} changed) would delete with the old template`);
      }
    }
    return toDiffResult(changed, replaces);
  },

  /**
   * One POST when the name is free. When it is taken: a template whose `createdBy` carries this
   * resource's marker is this create's own (an earlier attempt whose answer was lost, or an
   * interrupted `up`), and is taken as it is; anyone else's only with `adopt: true`.
   */
  async create(inputs) {
    const { region: r, domain, description } = inputs;
    // Sent as Mailgun stores it: whether its lookups fold case is not documented.
    const name = folded(inputs.name);
    const createdBy = createdByOf(inputs.ownerTag);
    const recover = async () => {
      const t = await client().templates.find(r, domain, name);
      return t && isOwn(t, inputs) ? t : undefined;
    };
    const post = (o: { expectExists?: boolean } = {}) => client().templates.create(r, domain, { name, description, createdBy }, { ...o, recover });
    // Adopting a template that exists: look first, so that taking it over as it is sends nothing.
    if (inputs.adopt) {
      const existing = await client().templates.find(r, domain, name);
      if (existing) return takeOver(inputs, existing);
    }
    try {
      let created: Template;
      try {
        created = await post();
      } catch (e) {
        // The domain may be moments old (created earlier in this run): wait that out once.
        if (!isNotFound(e)) throw e;
        created = await post({ expectExists: true });
      }
      return { id: idOf(inputs), outs: outputsOf(inputs, created, description) };
    } catch (e) {
      if (isNotFound(e)) throw await domainMissing(inputs);
      if (!(e instanceof MailgunBadRequestError)) throw e;
      // "Already exists" while reads say 404: an earlier attempt made it, Mailgun's reads lag.
      const find = () => client().templates.find(r, domain, name);
      const existing = saysAlreadyExists(e) ? await findOnceShown(find) : await find();
      if (!existing) {
        if (/limit|maximum|too many/i.test(e.mailgunMessage)) throw limitReached(inputs, e);
        throw e;
      }
      if (isOwn(existing, inputs) || inputs.adopt) return takeOver(inputs, existing);
      throw alreadyExists(inputs, existing);
    }
  },

  async read(id, props) {
    const { region: r, domain } = props;
    const name = folded(props.name);
    try {
      const t = await readAfterWrite(props.writtenAt, () => client().templates.get(r, domain, name, afterOwnWrite(props.writtenAt)), (t) => (t.description ?? "") === props.description);
      const outs = { ...outputsOf(props, t), writtenAt: props.writtenAt };
      if (outs.writtenAt === undefined) delete outs.writtenAt;
      const inputs = inputsFrom(outs, [...FIELDS, "adopt", "forceDestroy", "ownerTag"]);
      return { id, props: outs, inputs: inputs as TemplateInputs };
    } catch (e) {
      if (isNotFound(e)) return {};
      throw e;
    }
  },

  async update(_id, olds, news) {
    const { region: r, domain } = news;
    const name = folded(news.name);
    if (news.description !== olds.description) {
      try {
        await client().templates.update(r, domain, name, news.description, afterOwnWrite(olds.writtenAt));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        throw new Error(`template "${folded(name)}" is gone from ${domain} in region ${r}: it was deleted outside Pulumi. Run pulumi refresh, then pulumi up creates it again.`);
      }
    }
    const outs: TemplateOutputs = { ...olds, ...news, name: news.name, writtenAt: Date.now() };
    if (news.adopt === undefined) delete outs.adopt;
    if (news.forceDestroy === undefined) delete outs.forceDestroy;
    return { outs };
  },

  async delete(id, props) {
    const name = folded(props.name);
    // Mailgun deletes the template's versions with it.
    if (!forceDestroyFor("Template", id, props.forceDestroy)) {
      const declared = declaredUnder("TemplateVersion", `${props.region}/${props.domain}/${name}/`);
      await ensureEmpty(container(props), declared, async () => (await client().templates.listVersions(props.region, props.domain, name)).map((v) => v.tag));
    }
    await client().templates.delete(props.region, props.domain, name);
  },

  objectKey: (props) => (props.region && props.domain && props.name ? idOf({ region: props.region, domain: props.domain, name: props.name }) : undefined),
  describeObject: (props, id) => (props.name && props.domain ? `template "${folded(props.name)}" on ${props.domain}` : `template ${id}`),
  domainOf: (props) => props.domain,
  keyFields: ["name"],
};
