/**
 * One logical call, many attempts: pacing, sending, classifying the outcome, waiting, recovering.
 * Every decision comes from the pure policy in retry.ts; this file only applies it.
 */
import type { z } from "zod";
import { type ProviderConfig, type Region, settingName } from "../config";
import { encodeForm, encodeQuery, type FormValue, type QueryValue } from "./encoding";
import {
  fromResponse,
  MailgunAbortError,
  MailgunConfigError,
  MailgunConnectionError,
  MailgunError,
  MailgunRetryBudgetError,
  MailgunTimeoutError,
  MailgunUnexpectedResponseError,
  parseBody,
} from "./errors";
import { makeRedactor, type Logger } from "./log";
import { pathFamily, type RegionPacer } from "./pacer";
import { header } from "./rate-headers";
import {
  type AttemptOutcome,
  backoffDelay,
  CONSISTENCY_BACKOFF,
  delayFromHeaders,
  type HttpMethod,
  RETRY_BACKOFF,
  shouldRetry,
} from "./retry";
import type { AttemptResult, Transport } from "./transport";

/** Per-call options; each defaults to the provider-level setting of the same name. */
export interface CallOptions {
  /** A 404 is retried within the consistency budget: the object should exist (read after write, child of a new parent). @default false */
  expectExists?: boolean;
  /** Cancels the call, including any wait. */
  signal?: AbortSignal;
  /** @default ProviderConfig.requestTimeoutMs @unit ms */
  timeoutMs?: number;
  /** @default ProviderConfig.maxRetries */
  maxRetries?: number;
  /** @default ProviderConfig.retryBudgetMs @unit ms */
  retryBudgetMs?: number;
  /** @default ProviderConfig.consistencyBudgetMs @unit ms */
  consistencyBudgetMs?: number;
}

export interface RequestSpec<T> extends CallOptions {
  region: Region;
  method: HttpMethod;
  /** Path with version, e.g. /v4/domains/mg.example.com (build it with the `path` template). */
  path: string;
  query?: Record<string, QueryValue>;
  form?: Record<string, FormValue>;
  /** A JSON body instead of a form (Mailgun's batch endpoints, e.g. suppressions). */
  json?: unknown;
  schema: z.ZodType<T>;
  /**
   * For non-idempotent writes (POST creates): after an ambiguous failure (5xx, dropped connection,
   * timeout) the loop calls recover(); a value means the earlier attempt took effect and is returned,
   * undefined means it is safe to send again. Without recover a POST is never re-sent after an
   * ambiguous failure.
   */
  recover?: () => Promise<T | undefined>;
  /** Values sent in this call that must not reach a log line or an error message (a webhook URL can carry a token). */
  sensitive?: readonly string[];
}

export interface LoopContext {
  config: ProviderConfig;
  transport: Transport;
  pacer(region: Region): RegionPacer;
  logger: Logger;
  now(): number;
  random(): number;
  nextId(): number;
  userAgent: string;
}

const SECRET_FIELD = /password|secret/i;

