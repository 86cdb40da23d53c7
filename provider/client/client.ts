/**
 * The Mailgun REST client every resource handler uses: typed methods over one request loop
 * (request-loop.ts). Each method takes the region of the object it concerns; there is no global
 * region, so an EU object is never looked up on the US host.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { ProviderConfig, Region } from "../config";
import { path } from "./encoding";
import { pollWithin } from "../poll";
import { isNotFound, MailgunBadRequestError, MailgunConflictError, saysAlreadyExists } from "./errors";
import { defaultLogger, type Logger } from "./log";
import { PacerRegistry, processPacers } from "./pacer";
import type { AccountWebhookParams, CreateDomainParams, CreateKeyParams, RouteParams, UpdateDomainParams } from "./params";
import { type CallOptions, type LoopContext, type RequestSpec, runRequest } from "./request-loop";
import { Transport } from "./transport";
import {
  type AccountWebhook,
  AccountWebhookCreatedSchema,
  AccountWebhookListSchema,
  AccountWebhookSchema,
  type ApiKey,
  ApiKeyCreateResponseSchema,
  ApiKeyListSchema,
  type ApiKeyWithSecret,
  type Credential,
  CredentialListSchema,
  CredentialWriteSchema,
  type DkimKey,
  DkimKeyListSchema,
  DkimKeySchema,
  type DkimRotation,
  DkimRotationSchema,
  type Domain,
  DomainListSchema,
  type DomainWithRecords,
  DomainWithRecordsSchema,
  IgnoredBodySchema,
  type IpAllowlistEntry,
  IpAllowlistSchema,
  type Route,
  RouteListSchema,
  type Suppression,
  SuppressionPageSchema,
  SuppressionSchema,
  RouteResponseSchema,
  RouteUpdateResponseSchema,
  type Tracking,
  TrackingResponseSchema,
  WebhookMapSchema,
  WebhookResponseSchema,
} from "./schemas";
import { type Template, TemplateResponseSchema, type TemplateVersion, TemplateVersionPageSchema } from "./schemas";

export type { CallOptions, RequestSpec } from "./request-loop";

/** A domain's webhooks: event -> URLs, only events that have some. */
export type WebhookMap = Record<string, string[]>;
export type { AccountWebhookParams, CreateDomainParams, CreateKeyParams, RouteParams, UpdateDomainParams } from "./params";

export interface ClientOptions {
  /** Receives one line per attempt (method, path, status, attempt, wait); secrets are scrubbed first. @default stderr when MAILGUN_DEBUG is set */
  logger?: Logger;
  /** Clock in epoch ms. @default Date.now */
  now?: () => number;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
  /** Where region pacers are shared. @default one registry per process */
  pacers?: PacerRegistry;
}

/** Options of a create that Mailgun cannot de-duplicate. */
export interface RecoverOptions<T> extends CallOptions {
  /** Called after an ambiguous failure: return the object if the earlier attempt took effect, else undefined. */
  recover?: () => Promise<T | undefined>;
}

/** A domain's suppression tables, as their paths name them. */
export type SuppressionTable = "bounces" | "unsubscribes" | "complaints" | "whitelists";

/** One suppression entry to write: `address` (or, on the allowlist, `domain`) and the table's own fields. */
export interface SuppressionEntry {
  address?: string;
  domain?: string;
  code?: string;
  error?: string;
  tags?: string[];
}

/** Mailgun's largest page for skip/limit lists. */
const PAGE = 1000;

function keyFingerprint(apiKey: string | undefined): string {
  return apiKey ? createHash("sha256").update(apiKey).digest("hex").slice(0, 16) : "no-key";
}

/**
 * Deletes treat 404 as "already gone". Right after a create, Mailgun may still answer 404 for an
 * object that exists: pass `expectExists` to a delete then, so the 404 is waited out first.
 */
async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** What a credential create or password change tells: the password, when Mailgun generated it. */
export interface CredentialWrite {
  generatedPassword?: string;
}

function writtenCredential(generated: Record<string, string> | undefined): CredentialWrite {
  const password = Object.values(generated ?? {})[0];
  return password === undefined ? {} : { generatedPassword: password };
}

