import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { Domain as ApiDomain, DnsRecord as ApiDnsRecord, DomainWithRecords, Tracking } from "../../provider/client/schemas";
import { dkimKeySizeOf, dkimSelectorOf, keyedRecords, sortedMx, sortedRecords } from "../../provider/resources/dns";
import type { DnsRecord, DnsRecords, Region } from "../types";
import { inRegionOf, type LookupCommonArgs, type OutputArgs, outputForm, regionsToSearch, runLookup, domainArg } from "./common";

export interface GetDomainArgs extends LookupCommonArgs {
  /** The domain name, e.g. `mg.example.com`. */
  name: string;
  /** `us` or `eu`. Left out, the domain is looked for in the configured region, then in the other one. */
  region?: string;
  /** `@pulumi/mailgun` compatibility: Mailgun never shows the SMTP password, so it is echoed back as `smtpPassword` (a secret in the Output form). */
  smtpPassword?: string;
  /** `@pulumi/mailgun` compatibility: accepted and ignored (the value is read from Mailgun). */
  spamAction?: string;
  /** `@pulumi/mailgun` compatibility: accepted and ignored (the value is read from Mailgun). */
  wildcard?: boolean;
  /** `@pulumi/mailgun` compatibility: accepted and ignored (the value is read from Mailgun). */
  dkimKeySize?: number;
  /** `@pulumi/mailgun` compatibility: accepted and ignored (the value is read from Mailgun). */
  dkimSelector?: string;
  /** `@pulumi/mailgun` compatibility: Mailgun does not show it, so it is echoed back as `forceDkimAuthority` (false when left out). */
  forceDkimAuthority?: boolean;
  /** `@pulumi/mailgun` compatibility: accepted and ignored (the value is read from Mailgun). */
  openTracking?: boolean;
}

/** A sending record in `@pulumi/mailgun`'s shape (`sendingRecordsSets`). */
export interface DomainSendingRecordSet {
  /** A stable id of the record (a digest of type, name and value). */
  id: string;
  name: string;
  recordType: string;
  valid: string;
  value: string;
}

/** A receiving (MX) record in `@pulumi/mailgun`'s shape (`receivingRecordsSets`). */
export interface DomainReceivingRecordSet {
  id: string;
  /** As a string, e.g. `"10"`. */
  priority: string;
  recordType: string;
  valid: string;
  value: string;
}

/** One domain: the same fields as `mailgun.Domain`'s outputs, plus `@pulumi/mailgun`'s names. */
export interface GetDomainResult extends DomainSummary {
  /** The domain name (also `@pulumi/mailgun`'s `id`). */
  id: string;
  dkimSelector?: string;
  dkimKeySize?: number;
  /** Not readable from Mailgun: the argument, else false. */
  forceDkimAuthority: boolean;
  openTracking: boolean;
  clickTracking: boolean | "htmlonly";
  unsubscribeTracking: boolean;
  unsubscribeHtmlFooter?: string;
  unsubscribeTextFooter?: string;
  sendingDnsRecords: DnsRecord[];
  receivingDnsRecords: DnsRecord[];
  dnsRecords: DnsRecords;
  /** `@pulumi/mailgun`: the sending records. */
  sendingRecordsSets: DomainSendingRecordSet[];
  /** `@pulumi/mailgun`: the receiving records. */
  receivingRecordsSets: DomainReceivingRecordSet[];
  /** `@pulumi/mailgun`: the `smtpPassword` argument, echoed (Mailgun never shows it). */
  smtpPassword?: string;
}

function recordId(r: DnsRecord): string {
  return createHash("sha256").update(`${r.type}\n${r.name}\n${r.value}`).digest("hex").slice(0, 16);
}

/** The Domain resource's settings as Mailgun's domain object holds them. */
function settingsOf(d: ApiDomain) {
  return {
    spamAction: d.spam_action ?? "disabled",
    wildcard: d.wildcard ?? false,
    webScheme: d.web_scheme ?? "http",
    webPrefix: d.web_prefix ?? "email",
    requireTls: d.require_tls ?? false,
    skipVerification: d.skip_verification ?? false,
    useAutomaticSenderSecurity: d.use_automatic_sender_security ?? false,
    domainId: d.id ?? "",
    state: d.state,
    type: d.type ?? "custom",
    smtpLogin: d.smtp_login ?? "",
    createdAt: d.created_at ?? "",
  };
}

