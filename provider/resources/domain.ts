import { z } from "zod";
import type { DnsRecord, DomainWithRecords, Tracking } from "../client/schemas";
import type { CreateDomainParams, UpdateDomainParams } from "../client/params";
import { isNotFound, MailgunBadRequestError } from "../client/errors";
import { client, providerConfig } from "../runtime";
import type { Region } from "../config";
import type { CallOptions } from "../client/request-loop";
import { DnsRecordOutput, KeyedDnsRecords, dkimKeySizeOf, dkimSelectorOf, dnsDigest, keyedRecords, sortedMx, sortedRecords } from "./dns";
import { diffFields, toDiffResult } from "./diff";
import { afterOwnWrite, progress, readAfterWrite } from "./freshness";
import { PartialCreateError, Props, ResourceHandler, asProps, inputsFrom } from "./types";
import { checkRegional, domainName, optionalBoolean, region } from "./validation";
import { declaredBy, declaredInDomain } from "./ownership";
import { whileNoWebhookWrites } from "./webhook";
import { DkimRotationSetting, applyRotation, dkimRotationInput, readRotation, rotationFailures } from "./dkim-rotation";
import { runWide } from "../run-state";
import { forceDestroyFor, holdsContents, noteReplacement } from "./contents";

const atom = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Mailgun puts the recipient's own unsubscribe link where the footer says %unsubscribe_url%; a footer without it unsubscribes nobody. */
function unsubscribeFooter(field: string, example: string) {
  return z
    .string({ error: `${field} must be a string` })
    .refine((s) => s.includes("%unsubscribe_url%"), {
      error: `${field} must contain %unsubscribe_url% (Mailgun replaces it with the recipient's unsubscribe link), e.g. ${JSON.stringify(example)}`,
    })
    .optional();
}

export const domainInputs = z
  .object({
    name: domainName,
    region: region.optional(),
    adopt: optionalBoolean("adopt").optional(),
    forceDestroy: optionalBoolean("forceDestroy").optional(),
    spamAction: z.enum(["disabled", "block", "tag"], { error: 'spamAction must be "disabled", "block" or "tag"' }).default("disabled"),
    wildcard: optionalBoolean("wildcard").default(false),
    forceDkimAuthority: optionalBoolean("forceDkimAuthority").default(false),
    dkimKeySize: z
      .union([z.literal(1024), z.literal(2048)], { error: "dkimKeySize must be 1024 or 2048 (bits)" })
      .optional(),
    dkimSelector: z
      .string()
      .regex(atom, { error: "dkimSelector must be a single DNS label (letters, digits, hyphens; no dots), e.g. mg2025" })
      .optional(),
    webScheme: z.enum(["http", "https"], { error: 'webScheme must be "http" or "https"' }).default("http"),
    webPrefix: z
      .string()
      .regex(atom, { error: "webPrefix must be a single DNS label (letters, digits, hyphens), e.g. email" })
      .default("email"),
    requireTls: optionalBoolean("requireTls").default(false),
    skipVerification: optionalBoolean("skipVerification").default(false),
    useAutomaticSenderSecurity: optionalBoolean("useAutomaticSenderSecurity").default(false),
    smtpPassword: z
      .string({ error: "smtpPassword must be a string" })
      .min(5, { error: "smtpPassword must be 5 to 32 characters long (Mailgun's rule)" })
      .max(32, { error: "smtpPassword must be 5 to 32 characters long (Mailgun's rule)" })
      .optional(),
    openTracking: optionalBoolean("openTracking").default(false),
    clickTracking: z
      .union([z.boolean(), z.literal("htmlonly")], { error: 'clickTracking must be true, false or "htmlonly"' })
      .default(false),
    unsubscribeTracking: optionalBoolean("unsubscribeTracking").default(false),
    unsubscribeHtmlFooter: unsubscribeFooter("unsubscribeHtmlFooter", '<a href="%unsubscribe_url%">Unsubscribe</a>'),
    unsubscribeTextFooter: unsubscribeFooter("unsubscribeTextFooter", "To unsubscribe: %unsubscribe_url%"),
    dkimRotation: dkimRotationInput.optional(),
  })
  .strict();

