/**
 * The implementation the serialized dynamic providers load by package name
 * (`require("pulumi-mailgun/provider")`), so it is never serialized into Pulumi state.
 */
import "./node-guard";
import "./compile-cache";
import "./young-generation";
import { withEngineValues } from "./engine-values";
import { configure, stackConfig } from "./runtime";
import { readAhead, readerKey } from "./read-ahead";
import { asReader } from "./resources/listings";
import type { ConfigSource } from "./config";
import { providerSource } from "./provider-source";
import { refusingInvalidConfig } from "./config-gate";
import { withAccounts } from "./accounts";
import { domainHandler } from "./resources/domain";
import { routeHandler } from "./resources/route";
import { sendingKeyHandler } from "./resources/sending-key";
import { Props, ResourceHandler } from "./resources/types";
import { webhookHandler } from "./resources/webhook";
import { dkimKeyHandler } from "./resources/dkim-key";
import { withOwnershipGuard } from "./resources/ownership";
import { domainVerificationHandler } from "./resources/domain-verification";
import { apiKeyHandler } from "./resources/api-key";
import { accountWebhookHandler } from "./resources/account-webhook";
import { domainCredentialHandler } from "./resources/domain-credential";
import { ipAllowlistEntryHandler } from "./resources/ip-allowlist-entry";
import { bounceHandler } from "./resources/bounce";
import { unsubscribeHandler } from "./resources/unsubscribe";
import { complaintHandler } from "./resources/complaint";
import { suppressionAllowlistHandler } from "./resources/suppression-allowlist";
import { mailingListHandler } from "./resources/mailing-list";
import { mailingListMemberHandler } from "./resources/mailing-list-member";
import { templateHandler } from "./resources/template";
import { templateVersionHandler } from "./resources/template-version";
import { runProgress } from "./client/progress";
import { callsFor, type ResourceStep } from "./client/resources-left";

export const handlers = {
  Domain: withOwnershipGuard("Domain", domainHandler),
  Route: withOwnershipGuard("Route", routeHandler),
  Webhook: withOwnershipGuard("Webhook", webhookHandler),
  // Keys have no natural key and are never taken over: every create makes a new key.
  SendingKey: sendingKeyHandler,
  // A check, not an object: its delete touches nothing at Mailgun, so there is nothing to guard.
  DomainVerification: domainVerificationHandler,
  ApiKey: apiKeyHandler,
  AccountWebhook: withOwnershipGuard("AccountWebhook", accountWebhookHandler),
  DomainCredential: withOwnershipGuard("DomainCredential", domainCredentialHandler),
  IpAllowlistEntry: withOwnershipGuard("IpAllowlistEntry", ipAllowlistEntryHandler),
  DkimKey: withOwnershipGuard("DkimKey", dkimKeyHandler),
  Bounce: withOwnershipGuard("Bounce", bounceHandler),
  Unsubscribe: withOwnershipGuard("Unsubscribe", unsubscribeHandler),
  Complaint: withOwnershipGuard("Complaint", complaintHandler),
  SuppressionAllowlist: withOwnershipGuard("SuppressionAllowlist", suppressionAllowlistHandler),
  MailingList: withOwnershipGuard("MailingList", mailingListHandler),
  MailingListMember: withOwnershipGuard("MailingListMember", mailingListMemberHandler),
  Template: withOwnershipGuard("Template", templateHandler),
  TemplateVersion: withOwnershipGuard("TemplateVersion", templateVersionHandler),
} as const satisfies Record<string, ResourceHandler<any, any>>;

export type ResourceKind = keyof typeof handlers;

runProgress.resources.usePrior((kind, step) => {
  const h = (handlers as Record<string, ResourceHandler<any, any>>)[kind];
  return h?.stepCalls?.[step] ?? 1;
});

/** Every kind, in the registry's order: the one list that tests, fixtures, benchmarks and the CLI derive theirs from. */
export const KINDS = Object.keys(handlers) as ResourceKind[];

const wrapped = new Map<ResourceKind, ResourceHandler<any, any>>();
const accountWrapped = new Map<ResourceKind, ResourceHandler<any, any>>();

/** The kind's handler as the provider process runs it; built once per kind, not on every call. */
export function handler(kind: ResourceKind): ResourceHandler<any, any> {
  let w = wrapped.get(kind);
  if (!w) {
    w = readingAhead(kind, countingDone(kind, withEngineValues(movingToLeanProvider(kind, inAccounts(kind)))));
    wrapped.set(kind, w);
  }
  return w;
}

/** The kind's handler in the account each call names: what the engine's calls and the reads ahead share. */
function inAccounts(kind: ResourceKind): ResourceHandler<any, any> {
  let w = accountWrapped.get(kind);
  if (!w) {
    const h: ResourceHandler<any, any> | undefined = handlers[kind];
    if (!h) throw new Error(`pulumi-mailgun/provider has no resource "${String(kind)}"; upgrade pulumi-mailgun to match the program`);
    w = withAccounts(kind, refusingInvalidConfig(h));
    accountWrapped.set(kind, w);
  }
  return w;
}