function domainResult(args: GetDomainArgs, region: Region, live: DomainWithRecords, tracking: Tracking): GetDomainResult {
  const name = live.domain.name;
  const sending = sortedRecords(live.sending_dns_records as ApiDnsRecord[], name);
  const receiving = sortedMx(live.receiving_dns_records as ApiDnsRecord[], name);
  const selector = dkimSelectorOf(sending);
  const result: GetDomainResult = {
    id: name,
    name,
    region,
    ...settingsOf(live.domain),
    dkimSelector: selector,
    dkimKeySize: dkimKeySizeOf(sending, selector),
    forceDkimAuthority: args.forceDkimAuthority ?? false,
    openTracking: Boolean(tracking.open.active),
    clickTracking: tracking.click.active === "htmlonly" ? "htmlonly" : Boolean(tracking.click.active),
    unsubscribeTracking: Boolean(tracking.unsubscribe.active),
    unsubscribeHtmlFooter: tracking.unsubscribe.html_footer,
    unsubscribeTextFooter: tracking.unsubscribe.text_footer,
    sendingDnsRecords: sending,
    receivingDnsRecords: receiving,
    dnsRecords: keyedRecords(name, sending, receiving, selector),
    sendingRecordsSets: sending.map((r) => ({ id: recordId(r), name: r.name, recordType: r.type, valid: r.valid, value: r.value })),
    receivingRecordsSets: receiving.map((r) => ({ id: recordId(r), priority: r.priority === undefined ? "" : String(r.priority), recordType: r.type, valid: r.valid, value: r.value })),
  };
  if (args.smtpPassword !== undefined) result.smtpPassword = args.smtpPassword;
  for (const k of ["dkimSelector", "dkimKeySize", "unsubscribeHtmlFooter", "unsubscribeTextFooter"] as const) if (result[k] === undefined) delete result[k];
  return result;
}

/**
 * Looks up a domain by name: its settings, tracking and DNS records. Without `region` it is
 * searched in the configured region first, then in the other one; a domain in neither is an
 * error naming it and the regions tried.
 *
 * API calls: `GET /v4/domains/{name}` in each region tried (1, or 2 when the domain is in the
 * other region or nowhere), then `GET /v3/domains/{name}/tracking` (1).
 *
 * ```ts
 * const mg = await mailgun.getDomain({ name: "mg.example.com" });
 * const mx = mg.dnsRecords.mx; // or, as @pulumi/mailgun names them, mg.receivingRecordsSets
 * ```
 */
export function getDomain(args: GetDomainArgs, _opts?: pulumi.InvokeOptions): Promise<GetDomainResult> {
  return runLookup("getDomain", args, async (ctx) => {
    domainArg("name", args.name);
    const { region, value: live } = await inRegionOf(ctx, `Mailgun domain ${JSON.stringify(args.name)}`, args.region, (r) => ctx.client.domains.get(r, args.name));
    const tracking = await ctx.client.tracking.get(region, live.domain.name, { expectExists: true });
    return domainResult(args, region, live, tracking);
  });
}

/**
 * `getDomain` with Inputs, answering an Output (`@pulumi/mailgun`'s `getDomainOutput({ name })`
 * works as it is). With `smtpPassword` the result holds it, so it is a secret.
 */
export function getDomainOutput(args: OutputArgs<GetDomainArgs>, opts?: pulumi.InvokeOptions): pulumi.Output<GetDomainResult> {
  const out = outputForm(getDomain, args, opts);
  return args.smtpPassword === undefined ? out : pulumi.secret(out);
}

export interface GetDomainsArgs extends LookupCommonArgs {
  /** `us` or `eu`; left out, both regions are listed. */
  region?: string;
  /** Only domains in this state: `active`, `unverified` or `disabled` (Mailgun filters). */
  state?: string;
  /** Only domains whose name contains this (Mailgun's `search`, no wildcards). */
  search?: string;
}

/** A domain as the listing shows it (no tracking, no DNS records: `getDomain` has them). */
export interface DomainSummary {
  name: string;
  region: Region;
  spamAction: string;
  wildcard: boolean;
  webScheme: string;
  webPrefix: string;
  requireTls: boolean;
  skipVerification: boolean;
  useAutomaticSenderSecurity: boolean;
  domainId: string;
  /** `unverified`, `active` or `disabled`. */
  state: string;
  /** `custom` or `sandbox`. */
  type: string;
  smtpLogin: string;
  createdAt: string;
}

export interface GetDomainsResult {
  /** Every domain found, in Mailgun's order, region by region (the configured one first). */
  domains: DomainSummary[];
  /** Their names, in the same order. */
  names: string[];
}

/**
 * Lists the account's domains, in one region or both.
 *
 * API calls: `GET /v4/domains` per region, one per 1,000 domains (at least 1).
 */
export function getDomains(args: GetDomainsArgs = {}, _opts?: pulumi.InvokeOptions): Promise<GetDomainsResult> {
  return runLookup("getDomains", args, async (ctx) => {
    const domains: DomainSummary[] = [];
    for (const region of regionsToSearch(ctx, args.region)) {
      const items = await ctx.client.domains.list(region, { state: args.state || undefined, search: args.search || undefined });
      for (const d of items) domains.push({ name: d.name, region, ...settingsOf(d) });
    }
    return { domains, names: domains.map((d) => d.name) };
  });
}

export function getDomainsOutput(args: OutputArgs<GetDomainsArgs> = {}, opts?: pulumi.InvokeOptions): pulumi.Output<GetDomainsResult> {
  return outputForm(getDomains, args, opts);
}