export type DomainInputs = z.output<typeof domainInputs> & { region: Region };

export interface DomainOutputs extends DomainInputs {
  domainId: string;
  state: string;
  type: string;
  smtpLogin: string;
  createdAt: string;
  sendingDnsRecords: DnsRecordOutput[];
  receivingDnsRecords: DnsRecordOutput[];
  dnsRecords: KeyedDnsRecords;
  /** dnsDigest of the records last handed to the program (create/update); a refresh keeps it. */
  dnsDigest?: string;
  /** When this provider last wrote the domain (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
  /** The inputs the program set; `read` returns only these, so a refresh does not invent inputs. */
  inputKeys?: string[];
}

/** Fields compared by diff; every one updates in place unless listed in REPLACES. */
const FIELDS = [
  "name", "region", "spamAction", "wildcard", "forceDkimAuthority", "dkimKeySize", "dkimSelector", "webScheme",
  "webPrefix", "requireTls", "skipVerification", "useAutomaticSenderSecurity", "smtpPassword", "openTracking",
  "clickTracking", "unsubscribeTracking", "unsubscribeHtmlFooter", "unsubscribeTextFooter", "dkimRotation", "forceDestroy",
] as const;
/** Mailgun cannot rename a domain, move it between regions, or change its DKIM key size. */
const REPLACES = ["name", "region", "dkimKeySize"] as const;
const V4_FIELDS = ["spamAction", "wildcard", "webScheme", "webPrefix", "requireTls", "skipVerification", "useAutomaticSenderSecurity", "smtpPassword"] as const;

const DELETE_WAIT_S_DEFAULT = 300;

function inputKeysOf(inputs: DomainInputs): string[] {
  return [...FIELDS, "adopt"].filter((f) => asProps(inputs)[f] !== undefined);
}

type Written = Partial<DomainOutputs>;

function fromLive(inputs: DomainInputs, live: DomainWithRecords, tracking: Tracking | undefined, previous?: Partial<DomainOutputs>): DomainOutputs {
  const d = live.domain;
  const name = d.name ?? inputs.name;
  const sending = sortedRecords(live.sending_dns_records as DnsRecord[] | undefined, name);
  const receiving = sortedMx(live.receiving_dns_records as DnsRecord[] | undefined, name);
  const outs: DomainOutputs = {
    ...inputs,
    name,
    spamAction: (d.spam_action as DomainInputs["spamAction"]) ?? inputs.spamAction,
    wildcard: d.wildcard ?? inputs.wildcard,
    webScheme: (d.web_scheme as DomainInputs["webScheme"]) ?? inputs.webScheme,
    webPrefix: d.web_prefix ?? inputs.webPrefix,
    requireTls: d.require_tls ?? inputs.requireTls,
    skipVerification: d.skip_verification ?? inputs.skipVerification,
    useAutomaticSenderSecurity: d.use_automatic_sender_security ?? inputs.useAutomaticSenderSecurity,
    // Not readable from Mailgun: what was last applied.
    forceDkimAuthority: previous?.forceDkimAuthority ?? inputs.forceDkimAuthority,
    dkimSelector: dkimSelectorOf(sending, previous?.dkimSelector ?? inputs.dkimSelector) ?? previous?.dkimSelector ?? inputs.dkimSelector,
    dkimKeySize: (dkimKeySizeOf(sending, dkimSelectorOf(sending, previous?.dkimSelector ?? inputs.dkimSelector)) as 1024 | 2048 | undefined) ?? previous?.dkimKeySize ?? inputs.dkimKeySize,
    domainId: d.id ?? "",
    state: d.state ?? "unverified",
    type: d.type ?? "custom",
    smtpLogin: d.smtp_login ?? "",
    createdAt: d.created_at ?? "",
    sendingDnsRecords: sending,
    receivingDnsRecords: receiving,
    dnsRecords: keyedRecords(name, sending, receiving, dkimSelectorOf(sending, previous?.dkimSelector ?? inputs.dkimSelector)),
  };
  if (tracking) {
    outs.openTracking = Boolean(tracking.open?.active);
    outs.clickTracking = tracking.click?.active === "htmlonly" ? "htmlonly" : Boolean(tracking.click?.active);
    outs.unsubscribeTracking = Boolean(tracking.unsubscribe?.active);
    if (tracking.unsubscribe?.html_footer !== undefined) outs.unsubscribeHtmlFooter = tracking.unsubscribe.html_footer;
    if (tracking.unsubscribe?.text_footer !== undefined) outs.unsubscribeTextFooter = tracking.unsubscribe.text_footer;
  }
  for (const k of ["openTracking", "clickTracking", "unsubscribeTracking", "unsubscribeHtmlFooter", "unsubscribeTextFooter"] as const) {
    if (!tracking && previous && previous[k] !== undefined) asProps(outs)[k] = previous[k];
  }
  // Write-only: Mailgun never returns the SMTP password; keep the one last applied.
  if (previous?.smtpPassword !== undefined) outs.smtpPassword = previous.smtpPassword;
  else delete outs.smtpPassword;
  return outs;
}

