import { z } from "zod";
import type { CredentialWrite } from "../client/client";
import { isNotFound, MailgunBadRequestError } from "../client/errors";
import type { CallOptions } from "../client/request-loop";
import { client } from "../runtime";
import type { Region } from "../config";
import { fieldDiff } from "./diff";
import { afterOwnWrite, progress, readAfterWrite } from "./freshness";
import { ListedCredential, domainCredentials } from "./listings";
import { declaredBy } from "./ownership";
import { Props, ResourceHandler, inputsFrom } from "./types";
import { UNKNOWN, checkRegional, failureFor } from "./validation";
import { diffedFields, inputSchema, replacingFields, sensitiveFields } from "./fields/define";
import { domainCredentialFields } from "./fields/domain-credential";

export const domainCredentialInputs = inputSchema(domainCredentialFields);

export type DomainCredentialInputs = z.output<typeof domainCredentialInputs> & { region: Region };
export interface DomainCredentialOutputs extends DomainCredentialInputs {
  /** The full login, `<login>@<domain>`: the SMTP user name. */
  address: string;
  /** Whether the current password is one Mailgun generated (not set by the program): it is then not a program input. */
  passwordGenerated?: boolean;
  /** When this provider last wrote the credential (epoch ms): a read soon after waits out Mailgun's stale listings. */
  writtenAt?: number;
}

const FIELDS = diffedFields(domainCredentialFields);
/** Mailgun has no rename: a credential is its domain and login. Only the password changes in place. */
const REPLACES = replacingFields(domainCredentialFields);

function fullLogin(i: { login: string; domain: string }): string {
  return `${i.login}@${i.domain}`;
}

/** For calls about a credential just seen, or written by this provider: a 404 can only be Mailgun catching up. */
const EXISTS = { expectExists: true } as const;

/** Mailgun's created_at has whole seconds, and its clock is not ours. */
const CLOCK_SLACK_MS = 5_000;

/** Mailgun's answer to a PUT of the password the credential already has (wgebis/terraform-provider-mailgun PR #17). */
function saysSamePassword(e: unknown): boolean {
  return e instanceof MailgunBadRequestError && /same as old password/i.test(e.mailgunMessage);
}