/** The allowlist's answer for an address it does not hold (spec: 400 on PUT). */
export function saysIpNotFound(err: unknown): boolean {
  return err instanceof MailgunBadRequestError && /ip not found/i.test(err.mailgunMessage);
}

/** The version a template answer carries (create and GET of a version always carry one). */
function versionOf(t: Template): TemplateVersion {
  if (!t.version) throw new Error(`Mailgun's answer about template ${t.name} has no version`);
  return t.version;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

export class MailgunClient {
  readonly config: ProviderConfig;
  private readonly ctx: LoopContext;
  private readonly transport: Transport;
  private closed = false;

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
    };
  }

  /** The generic call the typed methods use; see RequestSpec for recover(). */
  request<T>(req: RequestSpec<T>): Promise<T> {
    return runRequest(this.ctx, req);
  }

  private get<T>(region: Region, p: string, schema: z.ZodType<T>, o?: CallOptions, query?: RequestSpec<T>["query"]): Promise<T> {
    return this.request({ ...o, region, method: "GET", path: p, schema, query });
  }

  // ---------------------------------------------------------------------------------- Domains

  async listDomains(
    region: Region,
    q: { search?: string; limit?: number; skip?: number } = {},
    o?: CallOptions,
  ): Promise<{ total_count: number; items: Domain[] }> {
    const r = await this.get(region, "/v4/domains", DomainListSchema, o, {
      search: q.search,
      limit: q.limit === undefined ? undefined : String(q.limit),
      skip: q.skip === undefined ? undefined : String(q.skip),
    });
    return { total_count: r.total_count, items: r.items };
  }

  getDomain(region: Region, name: string, o?: CallOptions): Promise<DomainWithRecords> {
    return this.get(region, path`/v4/domains/${name}`, DomainWithRecordsSchema, o);
  }

  /** GET that answers undefined for a missing domain. */
  async findDomain(region: Region, name: string, o?: CallOptions): Promise<DomainWithRecords | undefined> {
    try {
      return await this.getDomain(region, name, o);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * POST /v4/domains. After an ambiguous failure it looks the domain up by name before sending
   * again; and when the re-sent create answers "already taken" (our first attempt took effect but
   * was not yet visible), it waits for the domain to appear and returns it.
   */
  async createDomain(region: Region, params: CreateDomainParams, o: RecoverOptions<DomainWithRecords> = {}): Promise<DomainWithRecords> {
    let checked = false;
    const recover = o.recover ?? (() => this.findDomain(region, params.name));
    try {
      return await this.request({
        ...o,
        region,
        method: "POST",
        path: "/v4/domains",
        form: { ...params },
        schema: DomainWithRecordsSchema,
        recover: () => {
          checked = true;
          return recover();
        },
      });
    } catch (err) {
      if (checked && err instanceof MailgunBadRequestError && /already taken/i.test(err.mailgunMessage)) {
        const mine = await this.findDomain(region, params.name, { expectExists: true });
        if (mine) return mine;
      }
      throw err;
    }
  }

  updateDomain(region: Region, name: string, params: UpdateDomainParams, o?: CallOptions): Promise<DomainWithRecords> {
    return this.request({ ...o, region, method: "PUT", path: path`/v4/domains/${name}`, form: { ...params }, schema: DomainWithRecordsSchema });
  }

  /** DELETE /v3/domains/{name}; a 404 resolves (already gone). Mailgun deletes in the background. */
  deleteDomain(region: Region, name: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.request({ ...o, region, method: "DELETE", path: path`/v3/domains/${name}`, schema: IgnoredBodySchema }));
  }

  verifyDomain(region: Region, name: string, o?: CallOptions): Promise<DomainWithRecords> {
    return this.request({ ...o, region, method: "PUT", path: path`/v4/domains/${name}/verify`, schema: DomainWithRecordsSchema });
  }

  async getTracking(region: Region, name: string, o?: CallOptions): Promise<Tracking> {
    return (await this.get(region, path`/v3/domains/${name}/tracking`, TrackingResponseSchema, o)).tracking;
  }

  async updateOpenTracking(region: Region, name: string, p: { active: boolean; place_at_the_top?: boolean }, o?: CallOptions): Promise<void> {
    await this.request({ ...o, region, method: "PUT", path: path`/v3/domains/${name}/tracking/open`, form: { ...p }, schema: IgnoredBodySchema });
  }

  async updateClickTracking(region: Region, name: string, p: { active: boolean | "htmlonly" }, o?: CallOptions): Promise<void> {
    await this.request({ ...o, region, method: "PUT", path: path`/v3/domains/${name}/tracking/click`, form: { ...p }, schema: IgnoredBodySchema });
  }

  async updateUnsubscribeTracking(
    region: Region,
    name: string,
    p: { active: boolean; html_footer?: string; text_footer?: string },
    o?: CallOptions,
  ): Promise<void> {
    await this.request({ ...o, region, method: "PUT", path: path`/v3/domains/${name}/tracking/unsubscribe`, form: { ...p }, schema: IgnoredBodySchema });
  }

  async updateDkimAuthority(region: Region, name: string, self: boolean, o?: CallOptions): Promise<void> {
    await this.request({ ...o, region, method: "PUT", path: path`/v3/domains/${name}/dkim_authority`, form: { self }, schema: IgnoredBodySchema });
  }

  async updateDkimSelector(region: Region, name: string, selector: string, o?: CallOptions): Promise<void> {
    await this.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v3/domains/${name}/dkim_selector`,
      form: { dkim_selector: selector },
      schema: IgnoredBodySchema,
    });
  }

  // ---------------------------------------------------------------------------------- SMTP credentials

  /** Every page. */
  async listCredentials(region: Region, domain: string, o?: CallOptions): Promise<Credential[]> {
    const all: Credential[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.get(region, path`/v3/domains/${domain}/credentials`, CredentialListSchema, o, {
        skip: String(skip),
        limit: String(PAGE),
      });
      all.push(...page.items);
      if (page.items.length < PAGE) return all;
    }
  }

  /**
   * POST; without `password` Mailgun generates one, returned here (the only time it is shown).
   * After an ambiguous failure the default `recover` takes an existing login for the earlier
   * attempt's; pass a stricter one when that matters (the generated password is then unknown).
   */
  async createCredential(region: Region, domain: string, login: string, password: string | undefined, o: RecoverOptions<CredentialWrite> = {}): Promise<CredentialWrite> {
    const full = login.includes("@") ? login : `${login}@${domain}`;
    return this.request<CredentialWrite>({
      ...o,
      region,
      method: "POST",
      path: path`/v3/domains/${domain}/credentials`,
      form: { login, password },
      schema: CredentialWriteSchema.transform((r) => writtenCredential(r.credentials)),
      recover: o.recover ?? (async () => ((await this.listCredentials(region, domain)).some((c) => c.login === full) ? {} : undefined)),
    });
  }

  /** PUT; without `password` Mailgun generates a new one, returned here. Mailgun refuses (400) a password equal to the current one. */
  async changeCredentialPassword(region: Region, domain: string, login: string, password: string | undefined, o?: CallOptions): Promise<CredentialWrite> {
    return this.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v3/domains/${domain}/credentials/${login}`,
      form: { password },
      schema: CredentialWriteSchema.transform((r) => writtenCredential(r.credentials)),
    });
  }

  /** A 404 resolves (already gone). */
  deleteCredential(region: Region, domain: string, login: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(
      this.request({ ...o, region, method: "DELETE", path: path`/v3/domains/${domain}/credentials/${login}`, schema: IgnoredBodySchema }),
    );
  }

  // ---------------------------------------------------------------------------------- IP allowlist
  // Account-wide: both regions' hosts serve the same list, so `region` only picks the host.

  listIpAllowlist(region: Region, o?: CallOptions): Promise<IpAllowlistEntry[]> {
    return this.get(region, "/v2/ip_whitelist", IpAllowlistSchema, o);
  }

  /** POST; answers the whole list. Without `recover`, an ambiguous failure is reported, never re-sent. */
  addIpAllowlistEntry(region: Region, address: string, description: string, o: RecoverOptions<IpAllowlistEntry[]> = {}): Promise<IpAllowlistEntry[]> {
    return this.request({ ...o, region, method: "POST", path: "/v2/ip_whitelist", form: { address, description }, schema: IpAllowlistSchema });
  }

  /** PUT: sets the entry's description (Mailgun's default, "", when left out); 400 `IP not found` for an unlisted address. */
  updateIpAllowlistEntry(region: Region, address: string, description: string, o?: CallOptions): Promise<IpAllowlistEntry[]> {
    return this.request({ ...o, region, method: "PUT", path: "/v2/ip_whitelist", form: { address, description }, schema: IpAllowlistSchema });
  }

  /** DELETE ?address=; an address that is not listed (400 `IP not found`, or a 404) is already gone. */
  async deleteIpAllowlistEntry(region: Region, address: string, o?: CallOptions): Promise<void> {
    try {
      await this.request({ ...o, region, method: "DELETE", path: "/v2/ip_whitelist", query: { address }, schema: IgnoredBodySchema });
    } catch (err) {
      if (isNotFound(err) || saysIpNotFound(err)) return;
      throw err;
    }
  }

  // ---------------------------------------------------------------------------------- Routes

  /** Every page (skip/limit 1000). */
  async listRoutes(region: Region, o?: CallOptions): Promise<Route[]> {
    const all: Route[] = [];
    for (let skip = 0; ; skip += PAGE) {
      const page = await this.get(region, "/v3/routes", RouteListSchema, o, { skip: String(skip), limit: String(PAGE) });
      all.push(...page.items);
      if (page.items.length < PAGE) return all;
    }
  }

  async getRoute(region: Region, id: string, o?: CallOptions): Promise<Route> {
    return (await this.get(region, path`/v3/routes/${id}`, RouteResponseSchema, o)).route;
  }

  /**
   * POST /v3/routes. Routes have no natural key, so only the caller can tell whether an earlier
   * attempt took effect (e.g. by a token in the description): without `recover` an ambiguous
   * failure is reported, never re-sent.
   */
  createRoute(region: Region, p: RouteParams, o: RecoverOptions<Route> = {}): Promise<Route> {
    return this.request({
      ...o,
      region,
      method: "POST",
      path: "/v3/routes",
      form: { priority: p.priority, description: p.description, expression: p.expression, action: p.actions },
      schema: RouteResponseSchema.transform((r) => r.route),
    });
  }

  /** Mailgun answers the update flat (not under `route`). `actions` replaces the whole list. */
  updateRoute(region: Region, id: string, p: Partial<RouteParams>, o?: CallOptions): Promise<Route> {
    return this.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v3/routes/${id}`,
      form: { priority: p.priority, description: p.description, expression: p.expression, action: p.actions },
      schema: RouteUpdateResponseSchema,
    });
  }

  /** A 404 resolves (already gone). */
  deleteRoute(region: Region, id: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.request({ ...o, region, method: "DELETE", path: path`/v3/routes/${id}`, schema: IgnoredBodySchema }));
  }

  // ---------------------------------------------------------------------------------- Webhooks
  // A webhook URL can carry a token: every call that sends one keeps it out of logs and errors.

  /** v3, event -> urls ({} when none). */
  listWebhooks(region: Region, domain: string, o?: CallOptions): Promise<WebhookMap> {
    return this.get(region, path`/v3/domains/${domain}/webhooks`, WebhookMapSchema, o);
  }

  /** v3 POST; Mailgun refuses it (400) when the event already has URLs: use updateWebhook then. */
  createWebhook(region: Region, domain: string, event: string, urls: string[], o?: CallOptions): Promise<string[]> {
    return this.request({
      ...o,
      region,
      method: "POST",
      path: path`/v3/domains/${domain}/webhooks`,
      form: { id: event, url: urls },
      schema: WebhookResponseSchema,
      sensitive: urls,
      recover: async () => {
        const now = (await this.listWebhooks(region, domain))[event];
        return now && sameSet(now, urls) ? now : undefined;
      },
    });
  }

  /** v3 PUT: replaces the event's URL list. */
  updateWebhook(region: Region, domain: string, event: string, urls: string[], o?: CallOptions): Promise<string[]> {
    return this.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v3/domains/${domain}/webhooks/${event}`,
      form: { url: urls },
      schema: WebhookResponseSchema,
      sensitive: urls,
    });
  }

  /** A 404 resolves (already gone). */
  deleteWebhook(region: Region, domain: string, event: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(
      this.request({ ...o, region, method: "DELETE", path: path`/v3/domains/${domain}/webhooks/${event}`, schema: IgnoredBodySchema }),
    );
  }

  /**
   * v4 POST: adds `url` to each of `events`; answers the whole map after the change. Mailgun
   * refuses it (400 "... already exists") when the URL is on any of those events already.
   * After an ambiguous failure it lists before sending again; a re-sent POST that answers
   * "already exists" means an earlier attempt took effect, so it resolves with a fresh listing.
   * That listing may not show the write yet: callers that need the URL on exactly `events`
   * compare and follow up with replaceWebhookUrlV4.
   */
  async addWebhookUrlV4(region: Region, domain: string, url: string, events: string[], o?: CallOptions): Promise<WebhookMap> {
    let resent = false;
    try {
      return await this.request({
        ...o,
        region,
        method: "POST",
        path: path`/v4/domains/${domain}/webhooks`,
        form: { url, event_types: events },
        schema: WebhookMapSchema,
        sensitive: [url],
        recover: async () => {
          const map = await this.listWebhooks(region, domain).catch((e: unknown) => {
            // A domain too new to be listed: sending again is safe, "already exists" then counts as success.
            if (isNotFound(e)) return {} as WebhookMap;
            throw e;
          });
          if (events.every((e) => map[e]?.includes(url))) return map;
          resent = true;
          return undefined;
        },
      });
    } catch (err) {
      if (!resent || !saysAlreadyExists(err)) throw err;
      return this.listWebhooks(region, domain);
    }
  }

  /** v4 PUT: the URL ends up on exactly `events`; 404 when the domain has the URL on no event. Answers the whole map. */
  replaceWebhookUrlV4(region: Region, domain: string, url: string, events: string[], o?: CallOptions): Promise<WebhookMap> {
    return this.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v4/domains/${domain}/webhooks`,
      form: { url, event_types: events },
      schema: WebhookMapSchema,
      sensitive: [url],
    });
  }

  /**
   * v4 DELETE ?url=a,b: removes each URL from every event; answers the whole map. A URL on no
   * event changes nothing; a 404 (the domain is gone, its webhooks with it) resolves to {}.
   * Mailgun splits the parameter at commas, so a URL containing one cannot be sent: it would
   * remove the URLs on either side of the comma instead, possibly someone else's.
   */
  async removeWebhookUrlsV4(region: Region, domain: string, urls: string[], o?: CallOptions): Promise<WebhookMap> {
    if (urls.some((u) => u.includes(","))) {
      throw new Error("a webhook URL containing a comma cannot be removed through the v4 API (Mailgun splits its url parameter at commas); remove it event by event (v3)");
    }
    try {
      return await this.request({
        ...o,
        region,
        method: "DELETE",
        path: path`/v4/domains/${domain}/webhooks`,
        query: { url: urls.join(",") },
        schema: WebhookMapSchema,
        sensitive: urls,
      });
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
  }

  // ---------------------------------------------------------------------------------- API keys

  /** Keys are global to the account; call through the region of the domain they belong to. */
  async listKeys(region: Region, q: { domain_name?: string; kind?: "domain" | "user" | "web" } = {}, o?: CallOptions): Promise<ApiKey[]> {
    return (await this.get(region, "/v1/keys", ApiKeyListSchema, o, { domain_name: q.domain_name, kind: q.kind })).items;
  }

  /** The secret comes back only here. Without `recover`, an ambiguous failure is reported, never re-sent. */
  createKey(region: Region, p: CreateKeyParams, o: RecoverOptions<ApiKeyWithSecret> = {}): Promise<ApiKeyWithSecret> {
    return this.request({ ...o, region, method: "POST", path: "/v1/keys", form: { ...p }, schema: ApiKeyCreateResponseSchema });
  }

  /** A 404 resolves (already gone). */
  deleteKey(region: Region, id: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.request({ ...o, region, method: "DELETE", path: path`/v1/keys/${id}`, schema: IgnoredBodySchema }));
  }

  // ---------------------------------------------------------------------------------- Account webhooks
  // Per region; the URL can carry a token, so every call that sends one keeps it out of logs and errors.

  listAccountWebhooks(region: Region, o?: CallOptions): Promise<AccountWebhook[]> {
    return this.get(region, "/v1/webhooks", AccountWebhookListSchema, o);
  }

  getAccountWebhook(region: Region, id: string, o?: CallOptions): Promise<AccountWebhook> {
    return this.get(region, path`/v1/webhooks/${id}`, AccountWebhookSchema, o);
  }

  /**
   * POST /v1/webhooks; answers the new webhook's id. A URL is on an event type at most once in a
   * region, so after an ambiguous failure the listing tells whether the earlier attempt took
   * effect (`recover` overrides how); a re-sent POST refused with 409 "already exists" means it
   * did, and the webhook is looked up again.
   */
  async createAccountWebhook(region: Region, p: AccountWebhookParams, o: RecoverOptions<string> = {}): Promise<string> {
    const find = async () => (await this.listAccountWebhooks(region)).find((w) => w.url === p.url && sameSet(w.event_types, p.event_types))?.id;
    let resent = false;
    try {
      return await this.request({
        ...o,
        region,
        method: "POST",
        path: "/v1/webhooks",
        form: { url: p.url, event_types: p.event_types, description: p.description },
        schema: AccountWebhookCreatedSchema,
        sensitive: [p.url],
        recover: async () => {
          const found = await (o.recover ?? find)();
          if (found === undefined) resent = true;
          return found;
        },
      });
    } catch (err) {
      if (!resent || !(err instanceof MailgunConflictError) || !/already exists/i.test(err.mailgunMessage)) throw err;
      // The earlier attempt made it; Mailgun's listing may not show it yet: wait within the budget.
      const found = await pollWithin(this.config.consistencyBudgetMs, find);
      if (found === undefined) throw err;
      return found;
    }
  }

  /** PUT /v1/webhooks/{id}: replaces url, event types and description (204). */
  async updateAccountWebhook(region: Region, id: string, p: AccountWebhookParams, o?: CallOptions): Promise<void> {
    await this.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v1/webhooks/${id}`,
      form: { url: p.url, event_types: p.event_types, description: p.description },
      schema: IgnoredBodySchema,
      sensitive: [p.url],
    });
  }

  /** A 404 resolves (already gone). */
  deleteAccountWebhook(region: Region, id: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.request({ ...o, region, method: "DELETE", path: path`/v1/webhooks/${id}`, schema: IgnoredBodySchema }));
  }

  // ---------------------------------------------------------------------------------- DKIM keys

  /** Every key whose signing domain (DKIM authority) is `authority`, active or not. */
  listDkimKeys(region: Region, authority: string, o?: CallOptions): Promise<DkimKey[]> {
    return this.get(region, path`/v4/domains/${authority}/keys`, DkimKeyListSchema, o);
  }

  /**
   * POST /v1/dkim/keys. A PEM is sent only in the form and never logged. Without `recover`, an
   * ambiguous failure is reported, never re-sent: a second POST would answer "duplicate key".
   */
  createDkimKey(
    region: Region,
    p: { signing_domain: string; selector: string; bits?: number; pem?: string },
    o: RecoverOptions<DkimKey> = {},
  ): Promise<DkimKey> {
    return this.request({ ...o, region, method: "POST", path: "/v1/dkim/keys", form: { ...p }, schema: DkimKeySchema, sensitive: p.pem ? [p.pem] : [] });
  }

  async setDkimKeyActive(region: Region, authority: string, selector: string, active: boolean, o?: CallOptions): Promise<void> {
    const verb = active ? "activate" : "deactivate";
    await this.request({ ...o, region, method: "PUT", path: path`/v4/domains/${authority}/keys/${selector}/${verb}`, schema: IgnoredBodySchema });
  }

  /** DELETE /v1/dkim/keys?signing_domain=&selector=; a 404 (the domain is gone, its keys with it) resolves. */
  deleteDkimKey(region: Region, signingDomain: string, selector: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(
      this.request({ ...o, region, method: "DELETE", path: "/v1/dkim/keys", query: { signing_domain: signingDomain, selector }, schema: IgnoredBodySchema }),
    );
  }

  /**
   * Automatic Sender Security key rotation of a domain. The spec documents only the PUT; this GET
   * of the same resource is how the provider reads the settings back (see docs/resources/domain.md).
   */
  getDkimRotation(region: Region, domain: string, o?: CallOptions): Promise<DkimRotation> {
    return this.get(region, path`/v1/dkim_management/domains/${domain}`, DkimRotationSchema, o);
  }

  /** `rotation_interval` only with `rotation_enabled: true` (Mailgun refuses it otherwise). */
  updateDkimRotation(region: Region, domain: string, p: { rotation_enabled: boolean; rotation_interval?: string }, o?: CallOptions): Promise<DkimRotation> {
    return this.request({ ...o, region, method: "PUT", path: path`/v1/dkim_management/domains/${domain}/rotation`, form: { ...p }, schema: DkimRotationSchema });
  }

  // ---------------------------------------------------------------------------------- Suppressions
  // A domain's bounces, unsubscribes, complaints and allowlist ("whitelists"), keyed by address
  // (allowlist: address or domain). A POST of a listed address overwrites it, so sending it
  // again after an ambiguous failure is safe.

  /** Every page, in alphabetical order (pivot paging, 1000 a page). */
  async listSuppressions(region: Region, domain: string, table: SuppressionTable, o?: CallOptions): Promise<Suppression[]> {
    const all: Suppression[] = [];
    let pivot: string | undefined;
    for (;;) {
      const query = pivot === undefined ? { limit: String(PAGE) } : { page: "next", address: pivot, limit: String(PAGE) };
      const page = await this.get(region, path`/v3/${domain}/${table}`, SuppressionPageSchema, o, query);
      all.push(...page.items);
      if (page.items.length < PAGE) return all;
      pivot = page.items[page.items.length - 1].address;
    }
  }

  /** GET of one entry; undefined when the table does not hold it (or the domain is gone, its tables with it). */
  async findSuppression(region: Region, domain: string, table: SuppressionTable, address: string, o?: CallOptions): Promise<Suppression | undefined> {
    try {
      return await this.get(region, path`/v3/${domain}/${table}/${address}`, SuppressionSchema, o);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * POST of one entry (an upsert). Unsubscribes go as a one-item JSON batch: only that form takes
   * a list of tags (`tags`; the form field `tag` takes one). Mailgun adds an unsubscribe's tags
   * to those the address has already; the other tables overwrite the entry.
   */
  async addSuppression(region: Region, domain: string, table: SuppressionTable, e: SuppressionEntry, o?: CallOptions): Promise<void> {
    const base = { ...o, region, method: "POST" as const, path: path`/v3/${domain}/${table}`, schema: IgnoredBodySchema, recover: async () => undefined };
    if (table === "unsubscribes") {
      await this.request({ ...base, json: [{ address: e.address, tags: e.tags ?? ["*"] }] });
      return;
    }
    const form = table === "bounces" ? { address: e.address, code: e.code, error: e.error } : table === "whitelists" && e.domain ? { domain: e.domain } : { address: e.address };
    await this.request({ ...base, form });
  }

  /** DELETE of one entry (with `tag`: only that tag of an unsubscribe); a 404 resolves (already gone). */
  deleteSuppression(region: Region, domain: string, table: SuppressionTable, address: string, tag?: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(
      this.request({ ...o, region, method: "DELETE", path: path`/v3/${domain}/${table}/${address}`, query: tag === undefined ? undefined : { tag }, schema: IgnoredBodySchema }),
    );
  }

  // ---------------------------------------------------------------------------------- Templates
  // Per domain, region-bound; Mailgun lower-cases names and tags (api-notes §7.1).

  getTemplate(region: Region, domain: string, name: string, o?: CallOptions): Promise<Template> {
    return this.get(region, path`/v3/${domain}/templates/${name}`, TemplateResponseSchema, o);
  }

  /** GET that answers undefined for a missing template (or domain). */
  async findTemplate(region: Region, domain: string, name: string, o?: CallOptions): Promise<Template | undefined> {
    try {
      return await this.getTemplate(region, domain, name, o);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** POST without content: no version is made. Without `recover` an ambiguous failure is reported, never re-sent. */
  createTemplate(region: Region, domain: string, p: { name: string; description: string; createdBy?: string }, o: RecoverOptions<Template> = {}): Promise<Template> {
    return this.request({ ...o, region, method: "POST", path: path`/v3/${domain}/templates`, form: { ...p }, schema: TemplateResponseSchema });
  }

  async updateTemplate(region: Region, domain: string, name: string, description: string, o?: CallOptions): Promise<void> {
    await this.request({ ...o, region, method: "PUT", path: path`/v3/${domain}/templates/${name}`, form: { description }, schema: IgnoredBodySchema });
  }

  /** Deletes the template with all its versions; a 404 (template or domain gone) resolves. */
  deleteTemplate(region: Region, domain: string, name: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.request({ ...o, region, method: "DELETE", path: path`/v3/${domain}/templates/${name}`, schema: IgnoredBodySchema }));
  }

  /** Every version of a template (100 a page, pivoting on the last tag; listings carry no content); [] when the template is gone. */
  async listTemplateVersions(region: Region, domain: string, name: string, o?: CallOptions): Promise<TemplateVersion[]> {
    const all: TemplateVersion[] = [];
    for (let pivot: string | undefined; ;) {
      const query = pivot === undefined ? { limit: "100" } : { limit: "100", page: "next", p: pivot };
      let items: TemplateVersion[];
      try {
        items = (await this.request({ ...o, region, method: "GET", path: path`/v3/${domain}/templates/${name}/versions`, query, schema: TemplateVersionPageSchema })).template.versions as TemplateVersion[];
      } catch (err) {
        if (isNotFound(err)) return all;
        throw err;
      }
      all.push(...items);
      if (items.length < 100) return all;
      pivot = items[items.length - 1].tag;
    }
  }

  getTemplateVersion(region: Region, domain: string, name: string, tag: string, o?: CallOptions): Promise<TemplateVersion> {
    return this.get(region, path`/v3/${domain}/templates/${name}/versions/${tag}`, TemplateResponseSchema.transform((t) => versionOf(t)), o);
  }

  /** POST; `active` true makes it the active version (the template's first version is active anyway). */
  createTemplateVersion(
    region: Region, domain: string, name: string,
    p: { tag: string; template: string; engine: string; comment: string; headers: Record<string, string>; active?: boolean },
    o: RecoverOptions<TemplateVersion> = {},
  ): Promise<TemplateVersion> {
    const form = { tag: p.tag, template: p.template, engine: p.engine, comment: p.comment, headers: JSON.stringify(p.headers), active: p.active ? "yes" : undefined };
    return this.request({ ...o, region, method: "POST", path: path`/v3/${domain}/templates/${name}/versions`, form, schema: TemplateResponseSchema.transform((t) => versionOf(t)) });
  }

  /** PUT of the fields given (Mailgun keeps the others); `active: true` activates it, which deactivates the template's other versions. */
  async updateTemplateVersion(
    region: Region, domain: string, name: string, tag: string,
    p: { template?: string; comment?: string; headers?: Record<string, string>; active?: true },
    o?: CallOptions,
  ): Promise<void> {
    const form = { template: p.template, comment: p.comment, headers: p.headers && JSON.stringify(p.headers), active: p.active ? "yes" : undefined };
    await this.request({ ...o, region, method: "PUT", path: path`/v3/${domain}/templates/${name}/versions/${tag}`, form, schema: IgnoredBodySchema });
  }

  /** A 404 (version, template or domain gone: a template's delete takes its versions) resolves. */
  deleteTemplateVersion(region: Region, domain: string, name: string, tag: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.request({ ...o, region, method: "DELETE", path: path`/v3/${domain}/templates/${name}/versions/${tag}`, schema: IgnoredBodySchema }));
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