/** Outputs as handed to the program: their DNS records become the ones a later refresh compares against. */
function published(outs: DomainOutputs): DomainOutputs {
  return { ...outs, dnsDigest: dnsDigest(outs.sendingDnsRecords, outs.receivingDnsRecords, outs.dkimSelector) };
}

/** Mailgun's defaults for a new domain: what the tracking calls compare against after a create. */
const NEW_DOMAIN_TRACKING: Pick<DomainOutputs, "openTracking" | "clickTracking" | "unsubscribeTracking"> = {
  openTracking: false,
  clickTracking: false,
  unsubscribeTracking: false,
};

/**
 * `expectExists`: the domain was created moments ago, so Mailgun may still answer 404 for
 * writes addressed to it (eventual consistency); such a 404 is retried within the consistency budget.
 */
async function applyTracking(r: Region, name: string, current: Partial<DomainOutputs>, desired: DomainInputs, expectExists = false): Promise<Written> {
  const c = client();
  const o = { expectExists };
  const written: Written = {};
  if (current.openTracking !== desired.openTracking) {
    await c.tracking.updateOpen(r, name, { active: desired.openTracking }, o);
    written.openTracking = desired.openTracking;
  }
  if (current.clickTracking !== desired.clickTracking) {
    await c.tracking.updateClick(r, name, { active: desired.clickTracking }, o);
    written.clickTracking = desired.clickTracking;
  }
  const footersChanged =
    (desired.unsubscribeHtmlFooter !== undefined && desired.unsubscribeHtmlFooter !== current.unsubscribeHtmlFooter) ||
    (desired.unsubscribeTextFooter !== undefined && desired.unsubscribeTextFooter !== current.unsubscribeTextFooter);
  if (current.unsubscribeTracking !== desired.unsubscribeTracking || footersChanged) {
    await c.tracking.updateUnsubscribe(r, name, {
      active: desired.unsubscribeTracking,
      html_footer: desired.unsubscribeHtmlFooter,
      text_footer: desired.unsubscribeTextFooter,
    }, o);
    written.unsubscribeTracking = desired.unsubscribeTracking;
    if (desired.unsubscribeHtmlFooter !== undefined) written.unsubscribeHtmlFooter = desired.unsubscribeHtmlFooter;
    if (desired.unsubscribeTextFooter !== undefined) written.unsubscribeTextFooter = desired.unsubscribeTextFooter;
  }
  return written;
}

const V4_PARAM: Record<(typeof V4_FIELDS)[number], string> = {
  spamAction: "spam_action",
  wildcard: "wildcard",
  webScheme: "web_scheme",
  webPrefix: "web_prefix",
  requireTls: "require_tls",
  skipVerification: "skip_verification",
  useAutomaticSenderSecurity: "use_automatic_sender_security",
  smtpPassword: "smtp_password",
};

/** Mailgun's answer to a password the login already has (api-notes: credentials, "Same as current"). */
function saysSamePassword(e: unknown): boolean {
  return e instanceof MailgunBadRequestError && /same as old password/i.test(e.mailgunMessage);
}

