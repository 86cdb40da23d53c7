import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";
import { saysIpNotFound } from "../client/client";
import { isNotFound, MailgunBadRequestError } from "../client/errors";
import type { IpAllowlistEntry } from "../client/schemas";
import { client, defaultRegion } from "../runtime";
import { fieldDiff } from "./diff";
import { readAfterWrite } from "./freshness";
import { canonicalIp } from "./ip-address";
import { ListedAllowlistEntry, ipAllowlist } from "./listings";
import { declaredBy } from "./ownership";
import { ResourceHandler, inputsFrom } from "./types";
import { checkInputs } from "./validation";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { ipAllowlistEntryFields } from "./fields/ip-allowlist-entry";

export const ipAllowlistEntryInputs = inputSchema(ipAllowlistEntryFields);

export type IpAllowlistEntryInputs = z.output<typeof ipAllowlistEntryInputs>;
export interface IpAllowlistEntryOutputs extends IpAllowlistEntryInputs {
  /** When this provider last wrote the entry (epoch ms): a read soon after waits out Mailgun's stale listings. */
  writtenAt?: number;
}

const FIELDS = diffedFields(ipAllowlistEntryFields);
/** The list is keyed by address; only the description can change. */
const REPLACES = replacingFields(ipAllowlistEntryFields);

/**
 * A marker appended to the description stored at Mailgun. It identifies the entry this resource
 * made, so that a create whose earlier attempt was interrupted takes its own entry back instead
 * of failing; an entry made by anyone else lacks it and is left alone (unless `adopt`).
 */
export function markerOf(i: Pick<IpAllowlistEntryInputs, "ownerTag" | "address">): string {
  return `[pulumi:${createHash("sha256").update(JSON.stringify([i.ownerTag ?? "", i.address])).digest("hex").slice(0, 12)}]`;
}

export function stripMarker(description: string): string {
  return description.replace(/\s*\[pulumi:[0-9a-f]{12}\]$/, "");
}

function mailgunDescription(i: IpAllowlistEntryInputs): string {
  return i.description ? `${i.description} ${markerOf(i)}` : markerOf(i);
}

/** Entries keyed by their address in canonical spelling: Mailgun may keep an address as sent or in a form of its own. */
function listed(entries: IpAllowlistEntry[]): ListedAllowlistEntry[] {
  return entries.map((e) => ({ ...e, id: idOf(e.ip_address) }));
}

function idOf(address: string): string {
  const a = address.trim();
  const [ip, prefix] = a.split("/");
  return isIP(ip) !== 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix)) ? canonicalIp(a) : a;
}

/**
 * The allowlist is account-wide: both regions' hosts serve it (the spec lists both). Calls go
 * to the host of the provider's region (`mailgun:region`), so an EU-only setup never needs the
 * US host. Moving that setting moves nothing: it is the same list.
 */
function host() {
  return defaultRegion();
}

const shared = () => ipAllowlist(async () => listed(await client().ipAllowlist.list(host())));

async function findEntry(address: string, fresh = false): Promise<ListedAllowlistEntry | undefined> {
  const entries = fresh ? listed(await client().ipAllowlist.list(host())) : await shared().items();
  return entries.find((e) => e.id === address);
}

function outputsOf(i: IpAllowlistEntryInputs): IpAllowlistEntryOutputs {
  const outs: IpAllowlistEntryOutputs = { ...i, writtenAt: Date.now() };
  if (i.adopt === undefined) delete outs.adopt;
  return outs;
}

/** Sets the description (with this resource's marker) on an entry that exists, unless it has it already. */
async function setDescription(i: IpAllowlistEntryInputs, current: ListedAllowlistEntry): Promise<void> {
  const want = mailgunDescription(i);
  if (current.description !== want) await client().ipAllowlist.update(host(), current.ip_address, want, { expectExists: true });
  shared().wrote({ ...current, description: want });
}

