import { z } from "zod";
import { MailgunBadRequestError, isNotFound } from "../client/errors";
import type { DkimKey } from "../client/schemas";
import { client } from "../runtime";
import type { Region } from "../config";
import { diffFields, toDiffResult } from "./diff";
import { keyBits, pemFacts, publicKeyOfRecord } from "./dkim-pem";
import { DnsRecordOutput, sortedRecords } from "./dns";
import { findOnceShown, progress, readAfterWrite } from "./freshness";
import { ListedDkimKey, signingDomainKeys } from "./listings";
import { declaredBy, isDeclared } from "./ownership";
import { PartialCreateError, Props, ResourceHandler, asProps, inputsFrom } from "./types";
import { UNKNOWN, checkRegional, failureFor } from "./validation";
import { diffedFields, inputSchema, replacingFields, sensitiveFields } from "./fields/define";
import { dkimKeyFields } from "./fields/dkim-key";
import { dkimKeyId } from "./dkim-key-id";

export const dkimKeyInputs = inputSchema(dkimKeyFields);

export type DkimKeyInputs = z.output<typeof dkimKeyInputs> & { region: Region };

export interface DkimKeyOutputs extends DkimKeyInputs {
  /** The TXT record to publish: name `<selector>._domainkey.<signingDomain>`, value `k=rsa; p=...`, and Mailgun's DNS verdict. */
  dnsRecord: DnsRecordOutput;
  /** Base64 public key (the `p=` of the record). */
  publicKey: string;
  /** Key size in bits, read from the public key. */
  keySize?: number;
  /** When this provider last wrote the key (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
  /** The inputs the program set; `read` returns only these. */
  inputKeys?: string[];
}

const FIELDS = diffedFields(dkimKeyFields);
/** Mailgun has no update for a key's identity or material: only activation changes in place. */
const REPLACES = replacingFields(dkimKeyFields);

function idOf(i: { signingDomain: string; selector: string }): string {
  return dkimKeyId(i.signingDomain, i.selector);
}

function inputKeysOf(inputs: DkimKeyInputs): string[] {
  return [...FIELDS, "pem", "adopt"].filter((f) => asProps(inputs)[f] !== undefined);
}

function pemPublicKey(pem: string | undefined): string | undefined {
  if (pem === undefined || pem === UNKNOWN) return undefined;
  const facts = pemFacts(pem);
  return facts.ok ? facts.publicKey : undefined;
}

function outputsOf(inputs: DkimKeyInputs, key: DkimKey, extra: Partial<DkimKeyOutputs> = {}): DkimKeyOutputs {
  const record = key.dns_record;
  const dnsRecord = record
    ? sortedRecords([record], key.signing_domain)[0]
    : { type: "TXT", name: `${key.selector}._domainkey.${key.signing_domain}`, value: "", valid: "unknown" };
  const publicKey = publicKeyOfRecord(record?.value) ?? "";
  const keySize = keyBits(publicKey);
  const outs: DkimKeyOutputs = {
    ...inputs,
    active: record?.is_active ?? false,
    dnsRecord,
    publicKey,
    ...extra,
  };
  if (keySize !== undefined) outs.keySize = keySize;
  // A declared size is compared with the key Mailgun holds: a key re-made by hand in another size shows as a change.
  if (inputs.bits !== undefined && keySize !== undefined) outs.bits = keySize as 1024 | 2048;
  if (inputs.adopt === undefined) delete outs.adopt;
  return outs;
}