/**
 * The v4 update. The password is unreadable, so an adopted domain (or one whose password the
 * program states again) sends it blind: Mailgun refuses it when it is already the current one,
 * which means it holds, and the update is sent again without it for whatever else changed.
 */
async function updateV4(r: Region, name: string, v4: Record<string, string | boolean>, o: CallOptions): Promise<DomainWithRecords | undefined> {
  try {
    return await client().domains.update(r, name, v4 as UpdateDomainParams, o);
  } catch (e) {
    if (v4.smtp_password === undefined || !saysSamePassword(e)) throw e;
    const { smtp_password: _same, ...rest } = v4;
    return Object.keys(rest).length ? client().domains.update(r, name, rest as UpdateDomainParams, o) : undefined;
  }
}

/** Brings an existing domain from `current` to `desired`, calling only the endpoints whose fields changed. */
async function converge(r: Region, name: string, current: Partial<DomainOutputs>, desired: DomainInputs, live?: DomainWithRecords): Promise<{ live?: DomainWithRecords; written: Written }> {
  const c = client();
  const written: Written = {};
  const v4: Record<string, string | boolean> = {};
  for (const f of V4_FIELDS) {
    const want = desired[f];
    if (want !== undefined && want !== current[f]) {
      v4[V4_PARAM[f]] = want;
      asProps(written)[f] = want;
    }
  }
  if (Object.keys(v4).length) live = await updateV4(r, name, v4, afterOwnWrite(current.writtenAt));
  // After the v4 update: it may have just turned on Automatic Sender Security, which rotation needs
  // (and the DKIM service may answer 404 until it sees that: waited out).
  const rotation = await applyRotation(r, name, current.dkimRotation, desired.dkimRotation, { expectExists: true });
  if (rotation) written.dkimRotation = rotation;
  if (desired.dkimSelector !== undefined && desired.dkimSelector !== current.dkimSelector) {
    await c.domains.updateDkimSelector(r, name, desired.dkimSelector);
    written.dkimSelector = desired.dkimSelector;
  }
  if (desired.forceDkimAuthority !== current.forceDkimAuthority) {
    await c.domains.updateDkimAuthority(r, name, desired.forceDkimAuthority);
    written.forceDkimAuthority = desired.forceDkimAuthority;
  }
  Object.assign(written, await applyTracking(r, name, current, desired));
  // The DKIM writes answer without records, and the v4 update's answer predates them: read the
  // records Mailgun serves after all of this update's writes, so the outputs fed to DNS are current.
  if (written.dkimSelector !== undefined || written.forceDkimAuthority !== undefined) {
    const wanted = desired.dkimSelector;
    live = await readAfterWrite(Date.now(), () => c.domains.get(r, name, { expectExists: true }), (l) => wanted === undefined || dkimSelectorOf(sortedRecords(l.sending_dns_records as DnsRecord[] | undefined, name), wanted) === wanted);
  }
  return { live, written };
}

/** The rename fix comes first: following the adopt advice after a rename used to lose the domain. */
function alreadyExistsAdvice(inputs: DomainInputs): string {
  const resource = declaredBy("Domain", inputs.name) ?? "<this resource>";
  return [
    `domain ${inputs.name} already exists in region ${inputs.region}.`,
    `If you renamed this Domain resource in the program (its first argument), tell Pulumi it is the same resource, so that nothing changes at Mailgun:`,
    `    new mailgun.Domain("${resource}", { name: "${inputs.name}", ... }, { aliases: [{ name: "<the old resource name>" }] });`,
    `If the domain was made outside this stack, set adopt: true on this Domain to bring it under Pulumi: its settings are then updated to match the program, and pulumi destroy deletes it at Mailgun (add the resource option retainOnDelete: true to keep it).`,
    `Otherwise choose another name.`,
    `(If this stack deleted the domain moments ago, Mailgun is still finishing that delete and keeps the name meanwhile: run pulumi up again in a few minutes.)`,
  ].join("\n");
}

