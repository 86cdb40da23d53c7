/**
 * A Domain's settings at Mailgun: read (the domain, its tracking and, when managed, DKIM rotation),
 * turned into outputs (fromLive), and brought to what the program declares (converge), calling
 * only the endpoints whose fields changed.
 */
import type { DnsRecord, DomainWithRecords, Tracking } from "../client/schemas";
import type { UpdateDomainParams } from "../client/params";
import { isNotFound, MailgunBadRequestError } from "../client/errors";
import { client } from "../runtime";
import type { Region } from "../config";
import type { CallOptions } from "../client/request-loop";
import { dkimKeySizeOf, dkimSelectorOf, dnsDigest, keyedRecords, sortedMx, sortedRecords } from "./dns";
import { afterOwnWrite, readAfterWrite } from "./freshness";
import { asProps } from "./types";
import type { DkimRotationSetting } from "./dkim-rotation";
import { applyRotation, readRotation } from "./dkim-rotation-calls";
import type { DomainInputs, DomainOutputs } from "./domain-inputs";

const V4_FIELDS = ["spamAction", "wildcard", "webScheme", "webPrefix", "requireTls", "skipVerification", "useAutomaticSenderSecurity", "smtpPassword"] as const;

export type Written = Partial<DomainOutputs>;

export function fromLive(inputs: DomainInputs, live: DomainWithRecords, tracking: Tracking | undefined, previous?: Partial<DomainOutputs>): DomainOutputs {
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
export function published(outs: DomainOutputs): DomainOutputs {
  return { ...outs, dnsDigest: dnsDigest(outs.sendingDnsRecords, outs.receivingDnsRecords, outs.dkimSelector) };
}

/** Mailgun's defaults for a new domain: what the tracking calls compare against after a create. */
export const NEW_DOMAIN_TRACKING: Pick<DomainOutputs, "openTracking" | "clickTracking" | "unsubscribeTracking"> = {
  openTracking: false,
  clickTracking: false,
  unsubscribeTracking: false,
};

/**
 * `expectExists`: the domain was created moments ago, so Mailgun may still answer 404 for
 * writes addressed to it (eventual consistency); such a 404 is retried within the consistency budget.
 */
export async function applyTracking(r: Region, name: string, current: Partial<DomainOutputs>, desired: DomainInputs, expectExists = false): Promise<Written> {
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
export async function converge(r: Region, name: string, current: Partial<DomainOutputs>, desired: DomainInputs, live?: DomainWithRecords): Promise<{ live?: DomainWithRecords; written: Written }> {
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

/** What the program says of rotation (`declared`) and what was last recorded (`previous`): given, the read includes rotation. */
export interface RotationRead {
  declared: DkimRotationSetting | undefined;
  previous: DkimRotationSetting | undefined;
}

/**
 * `writtenAt`: when this provider last wrote the domain, if it did; see afterOwnWrite. Rotation
 * settings are read only when asked (`rotation`), i.e. when the program manages them: every other
 * domain's read stays two calls.
 */
export async function readDomain(
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