/** What Pulumi's dynamic-provider process runs for a resource kind (see provider-source.ts). */
export function dynamicProvider(kind: ResourceKind) {
  return {
    async configure(req: { config: ConfigSource }) {
      configure(req.config);
    },
    check: (olds: Props, news: Props) => handler(kind).check(olds, news),
    diff: (id: string, olds: any, news: any) => handler(kind).diff(id, olds, news),
    create: (inputs: any) => handler(kind).create(inputs),
    read: (id: string, props: any) => handler(kind).read(id, props),
    update: (id: string, olds: any, news: any) => handler(kind).update(id, olds, news),
    delete: (id: string, props: any) => handler(kind).delete(id, props),
  };
}

/**
 * A read sent ahead (read-ahead.ts): its calls count towards its kind's cost in the progress
 * lines, and once it has read the resource, the resource is done there: what is left of it (the
 * engine's read taking the answers) makes no call. Counted at the engine's read instead, a
 * refresh's resources were done in bursts as listings came, and the time left at the last
 * minute's pace of them said 78 s where 14 s were.
 */
function readAheadOne(kind: string, id: string, props: Props): Promise<unknown> {
  return counted(kind, () => inAccounts(kind as ResourceKind).read(id, props), () => ({ step: "read", id }));
}

/**
 * Each engine read as its resource's reader (a listing tells it and the read ahead of it the
 * same), and at the first one of a refresh, the state's other resources read ahead.
 */
function readingAhead(kind: ResourceKind, h: ResourceHandler<any, any>): ResourceHandler<any, any> {
  return {
    ...h,
    read(id, props) {
      const front = props && typeof (props as Props).__provider === "string" ? "dynamic" : "plugin";
      readAhead.engineReads(kind, id, front, readAheadOne, stackConfig().maxConcurrency);
      return asReader(readerKey(kind, id), () => h.read(id, props));
    },
  };
}

/**
 * Tells the progress lines (client/progress.ts) the calls each handler call made and each
 * resource whose step is over.
 */
/** A handler call whose API calls count towards its kind's cost; `done` says which resource it finished, if any. */
async function counted<T>(kind: string, call: () => Promise<T>, done: (result: T) => { step: ResourceStep; id: string } | undefined): Promise<T> {
  const step = { kind, calls: 0 };
  runProgress.resources.started(step);
  try {
    const result = await callsFor.run(step, call);
    runProgress.resources.finished(step, done(result));
    return result;
  } catch (e) {
    runProgress.resources.finished(step);
    throw e;
  }
}

function countingDone(kind: ResourceKind, h: ResourceHandler<any, any>): ResourceHandler<any, any> {
  return {
    ...h,
    check: (olds, news) => counted(kind, () => h.check(olds, news), () => undefined),
    // Unchanged: the resource needs nothing more in this operation.
    diff: (id, olds, news) => counted(kind, () => h.diff(id, olds, news), (r) => (r.changes === false ? { step: "write", id } : undefined)),
    create: (inputs) => counted(kind, () => h.create(inputs), (r) => ({ step: "write", id: r.id })),
    update: (id, olds, news) => counted(kind, () => h.update(id, olds, news), () => ({ step: "write", id })),
    read: (id, props) => counted(kind, () => h.read(id, props), () => ({ step: "read", id })),
    delete: (id, props) => counted(kind, () => h.delete(id, props), () => ({ step: "delete", id })),
  };
}

/**
 * Stacks made before the hand-written provider carry a 2.7 KB serialized one in their outputs,
 * which only an update would rewrite. Pulumi's dynamic-provider server (3.259) stores as the
 * refreshed outputs' provider the `__provider` of the very props object it passed to read, so
 * pointing it at the lean text lets a refresh shrink them too.
 */
function movingToLeanProvider(kind: ResourceKind, h: ResourceHandler<any, any>): ResourceHandler<any, any> {
  return {
    ...h,
    async read(id, props) {
      const result = await h.read(id, props);
      if (props && typeof props === "object") (props as Props).__provider = providerSource(kind);
      return result;
    },
  };
}

export { configure, providerSource };
export type { DomainInputs, DomainOutputs } from "./resources/domain";
export type { RouteInputs, RouteOutputs } from "./resources/route";
export type { WebhookInputs, WebhookOutputs } from "./resources/webhook";
export type { SendingKeyInputs, SendingKeyOutputs } from "./resources/sending-key";
export { WEBHOOK_EVENTS } from "./resources/webhook";
export type { DomainVerificationInputs, DomainVerificationOutputs } from "./resources/domain-verification";
export type { ApiKeyInputs, ApiKeyOutputs } from "./resources/api-key";
export type { AccountWebhookInputs, AccountWebhookOutputs } from "./resources/account-webhook";
export type { DomainCredentialInputs, DomainCredentialOutputs } from "./resources/domain-credential";
export type { IpAllowlistEntryInputs, IpAllowlistEntryOutputs } from "./resources/ip-allowlist-entry";
export type { DkimKeyInputs, DkimKeyOutputs } from "./resources/dkim-key";
export type { BounceInputs } from "./resources/bounce";
export type { UnsubscribeInputs } from "./resources/unsubscribe";
export type { ComplaintInputs } from "./resources/complaint";
export type { SuppressionAllowlistInputs } from "./resources/suppression-allowlist";
export type { MailingListInputs, MailingListOutputs } from "./resources/mailing-list";
export type { MailingListMemberInputs, MailingListMemberOutputs } from "./resources/mailing-list-member";
export type { TemplateInputs, TemplateOutputs } from "./resources/template";
export type { TemplateVersionInputs, TemplateVersionOutputs } from "./resources/template-version";
export { accountFieldName, settingsFor, type AccountFields } from "./account-settings";
