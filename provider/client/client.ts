/**
 * The Mailgun REST client: a small core (one request loop, request-loop.ts, shared pacing and
 * connection pools) and one object per API family (families/*.ts), reached as
 * `client.routes.list(region)`. Each call takes the region of the object it concerns; there is no
 * global region, so an EU object is never looked up on the US host.
 */
import { EarlyAnswers } from "./early-answers";
import { createHash } from "node:crypto";
import type { ProviderConfig, Region } from "../config";
import type { RequestCore } from "./core";
import { AccountWebhookCalls } from "./families/account-webhooks";
import { CredentialCalls } from "./families/credentials";
import { DkimCalls } from "./families/dkim";
import { DomainCalls } from "./families/domains";
import { IpAllowlistCalls } from "./families/ip-allowlist";
import { KeyCalls } from "./families/keys";
import { MailingListCalls } from "./families/mailing-lists";
import { RouteCalls } from "./families/routes";
import { SuppressionCalls } from "./families/suppressions";
import { TemplateCalls } from "./families/templates";
import { TrackingCalls } from "./families/tracking";
import { WebhookCalls } from "./families/webhooks";
import { defaultLogger, type Logger } from "./log";
import { PacerRegistry, processPacers } from "./pacer";
import { type CallProgress, runProgress } from "./progress";
import { type LoopContext, type RequestSpec, runRequest } from "./request-loop";
import { Transport } from "./transport";

export type { CallOptions, RequestSpec } from "./request-loop";
export type { RecoverOptions } from "./core";
export type { AccountWebhookParams, CreateDomainParams, CreateKeyParams, RouteParams, UpdateDomainParams } from "./params";
export { type CredentialWrite } from "./families/credentials";
export { saysIpNotFound } from "./families/ip-allowlist";
export type { ListMemberParams, MailingListParams } from "./families/mailing-lists";
export type { SuppressionEntry, SuppressionTable } from "./families/suppressions";
export type { TemplateVersionParams } from "./families/templates";
export type { WebhookMap } from "./families/webhooks";

export interface ClientOptions {
  /** Receives one line per attempt (method, path, status, attempt, wait); secrets are scrubbed first. @default stderr when MAILGUN_DEBUG is set */
  logger?: Logger;
  /** Clock in epoch ms. @default Date.now */
  now?: () => number;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
  /** Where region pacers are shared. @default one registry per process */
  pacers?: PacerRegistry;
  /** Receives every call and rate-limit hold, and reports progress while the run is paced. @default one per process (stderr) */
  progress?: CallProgress;
}

function keyFingerprint(apiKey: string | undefined): string {
  return apiKey ? createHash("sha256").update(apiKey).digest("hex").slice(0, 16) : "no-key";
}

export class MailgunClient implements RequestCore {
  readonly config: ProviderConfig;
  private readonly ctx: LoopContext;
  private readonly transport: Transport;
  private closed = false;

  readonly domains = new DomainCalls(this);
  readonly tracking = new TrackingCalls(this);
  readonly credentials = new CredentialCalls(this);
  readonly ipAllowlist = new IpAllowlistCalls(this);
  readonly routes = new RouteCalls(this);
  readonly webhooks = new WebhookCalls(this);
  readonly keys = new KeyCalls(this);
  readonly accountWebhooks = new AccountWebhookCalls(this);
  readonly dkim = new DkimCalls(this);
  readonly suppressions = new SuppressionCalls(this);
  readonly templates = new TemplateCalls(this);
  readonly mailingLists = new MailingListCalls(this);

  constructor(config: ProviderConfig, options: ClientOptions = {}) {
    this.config = config;
    this.transport = new Transport(config.maxConcurrency);
    const now = options.now ?? Date.now;
    const pacers = options.pacers ?? processPacers;
    const fingerprint = keyFingerprint(config.apiKey);
    let seq = 0;
    this.ctx = {
      config,
      transport: this.transport,
      pacer: (region: Region) => pacers.get(`${config.baseUrls[region]}|${fingerprint}|${config.subaccountId ?? ""}`, config.maxConcurrency, now),
      logger: options.logger ?? defaultLogger(),
      now,
      random: options.random ?? Math.random,
      nextId: () => ++seq,
      userAgent: "pulumi-mailgun",
      progress: options.progress ?? runProgress,
      early: new EarlyAnswers(),
    };
  }

  /** The generic call every family method makes; see RequestSpec for recover(). */
  request<T>(req: RequestSpec<T>): Promise<T> {
    return runRequest(this.ctx, req);
  }

  /** Closes the connection pools. A client from getClient() is dropped from the shared cache. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [k, c] of shared) if (c === this) shared.delete(k);
    await this.transport.close();
  }
}

const shared = new Map<string, MailgunClient>();

function configKey(config: ProviderConfig): string {
  return JSON.stringify({ ...config, apiKey: keyFingerprint(config.apiKey) });
}

/** One client per provider process per resolved config: pacing must be shared by every resource in the process. */
export function getClient(config: ProviderConfig): MailgunClient {
  const key = configKey(config);
  let c = shared.get(key);
  if (!c) {
    c = new MailgunClient(config);
    shared.set(key, c);
  }
  return c;
}
