import type { z } from "zod";
import { MailgunBadRequestError, isNotFound } from "../client/errors";
import type { CallOptions } from "../client/request-loop";
import type { MailingList } from "../client/schemas";
import type { Region } from "../config";
import { client } from "../runtime";
import { fieldDiff } from "./diff";
import { afterOwnWrite, readAfterWrite } from "./freshness";
import { declaredBy, declaredUnder } from "./ownership";
import { ensureEmpty, forceDestroyFor, holdsContents, noteReplacement, type Container } from "./contents";
import { ResourceHandler, inputsFrom } from "./types";
import { checkRegional } from "./validation";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { mailingListFields } from "./fields/mailing-list";

export { ACCESS_LEVELS, REPLY_PREFERENCES } from "./fields/mailing-list";

export const mailingListInputs = inputSchema(mailingListFields);

export type MailingListInputs = z.output<typeof mailingListInputs> & { region: Region };
export interface MailingListOutputs extends MailingListInputs {
  /** How many members the list has, as Mailgun counts them (an output only: never a diff). */
  membersCount: number;
  createdAt: string;
  /** When this provider last wrote the list (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
}

const FIELDS = diffedFields(mailingListFields);
/**
 * Mailgun's PUT takes a new address and the list keeps its members, including those no
 * resource of the stack manages (sign-ups, bulk uploads): a rename is an update, never a
 * delete and re-create that would lose them. Only the region needs a new list.
 */
const REPLACES = replacingFields(mailingListFields);

/** Mailgun's created_at has whole seconds, and its clock is not ours. */
const CLOCK_SLACK_MS = 5_000;

/**
 * Lists this process renamed or created, so a member create can tell a member the rename
 * carried over (region/new address -> old address) and wait out a 404 of a list made moments ago.
 */
export const renamedLists = new Map<string, string>();
export const listsWrittenAt = new Map<string, number>();
const slot = (r: Region, address: string) => `${r}/${address}`;

function outputsOf(i: MailingListInputs, l: MailingList): MailingListOutputs {
  const outs: MailingListOutputs = {
    ...i,
    address: l.address.toLowerCase(),
    name: l.name ?? "",
    description: l.description ?? "",
    accessLevel: (l.access_level ?? "readonly") as MailingListOutputs["accessLevel"],
    replyPreference: (l.reply_preference ?? "list") as MailingListOutputs["replyPreference"],
    membersCount: l.members_count ?? 0,
    createdAt: l.created_at ?? "",
  };
  if (i.adopt === undefined) delete outs.adopt;
  if (i.forceDestroy === undefined) delete outs.forceDestroy;
  return outs;
}

function same(l: MailingList, i: MailingListInputs): boolean {
  return l.address.toLowerCase() === i.address && (l.name ?? "") === i.name && (l.description ?? "") === i.description &&
    (l.access_level ?? "readonly") === i.accessLevel && (l.reply_preference ?? "list") === i.replyPreference;
}

/** The PUT that makes the list `l` (at `from`) match `i`: only what differs, nothing when nothing does. */
async function updateTo(r: Region, from: string, l: MailingList, i: MailingListInputs, o: CallOptions = { expectExists: true }): Promise<MailingList> {
  const p: Record<string, string> = {};
  if (l.address.toLowerCase() !== i.address) p.address = i.address;
  if ((l.name ?? "") !== i.name) p.name = i.name;
  if ((l.description ?? "") !== i.description) p.description = i.description;
  if ((l.access_level ?? "readonly") !== i.accessLevel) p.access_level = i.accessLevel;
  if ((l.reply_preference ?? "list") !== i.replyPreference) p.reply_preference = i.replyPreference;
  if (!Object.keys(p).length) return l;
  const updated = await client().mailingLists.update(r, from, p, o);
  if (p.address) renamedLists.set(slot(r, i.address), from);
  listsWrittenAt.set(slot(r, i.address), Date.now());
  return updated;
}

/**
 * The rename fix comes first, as for domains: adopting after a rename would work too, but
 * aliases tell Pulumi the truth. The list's age is shown so its maker can be judged.
 */
function alreadyExistsAdvice(i: MailingListInputs, existing: MailingList | undefined): string {
  const resource = declaredBy("MailingList", slot(i.region, i.address)) ?? "<this resource>";
  return [
    `mailing list ${i.address} already exists in region ${i.region}${existing?.created_at ? ` (created ${existing.created_at}, ${existing.members_count ?? 0} members)` : ""}, and this create did not make it.`,
    `If you renamed this MailingList resource in the program, tell Pulumi it is the same resource, so that nothing changes at Mailgun:`,
    `    new mailgun.MailingList("${resource}", { address: "${i.address}", ... }, { aliases: [{ name: "<the old resource name>" }] });`,
    `If an interrupted pulumi up of this stack made it, run \`npx pulumi-mailgun recover\` (it records the list in the stack and changes nothing at Mailgun), then pulumi up again.`,
    `If it was made outside this stack, set adopt: true on this MailingList to bring it under Pulumi: its name, description and settings are then changed to the ones set here, its members are kept, and pulumi destroy deletes it with its members (add the resource option retainOnDelete: true to keep it).`,
    `Otherwise choose another address.`,
  ].join("\n");
}

function container(p: { address: string; region: Region }): Container {
  return { what: `mailing list ${p.address} in region ${p.region}`, contents: "members", kind: "MailingList", moveAdvice: "remove or move the members (MailingListMember resources, or by hand)" };
}

export const mailingListHandler: ResourceHandler<MailingListInputs, MailingListOutputs> = {
  async check(_olds, news) {
    return checkRegional(mailingListInputs, news, "MailingList");
  },

  /**
   * A replacement deletes the old list, members and all: refused here (at preview, before any
   * write) while the list has members, unless the program sets forceDestroy. The count is read
   * live: the state's membersCount is as old as the last refresh.
   */
  async diff(id, olds, news) {
    const result = await fieldDiff(FIELDS, REPLACES)(id, olds, news);
    if (!result.replaces?.length) return result;
    noteReplacement("MailingList", id, news.forceDestroy);
    if (news.forceDestroy !== true) {
      const members = await client().mailingLists.listMembers(olds.region, olds.address);
      if (members.length) throw holdsContents(container(olds), members.map((m) => m.address), `that a replacement (${result.replaces.join(", ")} changed) would delete with the old list`);
    }
    return result;
  },

  /**
   * Mailgun has no marker to set on a list, but every list carries its created_at: a list at
   * this address that appeared after this create began is this create's own (an attempt whose
   * answer was lost). An older one is someone else's, or a killed run's: taken only with
   * `adopt: true` (or recorded by `pulumi-mailgun recover`), never silently.
   */
  async create(inputs) {
    const r = inputs.region;
    const api = client().mailingLists;
    if (inputs.adopt) {
      const existing = await api.find(r, inputs.address);
      if (existing) {
        const now = await updateTo(r, inputs.address, existing, inputs);
        return { id: inputs.address, outs: { ...outputsOf(inputs, now), writtenAt: Date.now() } };
      }
    }
    const started = Date.now();
    const ours = (l: MailingList | undefined) => l !== undefined && Date.parse(l.created_at ?? "") >= started - CLOCK_SLACK_MS;
    let resent = false;
    let created: MailingList;
    const params = { address: inputs.address, name: inputs.name, description: inputs.description, access_level: inputs.accessLevel, reply_preference: inputs.replyPreference };
    try {
      created = await api.create(r, params, {
        recover: async () => {
          const found = await api.find(r, inputs.address);
          if (ours(found)) return found;
          resent = true;
          return undefined;
        },
      });
    } catch (e) {
      if (!(e instanceof MailgunBadRequestError)) throw e;
      // Mailgun's wording for a taken address is not known: a GET decides. After a re-sent POST,
      // the first attempt's list may not show yet: wait for it.
      const get = () => api.find(r, inputs.address);
      const existing = resent ? await readAfterWrite(Date.now(), get, (l) => l !== undefined) : await get();
      if (!existing) throw e;
      if (resent && ours(existing)) created = await updateTo(r, inputs.address, existing, inputs);
      else if (inputs.adopt) created = await updateTo(r, inputs.address, existing, inputs);
      else throw new Error(alreadyExistsAdvice(inputs, existing));
    }
    listsWrittenAt.set(slot(r, inputs.address), Date.now());
    return { id: inputs.address, outs: { ...outputsOf(inputs, created), writtenAt: Date.now() } };
  },

  async read(id, props) {
    const r = props.region;
    const address = props.address ?? id;
    try {
      const l = await readAfterWrite(props.writtenAt, () => client().mailingLists.get(r, address, afterOwnWrite(props.writtenAt)), (x) => same(x, props));
      const outs = { ...outputsOf(props, l), writtenAt: props.writtenAt };
      if (outs.writtenAt === undefined) delete outs.writtenAt;
      return { id, props: outs, inputs: inputsFrom(outs, [...FIELDS, "adopt"]) as MailingListInputs };
    } catch (e) {
      if (isNotFound(e)) return {};
      throw e;
    }
  },

  async update(_id, olds, news) {
    const r = news.region;
    const current: MailingList = {
      address: olds.address, name: olds.name, description: olds.description, access_level: olds.accessLevel,
      reply_preference: olds.replyPreference, created_at: olds.createdAt, members_count: olds.membersCount,
    };
    const l = await updateTo(r, olds.address, current, news, afterOwnWrite(olds.writtenAt));
    return { outs: { ...outputsOf(news, { ...current, ...l }), writtenAt: Date.now() } };
  },

  async delete(id, props) {
    if (!forceDestroyFor("MailingList", id, props.forceDestroy)) {
      const declared = declaredUnder("MailingListMember", `${props.region}/${props.address}/`);
      await ensureEmpty(container(props), declared, async () => (await client().mailingLists.listMembers(props.region, props.address)).map((m) => m.address));
    }
    await client().mailingLists.delete(props.region, props.address);
  },

  objectKey: (props) => (props.region && props.address ? slot(props.region, props.address) : undefined),
  describeObject: (props, id) => `mailing list ${props.address ?? id} in region ${props.region}`,
  keyFields: ["address"],
};
