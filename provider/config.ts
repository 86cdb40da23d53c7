import { MailgunConfigError } from "./client/errors";

import { REGIONS, type Region } from "./region";
export { REGIONS, type Region };

/** Where settings come from; Pulumi's dynamic `ConfigureRequest.config` fits (keys like `mailgun:apiKey`). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface ProviderConfig {
  /** Undefined is allowed at resolve time; the first API call then fails with a clear message. */
  apiKey: string | undefined;
  /** Region of resources that do not name one. @default "us" */
  defaultRegion: Region;
  /** Host-only base URL per region. @default https://api.mailgun.net / https://api.eu.mailgun.net */
  baseUrls: Record<Region, string>;
  /** Retries per call after a 5xx, a timeout or a dropped connection. 429s are bounded by retryBudgetMs only. @default 8 */
  maxRetries: number;
  /** Total time one call may spend retrying, from its first failure. @default 120000 @unit ms */
  retryBudgetMs: number;
  /** How long a 404 is retried where the object must exist. @default 30000 @unit ms */
  consistencyBudgetMs: number;
  /** Per attempt, until the whole body is read. @default 30000 @unit ms */
  requestTimeoutMs: number;
  /** Requests in flight per region. @default 8 */
  maxConcurrency: number;
  /** How long a domain replacement that keeps the name waits for Mailgun to release it after the delete; undefined leaves it to the Domain resource (300 s). @unit s */
  domainDeleteTimeoutSeconds?: number;
  /** Every call acts on this subaccount (header `X-Mailgun-On-Behalf-Of`); set by a mailgun.Account, never by stack config. */
  subaccountId?: string;
}

export const DEFAULT_BASE_URLS: Readonly<Record<Region, string>> = {
  us: "https://api.mailgun.net",
  eu: "https://api.eu.mailgun.net",
};

/** One setting: its Pulumi config key and its environment variable. */
export interface Setting {
  config: string;
  env: string;
}

const S = {
  apiKey: { config: "mailgun:apiKey", env: "MAILGUN_API_KEY" },
  region: { config: "mailgun:region", env: "MAILGUN_REGION" },
  apiUrlUs: { config: "mailgun:apiUrlUs", env: "MAILGUN_API_URL_US" },
  apiUrlEu: { config: "mailgun:apiUrlEu", env: "MAILGUN_API_URL_EU" },
  maxRetries: { config: "mailgun:maxRetries", env: "MAILGUN_MAX_RETRIES" },
  retryBudgetMs: { config: "mailgun:retryBudgetMs", env: "MAILGUN_RETRY_BUDGET_MS" },
  consistencyBudgetMs: { config: "mailgun:consistencyBudgetMs", env: "MAILGUN_CONSISTENCY_BUDGET_MS" },
  requestTimeoutMs: { config: "mailgun:requestTimeoutMs", env: "MAILGUN_REQUEST_TIMEOUT_MS" },
  maxConcurrency: { config: "mailgun:maxConcurrency", env: "MAILGUN_MAX_CONCURRENCY" },
  domainDeleteTimeoutSeconds: { config: "mailgun:domainDeleteTimeoutSeconds", env: "MAILGUN_DOMAIN_DELETE_TIMEOUT_SECONDS" },
} satisfies Record<string, Setting>;

/** Every setting the provider reads (docs/configuration.md's table lists them all). */
export const SETTINGS: readonly Setting[] = Object.values(S);
/** Every `mailgun:*` key the provider reads; any other one in the stack config is a typo. */
export const CONFIG_KEYS: readonly string[] = SETTINGS.map((s) => s.config);

/** "mailgun:retryBudgetMs (MAILGUN_RETRY_BUDGET_MS)": how error messages name a setting. */
export function settingName(key: keyof typeof S): string {
  return `${S[key].config} (${S[key].env})`;
}

interface Found {
  value: string;
  /** The key it came from, as the user wrote it. */
  where: string;
}

function lookup(s: Setting, source: ConfigSource | undefined, env: NodeJS.ProcessEnv): Found | undefined {
  // Config wins over env; an empty string counts as unset so `MAILGUN_REGION=` does not break a stack.
  const fromConfig = source?.get(s.config);
  if (fromConfig !== undefined && fromConfig.trim() !== "") return { value: fromConfig.trim(), where: s.config };
  const fromEnv = env[s.env];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return { value: fromEnv.trim(), where: s.env };
  return undefined;
}