/** Whether a key found at Mailgun under this selector is the one this configuration would make. */
function problemTakingOver(key: DkimKey, inputs: DkimKeyInputs, adopting: boolean): string | undefined {
  const live = publicKeyOfRecord(key.dns_record?.value);
  const what = `DKIM key ${inputs.selector} of ${inputs.signingDomain} already exists in region ${inputs.region}`;
  const fix = `choose another selector, or delete that key at Mailgun first (DELETE /v1/dkim/keys?signing_domain=${inputs.signingDomain}&selector=${inputs.selector})`;
  if (inputs.pem !== undefined) {
    return live !== undefined && live === pemPublicKey(inputs.pem) ? undefined : `${what} with another key than pem holds; ${fix}.`;
  }
  const size = keyBits(live);
  if (inputs.bits !== undefined && size !== undefined && size !== inputs.bits) {
    return `${what} as a ${size}-bit key, not ${inputs.bits}-bit; set bits: ${size} to keep it (with adopt: true), or ${fix}.`;
  }
  if (!adopting && key.dns_record?.is_active) {
    const resource = declaredBy("DkimKey", idOf(inputs)) ?? "<this resource>";
    return [
      `${what} and is active, so it is not what an interrupted create of this resource leaves behind (a new key is inactive).`,
      `If you renamed this DkimKey resource in the program, tell Pulumi it is the same resource: new mailgun.DkimKey("${resource}", {...}, { aliases: [{ name: "<the old resource name>" }] }).`,
      `To bring the existing key under Pulumi, set adopt: true on this DkimKey (pulumi destroy then deletes it; add retainOnDelete: true to keep it). Otherwise ${fix}.`,
    ].join("\n");
  }
  return undefined;
}

async function lookUp(inputs: DkimKeyInputs): Promise<DkimKey | undefined> {
  const keys = await client().dkim.listKeys(inputs.region, inputs.signingDomain);
  return keys.find((k) => k.selector === inputs.selector);
}

function isDuplicate(err: unknown): boolean {
  return err instanceof MailgunBadRequestError && /duplicate/i.test(err.mailgunMessage);
}

function signingDomainMissing(err: unknown, inputs: DkimKeyInputs): Error | undefined {
  if (!isNotFound(err)) return undefined;
  return new Error(
    `creating DKIM key ${inputs.selector}: signing domain ${inputs.signingDomain} is not a Mailgun domain in region ${inputs.region} ` +
      `(${(err as Error).message}). Create the domain first (a Domain resource, and pass its name so the key waits for it), or set region to where the domain is.`,
  );
}

const OTHER_REGION: Record<Region, Region> = { us: "eu", eu: "us" };

function post(inputs: DkimKeyInputs, o: { expectExists?: boolean } = {}): Promise<DkimKey> {
  return client().dkim.createKey(
    inputs.region,
    { signing_domain: inputs.signingDomain, selector: inputs.selector, bits: inputs.bits, pem: inputs.pem },
    {
      ...o,
      // An ambiguous failure: the first attempt made the key if it is there now, as this configuration would.
      recover: async () => {
        const found = await lookUp(inputs);
        return found && !problemTakingOver(found, inputs, false) ? found : undefined;
      },
    },
  );
}

/**
 * The signing domain may be moments old (made earlier in this run), so a 404 is waited out within
 * the consistency budget; unless the domain answers in the other region: then the region is
 * wrong, and no wait helps. (A 404 means nothing was made: sending again is safe.)
 */
async function createOnNewDomain(inputs: DkimKeyInputs): Promise<DkimKey> {
  try {
    return await post(inputs);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const other = OTHER_REGION[inputs.region];
    if (await client().domains.find(other, inputs.signingDomain)) {
      throw new Error(`creating DKIM key ${inputs.selector}: signing domain ${inputs.signingDomain} is in region ${other}, not ${inputs.region}. Set region: "${other}" on this DkimKey.`);
    }
    return post(inputs, { expectExists: true });
  }
}

async function setActive(inputs: DkimKeyInputs, active: boolean, expectExists: boolean): Promise<void> {
  await client().dkim.setKeyActive(inputs.region, inputs.signingDomain, inputs.selector, active, { expectExists });
}

