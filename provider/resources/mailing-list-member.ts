import { z } from "zod";
import { MailgunBadRequestError, isNotFound, saysAlreadyExists } from "../client/errors";
import type { CallOptions } from "../client/request-loop";
import type { ListMember } from "../client/schemas";
import type { Region } from "../config";
import { client } from "../runtime";
import { fieldDiff, sameValue } from "./diff";
import { afterOwnWrite, progress, readAfterWrite } from "./freshness";
import { ListedMember, listMembers } from "./listings";
import { listsWrittenAt, renamedLists } from "./mailing-list";
import { declaredBy } from "./ownership";
import { ResourceHandler, inputsFrom } from "./types";
import { checkRegional } from "./validation";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { mailingListMemberFields } from "./fields/mailing-list-member";

export const mailingListMemberInputs = inputSchema(mailingListMemberFields);

export type MailingListMemberInputs = z.output<typeof mailingListMemberInputs> & { region: Region };
export interface MailingListMemberOutputs extends MailingListMemberInputs {
  /** When this provider last wrote the member (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
}

const FIELDS = diffedFields(mailingListMemberFields);
/** A member is its list and address (Mailgun's PUT could move it, but the resource is that pair): only its details change in place. */
const REPLACES = replacingFields(mailingListMemberFields);

const idOf = (i: { list: string; address: string }) => `${i.list}/${i.address}`;

function sameMember(m: ListMember, i: MailingListMemberInputs): boolean {
  return (m.name ?? "") === i.name && (m.subscribed ?? true) === i.subscribed && sameValue(m.vars ?? {}, i.vars);
}

function outputsOf(i: MailingListMemberInputs, m: ListMember): MailingListMemberOutputs {
  const outs: MailingListMemberOutputs = { ...i, name: m.name ?? "", subscribed: m.subscribed ?? true, vars: m.vars ?? {} };
  if (i.adopt === undefined) delete outs.adopt;
  return outs;
}

/** Calls on a list this process wrote moments ago: a 404 is Mailgun catching up, and is waited out. */
function listOptions(r: Region, list: string): CallOptions {
  return afterOwnWrite(listsWrittenAt.get(`${r}/${list}`));
}

function details(i: MailingListMemberInputs) {
  return { name: i.name, vars: i.vars, subscribed: i.subscribed };
}

async function setDetails(i: MailingListMemberInputs, o: CallOptions): Promise<ListMember> {
  const m = await client().mailingLists.updateMember(i.region, i.list, i.address, details(i), o);
  listMembers(i.region, i.list).wrote({ ...m, id: i.address });
  return m;
}

function alreadyExistsAdvice(i: MailingListMemberInputs): string {
  const resource = declaredBy("MailingListMember", `${i.region}/${idOf(i)}`) ?? "<this resource>";
  return [
    `${i.address} is already a member of mailing list ${i.list} (region ${i.region}), and this create did not add it.`,
    `If you renamed this MailingListMember resource in the program, add aliases: [{ name: "<the old resource name>" }] to it, so that nothing changes at Mailgun.`,
    `Otherwise set adopt: true on MailingListMember "${resource}" to bring the existing member under Pulumi: its name, vars and subscription are then set to the ones here (Mailgun's upsert), and pulumi destroy removes it from the list (add the resource option retainOnDelete: true to keep it).`,
  ].join("\n");
}

/**
 * Upsert only under `adopt: true`. Otherwise a member that is already there is refused,
 * except the ones this very create (or this run) put there: an attempt whose answer was lost
 * (recognised by a GET showing the member as sent, or by Mailgun refusing the re-sent POST
 * as a duplicate), or a member the list's rename in this run carried over.
 */
async function createMember(inputs: MailingListMemberInputs): Promise<{ id: string; outs: MailingListMemberOutputs }> {
  const { region: r, list, address } = inputs;
  const api = client().mailingLists;
  const o = listOptions(r, list);
  let m: ListMember;
  if (inputs.adopt) {
    // A member already as declared is taken as it is; otherwise Mailgun's upsert, which is
    // idempotent: a retry after a lost answer may simply send it again.
    const found = await api.findMember(r, list, address);
    m = found && sameMember(found, inputs)
      ? found
      : await api.createMember(r, list, { address, ...details(inputs), upsert: true }, { ...o, recover: async () => undefined });
  } else {
    let resent = false;
    try {
      m = await api.createMember(r, list, { address, ...details(inputs), upsert: false }, {
        ...o,
        recover: async () => {
          const found = await api.findMember(r, list, address);
          if (found && sameMember(found, inputs)) return found;
          resent = true;
          return undefined;
        },
      });
    } catch (e) {
      if (!(e instanceof MailgunBadRequestError && saysAlreadyExists(e))) throw e;
      const carried = renamedLists.get(`${r}/${list}`);
      if (resent) {
        // The first attempt took effect and showed only now.
        m = await setDetails(inputs, { expectExists: true });
      } else if (carried) {
        progress(`took over member ${address} of mailing list ${list}: it came along when this run renamed the list from ${carried}`);
        m = await setDetails(inputs, { expectExists: true });
      } else {
        throw new Error(alreadyExistsAdvice(inputs));
      }
    }
  }
  listMembers(r, list).wrote({ ...m, id: address });
  return { id: idOf(inputs), outs: { ...outputsOf(inputs, m), writtenAt: Date.now() } };
}

export const mailingListMemberHandler: ResourceHandler<MailingListMemberInputs, MailingListMemberOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    return checkRegional(mailingListMemberInputs, news, "MailingListMember");
  },

  diff: fieldDiff(FIELDS, REPLACES),

  /** A 404 here is the list's: say how to make it, not only that it is missing. */
  async create(inputs) {
    try {
      return await createMember(inputs);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      throw new Error(
        `mailing list ${inputs.list} not found in region ${inputs.region}, so ${inputs.address} cannot be added to it. ` +
          `Declare the list (a MailingList resource) and pass its output, list: <list>.address, so the list is made first; or fix list or region.`,
      );
    }
  },

  async read(id, props) {
    const { region: r, list, address } = props;
    const shared = listMembers(r, list);
    let fromListing = shared.worthListing();
    const api = () => client().mailingLists;
    const get = async (): Promise<ListMember | undefined> => {
      // Only the first attempt: a retry waits for Mailgun to show this provider's write, which a listing fetched before it cannot.
      if (fromListing) {
        fromListing = false;
        return (await shared.items()).find((x: ListedMember) => x.id === address);
      }
      return api().findMember(r, list, address, afterOwnWrite(props.writtenAt));
    };
    const m = await readAfterWrite(props.writtenAt, get, (x) => x !== undefined && sameMember(x, props));
    if (!m) return {};
    const outs: MailingListMemberOutputs = { ...outputsOf(props, m), writtenAt: props.writtenAt };
    if (outs.writtenAt === undefined) delete outs.writtenAt;
    return { id, props: outs, inputs: inputsFrom(outs, [...FIELDS, "adopt"]) as MailingListMemberInputs };
  },

  async update(_id, olds, news) {
    let m: ListMember;
    try {
      m = await setDetails(news, afterOwnWrite(olds.writtenAt));
    } catch (e) {
      if (!isNotFound(e)) throw e;
      // Removed by hand since the last refresh: add it again.
      m = await client().mailingLists.createMember(news.region, news.list, { address: news.address, ...details(news), upsert: true }, { recover: async () => undefined });
      listMembers(news.region, news.list).wrote({ ...m, id: news.address });
    }
    return { outs: { ...outputsOf(news, m), writtenAt: Date.now() } };
  },

  async delete(_id, props) {
    // A 404 (the member, or its whole list, is gone) is success.
    await client().mailingLists.deleteMember(props.region, props.list, props.address);
    listMembers(props.region, props.list).deleted(props.address);
  },

  objectKey: (props) => (props.region && props.list && props.address ? `${props.region}/${idOf({ list: props.list, address: props.address })}` : undefined),
  describeObject: (props, id) => (props.list && props.address ? `member ${props.address} of mailing list ${props.list}` : `list member ${id}`),
  keyFields: ["address"],
};