/** "us" or "eu" in any case; anything else is an error naming where the value came from. */
export function parseRegion(value: string, where: string): Region {
  const v = String(value).trim().toLowerCase();
  if (v === "us" || v === "eu") return v;
  throw new MailgunConfigError(`${where}: invalid region ${JSON.stringify(value)}; allowed values are "us" and "eu"`);
}

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === "localhost" || h === "[::1]") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/**
 * A Mailgun base URL: https (http only for loopback emulators), host only. A version path such as
 * /v3 is rejected because each endpoint carries its own version: a base of .../v3 would turn
 * /v4/domains into /v3/v4/domains (the mistake that sent EU resources to the US in other providers).
 * A non-version path prefix (a reverse proxy) is kept.
 */
export function parseBaseUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new MailgunConfigError(`${where}: ${JSON.stringify(value)} is not a URL; use the host only, e.g. https://api.eu.mailgun.net`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new MailgunConfigError(`${where}: unsupported scheme ${url.protocol} in ${JSON.stringify(value)}; use https://`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new MailgunConfigError(
      `${where}: plain http is only allowed for loopback addresses (127.0.0.0/8, localhost, [::1]); ` +
        `use https:// for ${url.host}`,
    );
  }
  if (url.username || url.password) {
    throw new MailgunConfigError(`${where}: the URL must not contain credentials; set the key with mailgun:apiKey or MAILGUN_API_KEY`);
  }
  if (url.search || url.hash) {
    throw new MailgunConfigError(`${where}: the URL must not contain a query or fragment; use the host only, e.g. https://api.eu.mailgun.net`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (path.split("/").some((seg) => /^v\d+$/i.test(seg))) {
    throw new MailgunConfigError(
      `${where}: ${JSON.stringify(value)} contains a version path (${path}); use the host only, e.g. https://api.eu.mailgun.net`,
    );
  }
  return `${url.protocol}//${url.host}${path}`;
}

function parseCount(found: Found | undefined, fallback: number, min: number): number {
  if (!found) return fallback;
  const n = Number(found.value);
  if (!/^\d+$/.test(found.value) || !Number.isSafeInteger(n) || n < min) {
    throw new MailgunConfigError(
      `${found.where}: expected a whole number ${min === 0 ? "of 0 or more" : `of at least ${min}`}, got ${JSON.stringify(found.value)}`,
    );
  }
  return n;
}

function parseSeconds(found: Found | undefined): number | undefined {
  if (!found) return undefined;
  const n = Number(found.value);
  if (!/^\d+(\.\d+)?$/.test(found.value) || !Number.isFinite(n)) {
    throw new MailgunConfigError(`${found.where}: expected a number of seconds of 0 or more, got ${JSON.stringify(found.value)}`);
  }
  return n;
}

/**
 * Reads the provider settings once per provider process. Config (`mailgun:*`) wins over the
 * environment (`MAILGUN_*`). Bad values throw MailgunConfigError naming the key and the fix.
 */
export function resolveConfig(source?: ConfigSource, env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const region = lookup(S.region, source, env);
  const us = lookup(S.apiUrlUs, source, env);
  const eu = lookup(S.apiUrlEu, source, env);
  return {
    apiKey: lookup(S.apiKey, source, env)?.value,
    defaultRegion: region ? parseRegion(region.value, region.where) : "us",
    baseUrls: {
      us: us ? parseBaseUrl(us.value, us.where) : DEFAULT_BASE_URLS.us,
      eu: eu ? parseBaseUrl(eu.value, eu.where) : DEFAULT_BASE_URLS.eu,
    },
    maxRetries: parseCount(lookup(S.maxRetries, source, env), 8, 0),
    retryBudgetMs: parseCount(lookup(S.retryBudgetMs, source, env), 120_000, 0),
    consistencyBudgetMs: parseCount(lookup(S.consistencyBudgetMs, source, env), 30_000, 0),
    requestTimeoutMs: parseCount(lookup(S.requestTimeoutMs, source, env), 30_000, 1),
    maxConcurrency: parseCount(lookup(S.maxConcurrency, source, env), 8, 1),
    domainDeleteTimeoutSeconds: parseSeconds(lookup(S.domainDeleteTimeoutSeconds, source, env)),
  };
}

/** Fills the defaults around a partial config: handy for tests and for callers that build one by hand. */
export function makeConfig(partial: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    apiKey: undefined,
    defaultRegion: "us",
    maxRetries: 8,
    retryBudgetMs: 120_000,
    consistencyBudgetMs: 30_000,
    requestTimeoutMs: 30_000,
    maxConcurrency: 8,
    ...partial,
    baseUrls: { ...DEFAULT_BASE_URLS, ...partial.baseUrls },
  };
}