function secretValues(form: Record<string, FormValue> | undefined): string[] {
  if (!form) return [];
  return Object.entries(form)
    .filter(([k, v]) => SECRET_FIELD.test(k) && v !== undefined)
    .flatMap(([, v]) => (Array.isArray(v) ? v : [String(v)]));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function isAmbiguous(o: AttemptOutcome): boolean {
  return o.kind === "dropped" || o.kind === "timeout" || (o.kind === "status" && o.status >= 500);
}

export async function runRequest<T>(ctx: LoopContext, spec: RequestSpec<T>): Promise<T> {
  const cfg = ctx.config;
  const { region, method } = spec;
  const ident = { method, path: spec.path, region };
  if (!cfg.apiKey) {
    throw new MailgunConfigError(
      `${method} ${spec.path} in region ${region}: no Mailgun API key; set it with ` +
        "`pulumi config set --secret mailgun:apiKey <key>` or the MAILGUN_API_KEY environment variable",
    );
  }
  const timeoutMs = spec.timeoutMs ?? cfg.requestTimeoutMs;
  const maxRetries = spec.maxRetries ?? cfg.maxRetries;
  const retryBudgetMs = spec.retryBudgetMs ?? cfg.retryBudgetMs;
  const consistencyBudgetMs = spec.consistencyBudgetMs ?? cfg.consistencyBudgetMs;

  const body = spec.json !== undefined ? JSON.stringify(spec.json) : spec.form ? encodeForm(spec.form) : undefined;
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`api:${cfg.apiKey}`).toString("base64")}`,
    accept: "application/json",
    "user-agent": ctx.userAgent,
  };
  if (cfg.subaccountId) headers["x-mailgun-on-behalf-of"] = cfg.subaccountId;
  if (body !== undefined) headers["content-type"] = spec.json !== undefined ? "application/json" : "application/x-www-form-urlencoded";
  const redact = makeRedactor([cfg.apiKey, ...secretValues(spec.form), ...(spec.sensitive ?? [])]);
  const id = ctx.nextId();
  const log = (line: string) => ctx.logger(redact(`mailgun #${id} ${method} ${spec.path} [${region}] ${line}`));
  /** Error text can echo what was sent; scrub it before it reaches Pulumi's output. */
  const scrub = <E extends Error>(e: E): E => {
    e.message = redact(e.message);
    return e;
  };

  const pacer = ctx.pacer(region);
  const family = pathFamily(spec.path);
  const started = ctx.now();
  let attempt = 0;
  /** Failed attempts (5xx, timeouts, dropped connections): these count against maxRetries. */
  let retries = 0;
  /** 429s: Mailgun refused the request unprocessed and said when to come back, so only the time budget bounds them. */
  let rateLimited = 0;
  let consistencyRetries = 0;
  let retryDeadline: number | undefined;
  let consistencyDeadline: number | undefined;

  for (;;) {
    attempt++;
    const queuedAt = ctx.now();
    const held = pacer.nextStartAt(family) - queuedAt;
    if (held > 1000) log(`attempt=${attempt} waiting ~${secs(held)} for the region's rate-limit window`);
    let release: () => void;
    try {
      release = await pacer.acquire(spec.signal, family);
    } catch {
      throw new MailgunAbortError(ident);
    }
    const sentAt = ctx.now();
    let result: AttemptResult;
    try {
      result = await ctx.transport.send({
        baseUrl: cfg.baseUrls[region],
        method,
        pathAndQuery: spec.path + encodeQuery(spec.query),
        headers,
        body,
        timeoutMs,
        signal: spec.signal,
      });
      if (result.kind === "response") pacer.observe(result.headers, family);
    } finally {
      release();
    }
    const now = ctx.now();
    const queued = sentAt - queuedAt > 5 ? ` queued=${sentAt - queuedAt}ms` : "";
    const timing = `attempt=${attempt}${queued} ${now - sentAt}ms`;
    if (result.kind === "aborted") throw new MailgunAbortError(ident);

    let outcome: AttemptOutcome;
    let error: MailgunError;
    let hintMs: number | undefined;
    if (result.kind === "response") {
      const contentType = header(result.headers, "content-type");
      const parsed = parseBody(result.bodyText, contentType);
      if (result.status >= 200 && result.status < 300) {
        log(`status=${result.status} ${timing}`);
        return parseSuccess(spec, ident, result.status, result.bodyText, parsed);
      }
      error = scrub(
        fromResponse({
          ...ident,
          status: result.status,
          bodyText: result.bodyText,
          contentType,
          requestId: header(result.headers, "x-request-id") ?? header(result.headers, "x-mailgun-request-id"),
        }),
      );
      outcome = { kind: "status", status: result.status, html: parsed.isHtml };
      if (result.status === 429) hintMs = delayFromHeaders(result.headers, now, parsed.value);
    } else if (result.kind === "timeout") {
      error = new MailgunTimeoutError(ident, timeoutMs);
      outcome = { kind: "timeout" };
    } else {
      error = scrub(new MailgunConnectionError(ident, result.detail, result.error));
      outcome = { kind: result.kind };
    }
    const what = outcome.kind === "status" ? `status=${outcome.status}` : outcome.kind;

    const decision = shouldRetry({ method, outcome, expectExists: spec.expectExists, hasRecover: !!spec.recover });
    if (!decision.retry) {
      if (decision.ambiguous) {
        error.message += "; the request may have taken effect on Mailgun's side (a create is not re-sent automatically)";
      }
      log(`${what} ${timing} -> final`);
      throw error;
    }

    const giveUp = (reason: string, setting: string): never => {
      log(`${what} ${timing} -> giving up (${reason})`);
      throw new MailgunRetryBudgetError({
        ...ident,
        attempts: attempt,
        elapsedMs: now - started,
        lastError: error,
        reason,
        setting,
        maybeApplied: method !== "GET" && isAmbiguous(outcome),
      });
    };

    let waitMs: number;
    if (decision.budget === "consistency") {
      consistencyDeadline ??= now + consistencyBudgetMs;
      const left = consistencyDeadline - now;
      if (left <= 0) {
        error.message +=
          ` (still not found after waiting ${secs(now - (consistencyDeadline - consistencyBudgetMs))} for it to appear;` +
          ` raise ${settingName("consistencyBudgetMs")} if Mailgun is slow to show new objects)`;
        log(`${what} ${timing} -> not found (consistency budget spent)`);
        throw error;
      }
      waitMs = Math.min(Math.max(50, backoffDelay(consistencyRetries, ctx.random, CONSISTENCY_BACKOFF)), left);
      consistencyRetries++;
    } else {
      // The retry budget runs from the first failure, so time spent queued behind the region's
      // pacing before any failure never counts against a call.
      retryDeadline ??= now + retryBudgetMs;
      const left = retryDeadline - now;
      const isRateLimit = decision.cause === "rate-limited";
      if (!isRateLimit && retries >= maxRetries) giveUp(`all ${maxRetries} retries used`, settingName("maxRetries"));
      if (hintMs !== undefined && hintMs > left) {
        giveUp(
          `Mailgun asked to wait ${secs(hintMs)} for the rate-limit window to reset, more than the ${secs(Math.max(0, left))} left`,
          settingName("retryBudgetMs"),
        );
      }
      if (left <= 0) giveUp(`the ${secs(retryBudgetMs)} retry budget is spent`, settingName("retryBudgetMs"));
      waitMs = Math.min(hintMs ?? backoffDelay(isRateLimit ? rateLimited : retries, ctx.random, RETRY_BACKOFF), left);
      if (isRateLimit) rateLimited++;
      else retries++;
    }

    log(`${what} ${timing} -> retry in ${waitMs}ms (${decision.cause}${decision.recoverFirst ? ", checking first" : ""})`);
    try {
      if (decision.cause === "rate-limited") {
        // Every call of the region waits, not just this one: the window is per account.
        pacer.pauseUntil(now + waitMs, family);
      } else {
        await sleep(waitMs, spec.signal);
      }
    } catch {
      throw new MailgunAbortError(ident);
    }

    if (decision.recoverFirst) {
      let recovered: T | undefined;
      try {
        recovered = await spec.recover!();
      } catch (e) {
        error.message +=
          `; it may have taken effect, and checking failed: ${redact(e instanceof Error ? e.message : String(e))}`;
        log("recover failed -> final");
        throw error;
      }
      if (recovered !== undefined) {
        log("recover: the earlier attempt took effect");
        return recovered;
      }
      log("recover: it did not take effect; sending again");
    }
  }
}

function parseSuccess<T>(
  spec: RequestSpec<T>,
  ident: { method: string; path: string; region: Region },
  status: number,
  bodyText: string,
  parsed: ReturnType<typeof parseBody>,
): T {
  const empty = bodyText.trim() === "";
  // Every Mailgun management endpoint answers JSON or nothing; text means another server answered
  // (e.g. "Mailgun Magnificent API" from the root when the base URL carries a wrong path).
  if (!empty && (parsed.isHtml || typeof parsed.value === "string")) {
    throw new MailgunUnexpectedResponseError(ident, status, `not JSON (check the API URL): ${bodyText.trim().slice(0, 80)}`);
  }
  const checked = spec.schema.safeParse(empty ? undefined : parsed.value);
  if (!checked.success) {
    const issues = checked.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`)
      .join("; ");
    throw new MailgunUnexpectedResponseError(ident, status, issues);
  }
  return checked.data;
}
