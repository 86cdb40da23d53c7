import { z } from "zod";
import type { TemplateVersion } from "../client/schemas";
import { isNotFound, MailgunBadRequestError, saysAlreadyExists } from "../client/errors";
import { client } from "../runtime";
import type { Region } from "../config";
import { diffFields, sameValue, toDiffResult } from "./diff";
import { afterOwnWrite, findOnceShown, progress, readAfterWrite } from "./freshness";
import { declaredBy } from "./ownership";
import { ResourceHandler, inputsFrom } from "./types";
import { UNKNOWN, checkRegional, declaredName } from "./validation";
import { MAX_VERSIONS_PER_TEMPLATE, declareVersion, folded } from "./template-slots";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { templateVersionFields } from "./fields/template";

export { TEMPLATE_ENGINES, TEMPLATE_HEADERS, handlebarsBlocksProblem } from "./fields/template";

export const templateVersionInputs = inputSchema(templateVersionFields);

export type TemplateVersionInputs = z.output<typeof templateVersionInputs> & { region: Region };
export interface TemplateVersionOutputs extends Omit<TemplateVersionInputs, "active"> {
  /** Whether Mailgun serves this version now (live: activating another version clears it). */
  active: boolean;
  /** The program's `active` input, kept so a refresh hands back what the program said. */
  declaredActive?: boolean;
  /** Mailgun's id of the version (a UUID). */
  versionId: string;
  createdAt: string;
  /** When this provider last wrote the version (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
}

const FIELDS = diffedFields(templateVersionFields);
/** PUT changes content, comment, headers and activation; the tag, engine and place make another version. */
const REPLACES = replacingFields(templateVersionFields);

function idOf(i: { region: string; domain: string; template: string; tag: string }): string {
  return `${i.region}/${i.domain}/${folded(i.template)}/${folded(i.tag)}`;
}

function where(i: TemplateVersionInputs | TemplateVersionOutputs): string {
  return `version "${folded(i.tag)}" of template "${folded(i.template)}" on ${i.domain}`;
}

function sameContent(v: TemplateVersion, i: { content: string; comment: string; headers: Record<string, string> }): boolean {
  return v.template === i.content && (v.comment ?? "") === i.comment && sameValue(v.headers ?? {}, i.headers);
}

function outputsOf(i: TemplateVersionInputs, v: TemplateVersion): TemplateVersionOutputs {
  const { active: declaredActive, ...rest } = i;
  const outs: TemplateVersionOutputs = {
    ...rest,
    content: v.template ?? i.content,
    comment: v.comment ?? i.comment,
    headers: v.headers ?? i.headers,
    engine: (v.engine as TemplateVersionInputs["engine"] | undefined) ?? i.engine,
    active: v.active ?? false,
    versionId: v.id ?? "",
    createdAt: v.createdAt ?? "",
    writtenAt: Date.now(),
  };
  if (declaredActive !== undefined) outs.declaredActive = declaredActive;
  if (i.adopt === undefined) delete outs.adopt;
  return outs;
}

/** Case-insensitive where Mailgun is. */
function comparable(p: { template?: unknown; tag?: unknown }): Record<string, unknown> {
  return {
    ...p,
    ...(typeof p.template === "string" ? { template: folded(p.template) } : {}),
    ...(typeof p.tag === "string" ? { tag: folded(p.tag) } : {}),
  };
}

/** What a PUT must send to make the live version match the program (nothing when it does). */
function changesFor(live: { content: string; comment: string; headers: Record<string, string>; active: boolean }, i: TemplateVersionInputs) {
  const p: { template?: string; comment?: string; headers?: Record<string, string>; active?: true } = {};
  if (live.content !== i.content) p.template = i.content;
  if (live.comment !== i.comment) p.comment = i.comment;
  if (!sameValue(live.headers, i.headers)) p.headers = i.headers;
  if (i.active === true && !live.active) p.active = true;
  return p;
}

async function put(i: TemplateVersionInputs, p: ReturnType<typeof changesFor>, o: { expectExists?: boolean; consistencyBudgetMs?: number }): Promise<boolean> {
  if (!Object.keys(p).length) return false;
  await client().templates.updateVersion(i.region, i.domain, folded(i.template), folded(i.tag), p, o);
  return true;
}

function limitReached(i: TemplateVersionInputs, e: MailgunBadRequestError): Error {
  return new Error(
    `cannot create ${where(i)}: the template already holds ${MAX_VERSIONS_PER_TEMPLATE} versions, Mailgun's maximum per template (Mailgun said: ${e.mailgunMessage}). ` +
      `Delete versions you no longer need (in the dashboard, or by removing their TemplateVersion resources), then run pulumi up again.`,
  );
}

function templateMissing(i: TemplateVersionInputs): Error {
  return new Error(
    `cannot create ${where(i)}: Mailgun knows no template "${folded(i.template)}" on ${i.domain} in region ${i.region} (or no such domain there). ` +
      `Declare it with a Template resource and pass template: myTemplate.name, so that Pulumi creates the template before its versions.`,
  );
}

function alreadyExists(i: TemplateVersionInputs, v: TemplateVersion): Error {
  return new Error(
    `${where(i)} already exists in region ${i.region} with other content${v.comment ? ` (comment "${v.comment}")` : ""}, and this stack did not make it. ` +
      `Set adopt: true on this TemplateVersion to take it over (its content, comment and headers are then set to the program's, and pulumi destroy deletes it), ` +
      `or choose another tag. (Renamed the resource? Add aliases: [{ name: "<old name>" }] instead.)`,
  );
}

/** Takes an existing version over: what differs is set to the program's in one PUT. */
async function takeOver(i: TemplateVersionInputs, v: TemplateVersion): Promise<{ id: string; outs: TemplateVersionOutputs }> {
  const live = { content: v.template ?? "", comment: v.comment ?? "", headers: v.headers ?? {}, active: v.active ?? false };
  const changes = changesFor(live, i);
  await put(i, changes, { expectExists: true });
  const now: TemplateVersion = { ...v, template: i.content, comment: i.comment, headers: i.headers, active: live.active || changes.active === true };
  return { id: idOf(i), outs: outputsOf(i, now) };
}

export const templateVersionHandler: ResourceHandler<TemplateVersionInputs, TemplateVersionOutputs> = {
  async check(_olds, news) {
    const result = checkRegional(templateVersionInputs, news, "TemplateVersion");
    const i = result.inputs as TemplateVersionInputs | undefined;
    if (!i || result.failures || [i.domain, i.template, i.tag, i.region].includes(UNKNOWN) || (i.active as unknown) === UNKNOWN) return result;
    const refused = declareVersion(i, declaredName(news) ?? idOf(i));
    return refused ? { failures: [{ property: "", reason: `TemplateVersion: [${/active/.test(refused) ? "active" : "tag"}] ${refused}` }] } : result;
  },

  /**
   * `active: true` asks for this version to be the template's active one: a change while Mailgun
   * serves another. `false` or unset asks nothing (Mailgun keeps one version active, the first
   * automatically), so a version deactivated by its sibling's activation never shows a change.
   */
  async diff(_id, olds, news) {
    const { changed, replaces } = diffFields(comparable(olds), comparable(news), FIELDS, REPLACES);
    if ((news.active ?? null) !== (olds.declaredActive ?? null) || (news.active === true && olds.active !== true)) changed.push("active");
    return toDiffResult(changed, replaces);
  },

  /**
   * One POST. When the tag is taken: a version with this very content, comment and headers is
   * this create's own (an earlier attempt whose answer was lost, or an interrupted `up`): taken
   * as it is, nothing is lost. Anything else only with `adopt: true`.
   */
  async create(inputs) {
    // Sent as Mailgun stores them: whether its lookups fold case is not documented.
    const { region: r, domain } = inputs;
    const template = folded(inputs.template);
    const tag = folded(inputs.tag);
    const params = { tag, template: inputs.content, engine: inputs.engine, comment: inputs.comment, headers: inputs.headers, active: inputs.active === true };
    const find = async () => {
      try {
        return await client().templates.getVersion(r, domain, template, tag);
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    };
    const recover = async () => {
      const v = await find();
      return v && sameContent(v, inputs) ? v : undefined;
    };
    // Adopting a version that exists: look first, so that taking it over as it is sends nothing.
    if (inputs.adopt) {
      const existing = await find();
      if (existing) return takeOver(inputs, existing);
    }
    try {
      let created: TemplateVersion;
      try {
        created = await client().templates.createVersion(r, domain, template, params, { recover });
      } catch (e) {
        // The template may be moments old (created earlier in this run): wait that out once.
        if (!isNotFound(e)) throw e;
        created = await client().templates.createVersion(r, domain, template, params, { recover, expectExists: true });
      }
      // A version recovered after a lost answer was sent with `active`, but check what Mailgun shows.
      if (inputs.active === true && created.active === false) return takeOver(inputs, created);
      return { id: idOf(inputs), outs: outputsOf(inputs, created) };
    } catch (e) {
      if (isNotFound(e)) throw templateMissing(inputs);
      if (!(e instanceof MailgunBadRequestError)) throw e;
      // "Already exists" while reads say 404: an earlier attempt made it, Mailgun's reads lag.
      const existing = saysAlreadyExists(e) ? await findOnceShown(find) : await find();
      if (!existing) {
        if (/limit|maximum|too many/i.test(e.mailgunMessage)) throw limitReached(inputs, e);
        throw e;
      }
      if (sameContent(existing, inputs) || inputs.adopt) return takeOver(inputs, existing);
      throw alreadyExists(inputs, existing);
    }
  },

  async read(id, props) {
    const { region: r, domain } = props;
    const template = folded(props.template);
    const tag = folded(props.tag);
    try {
      const get = () => client().templates.getVersion(r, domain, template, tag, afterOwnWrite(props.writtenAt));
      const v = await readAfterWrite(props.writtenAt, get, (live) => sameContent(live, props));
      const declared = { ...props, active: props.declaredActive } as TemplateVersionInputs;
      const outs = { ...outputsOf(declared, v), writtenAt: props.writtenAt };
      if (outs.writtenAt === undefined) delete outs.writtenAt;
      const inputs = inputsFrom(outs, [...FIELDS, "adopt"]);
      // A demanded activation reads back as Mailgun has it (drift shows); false or unset asks nothing, and stays.
      if (props.declaredActive !== undefined) inputs.active = props.declaredActive === true ? outs.active : props.declaredActive;
      return { id, props: outs, inputs: inputs as TemplateVersionInputs };
    } catch (e) {
      // The version, its template (a template's delete takes its versions) or the domain is gone.
      if (isNotFound(e)) return {};
      throw e;
    }
  },

  async update(_id, olds, news) {
    let activated = false;
    try {
      // The stored `active` can be stale (activating a sibling deactivated this one after its last
      // read), so a newly declared `active: true` is always sent: activation is idempotent.
      const newlyDeclared = news.active === true && olds.declaredActive !== true;
      const changes = changesFor(newlyDeclared ? { ...olds, active: false } : olds, news);
      activated = changes.active === true;
      await put(news, changes, afterOwnWrite(olds.writtenAt));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      throw new Error(`${where(news)} is gone from region ${news.region}: it (or its template) was deleted outside Pulumi. Run pulumi refresh, then pulumi up creates it again.`);
    }
    const { active: declaredActive, ...rest } = news;
    const outs: TemplateVersionOutputs = { ...olds, ...rest, active: olds.active || activated, writtenAt: Date.now() };
    if (declaredActive === undefined) delete outs.declaredActive;
    else outs.declaredActive = declaredActive;
    if (news.adopt === undefined) delete outs.adopt;
    return { outs };
  },

  async delete(_id, props) {
    // A 404 is success: the template's delete took its versions with it.
    await client().templates.deleteVersion(props.region, props.domain, folded(props.template), folded(props.tag));
    // The template stays in the program while its active version goes: say what that means.
    const templateKey = `${props.region}/${props.domain}/${folded(props.template)}`;
    if (props.active && declaredBy("Template", templateKey)) {
      progress(
        `deleted ${where(props)}, which was its active version: until another version is made active (active: true on one of its TemplateVersions), ` +
          `messages sent with template "${folded(props.template)}" have no active version to use.`,
      );
    }
  },

  objectKey: (props) => (props.region && props.domain && props.template && props.tag ? idOf({ region: props.region, domain: props.domain, template: props.template, tag: props.tag }) : undefined),
  describeObject: (props, id) => (props.tag && props.template && props.domain ? `version "${folded(props.tag)}" of template "${folded(props.template)}" on ${props.domain}` : `template version ${id}`),
  domainOf: (props) => props.domain,
  keyFields: ["tag"],
};