/** The credential as the domain's listing shows it; undefined when absent (or the domain is gone). `fresh` lists anew. */
async function findCredential(r: Region, domain: string, login: string, fresh = false): Promise<ListedCredential | undefined> {
  const id = `${login}@${domain}`;
  try {
    const items = fresh ? (await client().credentials.list(r, domain)).map((c) => ({ ...c, id: c.login.toLowerCase() })) : await domainCredentials(r, domain).items();
    return items.find((c) => c.id === id);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

const OTHER_REGION: Record<Region, Region> = { us: "eu", eu: "us" };

/**
 * POST to a domain that may be moments old (created earlier in this run): a 404 is waited out
 * within the consistency budget, unless the domain answers in the other region (then the
 * region is wrong, and no wait can help).
 */
async function postCredential(i: DomainCredentialInputs, recover: () => Promise<CredentialWrite | undefined>): Promise<CredentialWrite> {
  const { region: r, domain, login, password } = i;
  try {
    return await client().credentials.create(r, domain, login, password, { recover });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    const other = OTHER_REGION[r];
    if (await client().domains.find(other, domain)) {
      throw new Error(`domain ${domain} not found in region ${r}: it lives in region ${other}. Set region: "${other}" on this DomainCredential.`);
    }
    return client().credentials.create(r, domain, login, password, { ...EXISTS, recover });
  }
}

/** Sets the password; one Mailgun already holds (it refuses to "change" to the same) is success. Undefined: Mailgun generates one. */
async function setPassword(r: Region, domain: string, login: string, password: string | undefined, o?: CallOptions): Promise<CredentialWrite> {
  try {
    return await client().credentials.changePassword(r, domain, login, password, o);
  } catch (e) {
    if (password !== undefined && saysSamePassword(e)) return {};
    throw e;
  }
}

function outputsOf(i: DomainCredentialInputs, password: string | undefined, generated: boolean): DomainCredentialOutputs {
  const outs: DomainCredentialOutputs = { ...i, address: fullLogin(i), writtenAt: Date.now() };
  if (password === undefined) delete outs.password;
  else outs.password = password;
  if (generated) outs.passwordGenerated = true;
  if (i.adopt === undefined) delete outs.adopt;
  return outs;
}

/** Takes over an existing credential: with a password, it is set (unless Mailgun already has it); without, it stays unknown. */
async function adopt(i: DomainCredentialInputs, existing: ListedCredential): Promise<{ id: string; outs: DomainCredentialOutputs }> {
  if (i.password !== undefined) {
    await setPassword(i.region, i.domain, i.login, i.password, EXISTS);
  } else {
    progress(
      `adopted SMTP credential ${fullLogin(i)}: Mailgun never shows a password, so its current one is kept and the password output stays empty. ` +
        `Set password on this DomainCredential to have pulumi set (and know) it.`,
    );
  }
  domainCredentials(i.region, i.domain).wrote({ ...existing });
  return { id: fullLogin(i), outs: outputsOf(i, i.password, false) };
}

/** The rename fix comes first, as for domains: following the adopt advice after a rename would change a working password. */
function alreadyExistsAdvice(i: DomainCredentialInputs): string {
  const address = fullLogin(i);
  const resource = declaredBy("DomainCredential", `${i.region}/${address}`) ?? "<this resource>";
  return [
    `SMTP credential ${address} already exists in region ${i.region}, and Mailgun never shows a password, so pulumi-mailgun cannot tell who made it.`,
    `If you renamed this DomainCredential resource in the program (its first argument), tell Pulumi it is the same resource, so that nothing changes at Mailgun:`,
    `    new mailgun.DomainCredential("${resource}", { domain: "${i.domain}", login: "${i.login}", ... }, { aliases: [{ name: "<the old resource name>" }] });`,
    `If an interrupted pulumi up of this stack made it, run \`npx pulumi-mailgun recover\` (it records the credential in the stack and changes nothing at Mailgun), then pulumi up again.`,
    `If it was made outside this stack, set adopt: true on this DomainCredential to bring it under Pulumi: ${i.password === undefined ? "without a password set, its current password is kept (and stays unknown to Pulumi)" : "its password is then changed to the one set here"}, and pulumi destroy deletes it (add the resource option retainOnDelete: true to keep it).`,
    `Otherwise choose another login.`,
  ].join("\n");
}

/**
 * check's result with the login reduced to its local part: `alice` and `alice@mg.example.com`
 * are the same credential and never differ. A full address on another domain is refused, also
 * alongside other failures (the engine reports one check's failures together).
 */
function normaliseLogin(news: Props, result: ReturnType<typeof checkRegional>): ReturnType<typeof checkRegional> {
  const login = typeof news.login === "string" && news.login !== UNKNOWN ? news.login.trim().toLowerCase() : undefined;
  const at = login?.lastIndexOf("@") ?? -1;
  const failed = (field: string) => result.failures?.some((f) => f.reason.startsWith(`DomainCredential: [${field}]`));
  if (login === undefined || failed("login")) return result;
  if ((at < 0 ? login : login.slice(0, at)) === "postmaster") {
    // Mailgun keeps postmaster@<domain> with the domain (a system mailbox it refuses to delete).
    const failure = failureFor("DomainCredential", ["login"], `login "postmaster" is the domain's own SMTP login, which Mailgun keeps with the domain and will not delete; set its password with the Domain's smtpPassword instead of a DomainCredential`, news);
    return { failures: [...(result.failures ?? []), failure] };
  }
  if (at < 0) return result;
  const local = login.slice(0, at);
  const domainPart = login.slice(at + 1).replace(/\.$/, "");
  const domain = typeof news.domain === "string" && news.domain !== UNKNOWN && !failed("domain") ? news.domain.trim().toLowerCase().replace(/\.$/, "") : undefined;
  if (domain !== undefined && domainPart !== domain) {
    const failure = failureFor("DomainCredential", ["login"], `login "${login}" is an address on ${domainPart}, not on domain ${domain}; use "${local}" or "${local}@${domain}"`, news);
    return { failures: [...(result.failures ?? []), failure] };
  }
  return result.inputs ? { ...result, inputs: { ...result.inputs, login: local } } : result;
}

export const domainCredentialHandler: ResourceHandler<DomainCredentialInputs, DomainCredentialOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    return normaliseLogin(news, checkRegional(domainCredentialInputs, news, "DomainCredential", { sensitive: sensitiveFields(domainCredentialFields) }));
  },

  diff: fieldDiff(FIELDS, REPLACES),

  /**
   * Mailgun cannot tag a credential, and never shows its password, so an existing login proves
   * nothing about who made it. This create therefore takes an existing credential only when it
   * knows it is its own: a POST of this very create whose answer was lost (5xx, timeout, dropped
   * connection), recognised by a listing that shows the login created since this create began
   * (Mailgun only creates it once: a re-sent POST would answer that it exists). Anything else
   * is left alone, with advice: `adopt: true`, or `pulumi-mailgun recover` after a killed run.
   */
  async create(inputs) {
    const { region: r, domain, login } = inputs;
    if (inputs.adopt) {
      const existing = await findCredential(r, domain, login);
      if (existing) return adopt(inputs, existing);
    }
    const started = Date.now();
    const madeByThisCreate = (c: ListedCredential | undefined) => c !== undefined && Date.parse(c.created_at ?? "") >= started - CLOCK_SLACK_MS;
    let answerLost = false;
    let resent = false;
    let created: CredentialWrite = {};
    try {
      created = await postCredential(inputs, async () => {
        if (!madeByThisCreate(await findCredential(r, domain, login, true))) return ((resent = true), undefined);
        answerLost = true;
        return {};
      });
    } catch (e) {
      if (!(e instanceof MailgunBadRequestError)) throw e;
      // Mailgun's wording for a login that exists is not known: the listing decides. After a
      // re-sent POST, the first attempt's credential may not be listed yet: wait for it.
      const list = () => findCredential(r, domain, login, true);
      const existing = resent ? await readAfterWrite(Date.now(), list, (c) => c !== undefined) : await list();
      if (!existing) throw e;
      if (resent && madeByThisCreate(existing)) answerLost = true;
      else if (inputs.adopt) return adopt(inputs, existing);
      else throw new Error(alreadyExistsAdvice(inputs));
    }
    let password = inputs.password ?? created.generatedPassword;
    if (answerLost && inputs.password === undefined) {
      // The password Mailgun generated was in the lost answer: have it generate one this provider sees.
      password = (await setPassword(r, domain, login, undefined, EXISTS)).generatedPassword;
    }
    domainCredentials(r, domain).wrote({ id: fullLogin(inputs), login: fullLogin(inputs), mailbox: fullLogin(inputs) });
    return { id: fullLogin(inputs), outs: outputsOf(inputs, password, inputs.password === undefined) };
  },

  async read(id, props) {
    const { region: r, domain, login } = props;
    // The first attempt reads the operation's shared listing; a retry (waiting for Mailgun to show this provider's write) lists anew.
    let attempt = 0;
    const found = await readAfterWrite(props.writtenAt, () => findCredential(r, domain, login, attempt++ > 0), (c) => c !== undefined);
    if (!found) return {};
    // Write-only: Mailgun never shows the password; keep the one last set (or generated).
    const outs: DomainCredentialOutputs = { ...props, address: fullLogin(props) };
    const inputs = inputsFrom(outs, [...FIELDS, "adopt"]);
    // A generated password is an output, never a program input.
    if (props.passwordGenerated) delete inputs.password;
    return { id, props: outs, inputs: inputs as DomainCredentialInputs };
  },

  async update(_id, olds, news) {
    const { region: r, domain, login } = news;
    // diff asked for an update: the program sets a password other than the current one (never resent unchanged).
    let passwordGenerated = olds.passwordGenerated;
    let password = olds.password;
    if (news.password !== undefined && news.password !== olds.password) {
      try {
        await setPassword(r, domain, login, news.password, afterOwnWrite(olds.writtenAt));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        // Deleted by hand since the last refresh: make it again.
        await postCredential(news, async () => undefined);
      }
      password = news.password;
      passwordGenerated = undefined;
    }
    const outs: DomainCredentialOutputs = { ...olds, ...news, address: fullLogin(news), writtenAt: Date.now() };
    if (password === undefined) delete outs.password;
    else outs.password = password;
    if (passwordGenerated) outs.passwordGenerated = true;
    else delete outs.passwordGenerated;
    if (news.adopt === undefined) delete outs.adopt;
    return { outs };
  },

  async delete(_id, props) {
    const { region: r, domain, login } = props;
    try {
      await client().credentials.delete(r, domain, login);
    } catch (e) {
      // The domain's postmaster, made through its smtp_password: Mailgun deletes it only with the domain.
      if (!(e instanceof MailgunBadRequestError && /system mailbox/i.test(e.mailgunMessage))) throw e;
      progress(`kept SMTP credential ${fullLogin(props)} at Mailgun: it is the domain's system mailbox, which goes only with the domain`);
    }
    domainCredentials(r, domain).deleted(fullLogin(props));
  },

  // A credential is its domain and login; domain names are unique across regions, the region keeps two stacks' mistakes apart.
  objectKey: (props) => (props.region && props.domain && props.login ? `${props.region}/${fullLogin({ login: props.login, domain: props.domain })}` : undefined),
  describeObject: (props, id) => `SMTP credential ${props.login && props.domain ? fullLogin({ login: props.login, domain: props.domain }) : id}`,
  domainOf: (props) => props.domain,
  keyFields: ["login"],
};