function alreadyExistsAdvice(i: IpAllowlistEntryInputs, existing: ListedAllowlistEntry): string {
  const resource = declaredBy("IpAllowlistEntry", i.address) ?? "<this resource>";
  return [
    `${i.address} is already on the account's IP allowlist (description ${JSON.stringify(stripMarker(existing.description))}), and not by this resource.`,
    `If you renamed this IpAllowlistEntry resource in the program (its first argument), tell Pulumi it is the same resource:`,
    `    new mailgun.IpAllowlistEntry("${resource}", { address: "${i.address}", ... }, { aliases: [{ name: "<the old resource name>" }] });`,
    `If it was added outside this stack, set adopt: true on this IpAllowlistEntry to bring it under Pulumi: its description is then set to this one, and pulumi destroy removes the address from the allowlist (add the resource option retainOnDelete: true to keep it).`,
  ].join("\n");
}

export const ipAllowlistEntryHandler: ResourceHandler<IpAllowlistEntryInputs, IpAllowlistEntryOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    return checkInputs(ipAllowlistEntryInputs, news, "IpAllowlistEntry");
  },

  // A changed owner tag alone is a rename (with aliases): no change to show. The entry keeps its
  // old marker, which the state's owner tag still matches; the next description update rewrites both.
  diff: fieldDiff(FIELDS, REPLACES),

  async create(inputs) {
    if (inputs.adopt) {
      const existing = await findEntry(inputs.address);
      if (existing) {
        // Adopting changes nothing that already holds: the marker only tells an interrupted create's
        // own entry from someone else's, and an adopted entry needs no telling.
        if (stripMarker(existing.description) !== (inputs.description ?? "")) await setDescription(inputs, existing);
        return { id: inputs.address, outs: outputsOf(inputs) };
      }
    }
    const want = mailgunDescription(inputs);
    let resent = false;
    try {
      const after = listed(await client().ipAllowlist.add(host(), inputs.address, want, {
        // A lost answer: the entry with this resource's marker is this create's (its first attempt's).
        recover: async () => {
          const entries = await client().ipAllowlist.list(host());
          if (listed(entries).some((e) => e.id === inputs.address && e.description === want)) return entries;
          resent = true;
          return undefined;
        },
      }));
      const mine = after.find((e) => e.id === inputs.address);
      if (mine) shared().wrote(mine);
    } catch (e) {
      if (!(e instanceof MailgunBadRequestError)) throw e;
      // Mailgun's wording for an address it holds already is not known: the listing decides. After
      // a re-sent POST, the first attempt's entry may not be listed yet: wait for it.
      const list = () => findEntry(inputs.address, true);
      const existing = resent ? await readAfterWrite(Date.now(), list, (x) => x !== undefined) : await list();
      if (!existing) throw e;
      if (!inputs.adopt && !existing.description.endsWith(markerOf(inputs))) throw new Error(alreadyExistsAdvice(inputs, existing));
      // This resource's own entry (an interrupted earlier create), or one to adopt.
      await setDescription(inputs, existing);
    }
    return { id: inputs.address, outs: outputsOf(inputs) };
  },

  async read(id, props) {
    let attempt = 0;
    const wanted = mailgunDescription(props);
    const found = await readAfterWrite(
      props.writtenAt,
      () => findEntry(props.address, attempt++ > 0),
      // An adopted entry keeps its description without the marker.
      (e) => e !== undefined && (e.description === wanted || e.description === (props.description ?? "")),
    );
    if (!found) return {};
    const outs: IpAllowlistEntryOutputs = { ...props, description: stripMarker(found.description) };
    const inputs = inputsFrom(outs, [...FIELDS, "adopt", "ownerTag"]);
    return { id, props: outs, inputs: inputs as IpAllowlistEntryInputs };
  },

  async update(_id, olds, news) {
    const want = mailgunDescription(news);
    try {
      await client().ipAllowlist.update(host(), news.address, want);
    } catch (e) {
      if (!(saysIpNotFound(e) || isNotFound(e))) throw e;
      // Removed by hand since the last refresh: add it again.
      await client().ipAllowlist.add(host(), news.address, want);
    }
    shared().wrote({ id: news.address, ip_address: news.address, description: want });
    const outs = outputsOf(news);
    if (news.adopt === undefined && olds.adopt !== undefined) delete outs.adopt;
    return { outs };
  },

  async delete(_id, props) {
    await client().ipAllowlist.delete(host(), props.address);
    shared().deleted(props.address);
  },

  // The list is keyed by address: another IpAllowlistEntry of the stack with the same address holds the same entry.
  objectKey: (props) => props.address,
  describeObject: (props, id) => `IP allowlist entry ${props.address ?? id}`,
  keyFields: ["address"],
};