/** Mailgun's refusal to delete a domain's last active key, turned into what to do instead. */
function lastActiveAdvice(props: DkimKeyOutputs, err: MailgunBadRequestError): Error {
  return new Error(
    [
      `Mailgun refuses to delete DKIM key ${props.selector} of ${props.signingDomain}: it is the domain's only active key, and a domain must keep one (Mailgun: "${err.mailgunMessage}").`,
      `- To replace it: declare the new key (a DkimKey for ${props.signingDomain} with active: true), run pulumi up, and remove this one in a later run.`,
      `  (A change of pem or bits keeps the selector, so the old key has to go first: give the new key another selector instead.)`,
      `- If the domain itself is going away: set the resource option retainOnDelete: true on this DkimKey; deleting the domain deletes its keys.`,
      `- To stop managing the key but keep it: retainOnDelete: true, or pulumi state delete <urn of this resource>.`,
    ].join("\n"),
  );
}

export const dkimKeyHandler: ResourceHandler<DkimKeyInputs, DkimKeyOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    const result = checkRegional(dkimKeyInputs, news, "DkimKey", { sensitive: sensitiveFields(dkimKeyFields) });
    // Reported with the fields' own failures: everything wrong with the resource shows at once.
    if (news.bits !== undefined && news.pem !== undefined) {
      const both = failureFor("DkimKey", ["bits"], "bits and pem exclude each other: an imported key has the size it has; remove bits", news, { sensitive: sensitiveFields(dkimKeyFields) });
      return { failures: [...(result.failures ?? []), both] };
    }
    return result;
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffFields(olds as unknown as Props, news as unknown as Props, FIELDS, REPLACES);
    // The key material is compared by its public half: reformatting the PEM changes nothing, and a
    // key re-made by hand under this selector (another public key at Mailgun) shows as a change.
    if (news.pem !== undefined) {
      const wanted = pemPublicKey(news.pem);
      const differs = wanted === undefined ? news.pem !== olds.pem : olds.publicKey !== undefined && olds.publicKey !== "" && wanted !== olds.publicKey;
      if (differs) {
        changed.push("pem");
        replaces.push("pem");
      }
    } else if (olds.pem !== undefined) {
      // pem removed: a generated key replaces the imported one.
      changed.push("pem");
      replaces.push("pem");
    }
    // Same signing domain and selector: the new key can only be made once the old one is gone.
    const sameObject = news.signingDomain === olds.signingDomain && news.selector === olds.selector && news.region === olds.region;
    return toDiffResult(changed, replaces, sameObject);
  },

  async create(inputs) {
    const id = idOf(inputs);
    const listing = signingDomainKeys(inputs.region, inputs.signingDomain);
    let key: DkimKey | undefined;
    let takenOver = false;
    if (inputs.adopt) {
      key = await lookUp(inputs).catch((e: unknown) => {
        throw signingDomainMissing(e, inputs) ?? e;
      });
      if (key) {
        const problem = problemTakingOver(key, inputs, true);
        if (problem) throw new Error(problem);
        takenOver = true;
      }
    }
    if (!key) {
      try {
        key = await createOnNewDomain(inputs);
      } catch (e) {
        if (!isDuplicate(e)) throw signingDomainMissing(e, inputs) ?? e;
        // "Duplicate" while the listing lacks the key: an earlier attempt made it, Mailgun's reads lag.
        const found = await findOnceShown(() => lookUp(inputs));
        if (!found) throw e;
        const problem = problemTakingOver(found, inputs, false);
        if (problem) throw new Error(problem);
        // An inactive key of this configuration under this selector is what an interrupted create leaves behind.
        progress(`taking over DKIM key ${inputs.selector} of ${inputs.signingDomain}: it already exists, inactive, as an interrupted create of this resource leaves it`);
        key = found;
        takenOver = true;
      }
    }
    let outs = outputsOf(inputs, key, { inputKeys: inputKeysOf(inputs), writtenAt: Date.now() });
    const liveActive = Boolean(key.dns_record?.is_active);
    if (inputs.active !== undefined && inputs.active !== liveActive) {
      try {
        // A key made moments ago may still read as 404 at Mailgun: wait that out.
        await setActive(inputs, inputs.active, !takenOver);
      } catch (e) {
        throw new PartialCreateError(
          `DKIM key ${inputs.selector} of ${inputs.signingDomain} was created in region ${inputs.region}, but ${inputs.active ? "activating" : "deactivating"} it failed: ${(e as Error).message}. Run pulumi up again to finish.`,
          id,
          { ...outs, active: liveActive },
        );
      }
      outs = { ...outs, active: inputs.active };
    }
    listing.wrote({ ...key, id: key.selector, dns_record: key.dns_record ? { ...key.dns_record, is_active: outs.active } : key.dns_record });
    return { id, outs };
  },

  async read(id, props) {
    const r = props.region;
    const listing = signingDomainKeys(r, props.signingDomain);
    // The first attempt reads the listing the operation shares; a retry (waiting for Mailgun to show this provider's write) lists anew.
    let attempt = 0;
    const list = async (): Promise<ListedDkimKey[] | undefined> => {
      try {
        if (attempt++ === 0) return await listing.items();
        return (await client().dkim.listKeys(r, props.signingDomain)).map((k) => ({ ...k, id: k.selector }));
      } catch (e) {
        // The signing domain is gone, and its keys with it.
        if (isNotFound(e)) return undefined;
        throw e;
      }
    };
    const showsWrite = (keys: ListedDkimKey[] | undefined) => {
      const k = keys?.find((x) => x.selector === props.selector);
      return k !== undefined && (props.active === undefined || Boolean(k.dns_record?.is_active) === props.active);
    };
    const keys = await readAfterWrite(props.writtenAt, list, showsWrite);
    const key = keys?.find((k) => k.selector === props.selector);
    if (!key) return {};
    const outs = outputsOf(props, key, { inputKeys: props.inputKeys, writtenAt: props.writtenAt });
    const inputs = inputsFrom(outs, props.inputKeys ?? [...FIELDS, "pem", "adopt"]);
    return { id, props: outs, inputs: inputs as DkimKeyInputs };
  },

  async update(_id, olds, news) {
    let active = olds.active;
    if (news.active !== undefined && news.active !== olds.active) {
      await setActive(news, news.active, false);
      active = news.active;
    }
    const outs: DkimKeyOutputs = { ...olds, ...news, active, inputKeys: inputKeysOf(news), writtenAt: Date.now() };
    if (news.adopt === undefined) delete outs.adopt;
    return { outs };
  },

  async delete(_id, props) {
    try {
      await client().dkim.deleteKey(props.region, props.signingDomain, props.selector);
    } catch (e) {
      if (!(e instanceof MailgunBadRequestError && /at least one active/i.test(e.mailgunMessage))) throw e;
      // The program keeps the domain: the key must really go, and only the user can say how.
      if (isDeclared("Domain", props.signingDomain)) throw lastActiveAdvice(props, e);
      // A destroy, or the domain leaving the program too: the key goes with the domain.
      progress(
        `kept DKIM key ${props.selector} of ${props.signingDomain} at Mailgun: it is the domain's only active key, which Mailgun will not delete; ` +
          `deleting the domain deletes it (if the domain stays outside this stack, activate another key there and delete this one by hand)`,
      );
      return;
    }
    signingDomainKeys(props.region, props.signingDomain).deleted(props.selector);
  },

  objectKey: (props, id) => (props.signingDomain && props.selector ? idOf({ signingDomain: props.signingDomain, selector: props.selector }) : id),
  describeObject: (props, id) => (props.signingDomain && props.selector ? `DKIM key ${props.selector} of ${props.signingDomain}` : `DKIM key ${id}`),
  domainOf: (props) => props.signingDomain,
  keyFields: ["selector"],
};