async function explainCreateFailure(err: unknown, inputs: DomainInputs): Promise<Error> {
  const status = (err as { status?: number }).status;
  if (status !== 400 || !/taken|exist/i.test(String((err as Error).message))) return err as Error;
  const c = client();
  for (const r of ["us", "eu"] as Region[]) {
    try {
      await c.domains.get(r, inputs.name);
      return new Error(r === inputs.region ? alreadyExistsAdvice(inputs) : `domain ${inputs.name} already exists in region ${r}, not ${inputs.region}: a Mailgun domain name is unique across regions. Set region: "${r}" (and adopt: true to manage it), or delete it there first.`);
    } catch (e) {
      if (!isNotFound(e)) break;
    }
  }
  return new Error(`domain name ${inputs.name} is still taken (${(err as Error).message}); a domain deleted moments ago keeps its name reserved for a while. Try again in a few minutes.`);
}

/** What the program says of rotation (`declared`) and what was last recorded (`previous`): given, the read includes rotation. */
interface RotationRead {
  declared: DkimRotationSetting | undefined;
  previous: DkimRotationSetting | undefined;
}

/**
 * `writtenAt`: when this provider last wrote the domain, if it did; see afterOwnWrite. Rotation
 * settings are read only when asked (`rotation`), i.e. when the program manages them: every other
 * domain's read stays two calls.
 */
async function readDomain(
  r: Region, name: string, writtenAt?: number, rotation?: RotationRead,
): Promise<{ live: DomainWithRecords; tracking: Tracking; rotation?: DkimRotationSetting } | undefined> {
  const c = client();
  // Independent GETs, all at once. Settled, not Promise.all: a 404 from the domain or tracking GET means the domain is gone, whichever answers first.
  const [live, tracking, rot] = await Promise.allSettled([
    c.domains.get(r, name, afterOwnWrite(writtenAt)),
    c.tracking.get(r, name, afterOwnWrite(writtenAt)),
    rotation ? readRotation(r, name, rotation.declared, rotation.previous, afterOwnWrite(writtenAt)) : Promise.resolve(undefined),
  ]);
  if ((live.status === "rejected" && isNotFound(live.reason)) || (tracking.status === "rejected" && isNotFound(tracking.reason))) return undefined;
  if (live.status === "rejected") throw live.reason;
  if (tracking.status === "rejected") throw tracking.reason;
  if (rot.status === "rejected") throw rot.reason;
  return { live: live.value, tracking: tracking.value, ...(rot.value !== undefined ? { rotation: rot.value } : {}) };
}

/**
 * Names this process deleted, with their region. Mailgun deletes a domain in the background and
 * keeps its name taken until it has finished, so only a create of the same name (a replacement
 * that keeps the name) has to wait: a plain delete is one call.
 */
const deletedHere = runWide(new Map<string, Region>());

/**
 * Polls until Mailgun has released the name. Before the create, not by retrying it: while the
 * old domain is still being deleted, a GET finds it, and the create's recovery after an
 * ambiguous failure (a GET by name) would take the old domain for the new one.
 */
