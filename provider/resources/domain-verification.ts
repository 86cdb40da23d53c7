/**
 * DomainVerification: a step a program can wait on. Create (and an update while the last read saw
 * the domain unverified) asks Mailgun to check the domain's DNS (`PUT /v4/domains/{d}/verify`) until
 * the records of the chosen categories are valid, or fails when timeoutSeconds runs out, naming each
 * missing record. There is no object at Mailgun behind it: delete changes nothing there.
 */
import { z } from "zod";
import type { DomainWithRecords } from "../client/schemas";
import { isNotFound, MailgunAbortError } from "../client/errors";
import { client } from "../runtime";
import type { Region } from "../config";
import { diffFields, sameValue, toDiffResult } from "./diff";
import { afterOwnWrite, progress, readAfterWrite } from "./freshness";
import { Props, ResourceHandler, inputsFrom } from "./types";
import { checkRegional } from "./validation";
import { Category, VerificationRecord, checkIntervalMs, isVerified, recordsOf, summary, timeoutMessage } from "./verification-records";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { domainVerificationFields } from "./fields/domain-verification";

export { DEFAULT_TIMEOUT_S, MAX_TIMEOUT_S, MIN_TIMEOUT_S } from "./fields/domain-verification";
/** How far past the deadline the last check may run, for the call itself. */
const GRACE_MS = 1_000;

export const domainVerificationInputs = inputSchema(domainVerificationFields);

export type DomainVerificationInputs = z.output<typeof domainVerificationInputs> & { region: Region };
export interface DomainVerificationOutputs extends DomainVerificationInputs {
  /** Mailgun's state of the domain: "active", "unverified" or "disabled". */
  state: string;
  /** The records of the categories in waitFor, each with what Mailgun last saw. */
  records: VerificationRecord[];
  /** When this provider last asked Mailgun to verify (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
}

const FIELDS = diffedFields(domainVerificationFields);
/** Another domain or region is another verification; nothing at Mailgun is deleted either way. */
const REPLACES = replacingFields(domainVerificationFields);

function outputsOf(i: DomainVerificationInputs, live: DomainWithRecords, writtenAt?: number): DomainVerificationOutputs {
  const outs: DomainVerificationOutputs = { ...i, state: live.domain.state, records: recordsOf(live, i.waitFor) };
  if (writtenAt !== undefined) outs.writtenAt = writtenAt;
  return outs;
}

const verified = (o: Pick<DomainVerificationOutputs, "state" | "records" | "waitFor">) => isVerified(o.state, o.records, o.waitFor);

function disabledMessage(domain: string, live: DomainWithRecords): string {
  const why = (live.domain as { disabled?: { reason?: string; note?: string } }).disabled;
  const reason = why?.reason ?? why?.note;
  return `domain ${domain} is disabled at Mailgun${reason ? ` (${reason})` : ""}: verification cannot make it active. Ask Mailgun support to re-enable it, then run pulumi up again.`;
}

/** Only on the error path: one look in the other region, since a domain name is unique across both. */
async function notFoundMessage(i: DomainVerificationInputs): Promise<string> {
  const other: Region = i.region === "us" ? "eu" : "us";
  const elsewhere = await client().domains.find(other, i.domain).catch(() => undefined);
  return elsewhere
    ? `domain ${i.domain} not found in region ${i.region}: it lives in region ${other}. Set region: "${other}" on this DomainVerification.`
    : `domain ${i.domain} not found in region ${i.region}: create it first (a mailgun.Domain, and pass its name so this waits for it), or set region to where it lives.`;
}

/**
 * Asks Mailgun to verify until the waited-for records are valid or the timeout runs out, reporting
 * progress after every check that is not there yet. `justCreated`: the domain may have been created
 * moments ago in this run, so a 404 is waited out within the consistency budget first.
 */
async function verifyUntilDone(i: DomainVerificationInputs, justCreated: boolean): Promise<DomainVerificationOutputs> {
  const started = Date.now();
  const deadline = started + i.timeoutSeconds * 1000;
  const interval = checkIntervalMs(i.timeoutSeconds);
  let last: DomainVerificationOutputs | undefined;
  for (let check = 1; ; check++) {
    let live: DomainWithRecords;
    // After the first answer, a check the rate-limit pacer holds past the deadline is given up (a grace second
    // for the call itself): the timeout is the user's budget, and the last answer says what is missing.
    const signal = last ? AbortSignal.timeout(Math.max(0, deadline - Date.now()) + GRACE_MS) : undefined;
    try {
      live = await client().domains.verify(i.region, i.domain, { expectExists: justCreated && check === 1, signal });
    } catch (e) {
      if (last && e instanceof MailgunAbortError) throw new Error(timeoutMessage(i.domain, Math.round((Date.now() - started) / 1000), last.state, last.records, i.waitFor));
      if (!isNotFound(e)) throw e;
      throw new Error(await notFoundMessage(i));
    }
    const outs = (last = outputsOf(i, live, Date.now()));
    if (live.domain.state === "disabled") throw new Error(disabledMessage(i.domain, live));
    if (verified(outs)) {
      if (check > 1) progress(`verified ${i.domain} after ${check} checks (${Math.round((Date.now() - started) / 1000)} s): ${summary(outs.state, outs.records, i.waitFor)}`);
      return outs;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(timeoutMessage(i.domain, Math.round((Date.now() - started) / 1000), outs.state, outs.records, i.waitFor));
    const wait = Math.min(interval, left);
    progress(`verifying ${i.domain}: ${summary(outs.state, outs.records, i.waitFor)}, next check in ${Math.ceil(wait / 1000)} s`);
    await new Promise((res) => setTimeout(res, wait));
  }
}

export const domainVerificationHandler: ResourceHandler<DomainVerificationInputs, DomainVerificationOutputs> = {
  async check(_olds, news) {
    return checkRegional(domainVerificationInputs, news, "DomainVerification");
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffFields(olds as unknown as Props, news as unknown as Props, FIELDS, REPLACES);
    // The last read saw the domain unverified (drift, or a refresh after DNS changed): up verifies again.
    if (Array.isArray(olds.records) && !verified(olds)) changed.push("state");
    return toDiffResult(changed, replaces);
  },

  async create(inputs) {
    return { id: inputs.domain, outs: await verifyUntilDone(inputs, true) };
  },

  async read(id, props) {
    const r = props.region;
    const name = props.domain ?? id;
    // A read right after the verify may still get Mailgun's answer from before it: wait that out, within the consistency budget.
    const live = await readAfterWrite(props.writtenAt, () => client().domains.find(r, name, afterOwnWrite(props.writtenAt)), (l) => l !== undefined && verified(outputsOf(props, l)));
    // The domain is gone, and its verification with it.
    if (!live) return {};
    const outs = outputsOf(props, live, props.writtenAt);
    const inputs = inputsFrom(outs, FIELDS);
    return { id, props: outs, inputs: inputs as DomainVerificationInputs };
  },

  async update(_id, olds, news) {
    // Only the timeout changed on a domain still verified: nothing to ask Mailgun.
    if (sameValue(olds.waitFor, news.waitFor) && olds.domain === news.domain && Array.isArray(olds.records) && verified(olds)) {
      return { outs: { ...olds, ...news } };
    }
    return { outs: await verifyUntilDone(news, false) };
  },

  async delete() {
    // Verification is a check, not an object: there is nothing at Mailgun to remove, and the domain stays verified.
  },
};

export type { Category, VerificationRecord };