async function waitUntilGone(r: Region, name: string): Promise<void> {
  const limitMs = (providerConfig().domainDeleteTimeoutSeconds ?? DELETE_WAIT_S_DEFAULT) * 1000;
  const started = Date.now();
  let delay = 500;
  let lastReport = started;
  for (;;) {
    try {
      await client().domains.get(r, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const waited = Date.now() - started;
    if (waited >= limitMs) {
      throw new Error(
        `domain ${name} was deleted in region ${r} to be created again, but Mailgun still reports it after ${Math.round(waited / 1000)} s; its name stays reserved until Mailgun finishes. Run the operation again later, or raise mailgun:domainDeleteTimeoutSeconds.`,
      );
    }
    if (Date.now() - lastReport >= 10_000) {
      progress(`waiting for Mailgun to finish deleting domain ${name} in region ${r} before creating it again (${Math.round(waited / 1000)} s so far)`);
      lastReport = Date.now();
    }
    await new Promise((res) => setTimeout(res, Math.min(delay, limitMs - waited)));
    delay = Math.min(delay * 2, 5_000);
  }
}

function createParams(i: DomainInputs): CreateDomainParams {
  return {
    name: i.name,
    smtp_password: i.smtpPassword,
    spam_action: i.spamAction,
    wildcard: i.wildcard,
    force_dkim_authority: i.forceDkimAuthority,
    dkim_key_size: i.dkimKeySize,
    dkim_selector: i.dkimSelector,
    web_scheme: i.webScheme,
    web_prefix: i.webPrefix,
    require_tls: i.requireTls,
    skip_verification: i.skipVerification,
    use_automatic_sender_security: i.useAutomaticSenderSecurity,
  };
}

export const domainHandler: ResourceHandler<DomainInputs, DomainOutputs> = {
  async check(_olds, news) {
    const result = checkRegional(domainInputs, news, "Domain", { sensitive: ["smtpPassword"] });
    const failures = [...(result.failures ?? []), ...rotationFailures(news)];
    return failures.length ? { failures } : result;
  },

  async diff(_id, olds, news) {
    const { changed, replaces } = diffFields(olds as unknown as Props, news as unknown as Props, FIELDS, REPLACES);
    // A key size Mailgun did not let us read back is not evidence of a change.
    const effectiveReplaces = replaces.filter((f) => !(f === "dkimKeySize" && olds.dkimKeySize === undefined));
    const effectiveChanged = changed.filter((f) => !(f === "dkimKeySize" && olds.dkimKeySize === undefined));
    // dkimRotation left out of the program: Mailgun keeps the setting; the update only stops reading it back.
    if (news.dkimRotation === undefined && olds.dkimRotation !== undefined) effectiveChanged.push("dkimRotation");
    // Mailgun now asks for other DNS records than the program was last given: an update hands them on.
    if (olds.dnsDigest !== undefined && olds.sendingDnsRecords && dnsDigest(olds.sendingDnsRecords, olds.receivingDnsRecords ?? [], olds.dkimSelector) !== olds.dnsDigest) {
      effectiveChanged.push("dnsRecords");
    }
    if (effectiveReplaces.length) noteReplacement("Domain", _id, news.forceDestroy);
    // The same name cannot exist twice, so a replacement that keeps it must delete first.
    return toDiffResult(effectiveChanged, effectiveReplaces, news.name === olds.name);
  },

  async create(inputs) {
    const r = inputs.region;
    const c = client();
    // Before adopt looks for the name too: the domain this process just deleted is not one to adopt.
    const deletedIn = deletedHere.get(inputs.name);
    if (deletedIn) {
      await waitUntilGone(deletedIn, inputs.name);
      deletedHere.delete(inputs.name);
    }
    if (inputs.adopt) {
      const existing = await readDomain(r, inputs.name);
      if (existing) {
        // DKIM authority cannot be read: assume Mailgun's default (false) and set it only when true is wanted.
        // Rotation is not read here: it is sent whenever the program sets it.
        const current = { ...fromLive(inputs, existing.live, existing.tracking), forceDkimAuthority: false, dkimRotation: undefined };
        const { live, written } = await converge(r, inputs.name, current, inputs);
        const outs = { ...fromLive(inputs, live ?? existing.live, existing.tracking, { ...written }), ...written };
        return { id: inputs.name, outs: published({ ...outs, writtenAt: Date.now(), inputKeys: inputKeysOf(inputs) }) };
      }
    }
    let created: DomainWithRecords;
    try {
      created = await c.domains.create(r, createParams(inputs));
    } catch (e) {
      throw await explainCreateFailure(e, inputs);
    }
    const base = fromLive(inputs, created, undefined, { ...NEW_DOMAIN_TRACKING, forceDkimAuthority: inputs.forceDkimAuthority, smtpPassword: inputs.smtpPassword });
    // Not set until written: a failed attempt leaves it for the next up.
    delete base.dkimRotation;
    const written: Written = {};
    try {
      Object.assign(written, await applyTracking(r, inputs.name, { ...NEW_DOMAIN_TRACKING }, inputs, true));
      const rotation = await applyRotation(r, inputs.name, undefined, inputs.dkimRotation, { expectExists: true });
      if (rotation) written.dkimRotation = rotation;
      return { id: inputs.name, outs: published({ ...base, ...written, writtenAt: Date.now(), inputKeys: inputKeysOf(inputs) }) };
    } catch (e) {
      throw new PartialCreateError(
        `domain ${inputs.name} was created in region ${r}, but setting its ${written.openTracking === undefined && written.clickTracking === undefined ? "tracking or DKIM rotation" : "DKIM rotation"} failed: ${(e as Error).message}. Run pulumi up again to finish.`,
        inputs.name,
        published({ ...base, ...written, writtenAt: Date.now(), inputKeys: inputKeysOf(inputs) }),
      );
    }
  },

  async read(id, props) {
    const r = props.region;
    const name = props.name ?? id;
    const rotation = (props.inputKeys ? props.inputKeys.includes("dkimRotation") : props.dkimRotation !== undefined)
      ? { declared: props.dkimRotation, previous: props.dkimRotation }
      : undefined;
    const outsOf = (f: NonNullable<Awaited<ReturnType<typeof readDomain>>>) => {
      const o = fromLive(props, f.live, f.tracking, props);
      if (f.rotation !== undefined) o.dkimRotation = f.rotation;
      return o;
    };
    const showsWrite = (f: Awaited<ReturnType<typeof readDomain>>) =>
      f !== undefined && diffFields(asProps(outsOf(f)), props as unknown as Props, FIELDS, []).changed.length === 0;
    const found = await readAfterWrite(props.writtenAt, () => readDomain(r, name, props.writtenAt, rotation), showsWrite);
    if (!found) return {};
    const outs = outsOf(found);
    // Keep the digest of the records last handed to the program (stacks from before it existed: the records they hold).
    outs.dnsDigest = props.dnsDigest ?? dnsDigest(props.sendingDnsRecords ?? [], props.receivingDnsRecords ?? [], props.dkimSelector);
    const inputs = inputsFrom(outs, props.inputKeys ?? [...FIELDS, "adopt"]);
    return { id, props: outs, inputs: inputs as DomainInputs };
  },

  async update(_id, olds, news) {
    const r = news.region;
    const { live, written } = await converge(r, news.name, olds, news);
    const base = live ? fromLive(news, live, undefined, olds) : { ...olds, ...news };
    const outs: DomainOutputs = { ...base, ...written };
    for (const k of ["openTracking", "clickTracking", "unsubscribeTracking", "unsubscribeHtmlFooter", "unsubscribeTextFooter", "forceDkimAuthority", "adopt"] as const) {
      if (written[k] === undefined && asProps(olds)[k] !== undefined && asProps(news)[k] === undefined) asProps(outs)[k] = asProps(olds)[k];
    }
    if (news.smtpPassword === undefined && olds.smtpPassword !== undefined) outs.smtpPassword = olds.smtpPassword;
    if (news.adopt === undefined) delete outs.adopt;
    if (news.forceDestroy === undefined) delete outs.forceDestroy;
    else outs.forceDestroy = news.forceDestroy;
    if (news.dkimRotation === undefined) delete outs.dkimRotation;
    return { outs: published({ ...outs, writtenAt: Date.now(), inputKeys: inputKeysOf(news) }) };
  },

  async delete(id, props) {
    const r = props.region;
    const name = props.name ?? id;
    // Mailgun deletes everything in the domain with it: never what resources of this run still declare.
    const inside = forceDestroyFor("Domain", id, props.forceDestroy) ? [] : declaredInDomain(name);
    if (inside.length) {
      throw holdsContents(
        { what: `domain ${name} in region ${r}`, contents: "objects declared in it", kind: "Domain", moveAdvice: "remove those resources from the program (or point them at another domain)" },
        inside,
        "by resources this program still declares",
      );
    }
    await whileNoWebhookWrites(r, name, () => client().domains.delete(r, name));
    deletedHere.set(name, r);
  },

  // A domain name is unique across regions.
  objectKey: (props, id) => props.name ?? id,
  describeObject: (props, id) => `domain ${props.name ?? id}`,
  keyFields: ["name"],
};
