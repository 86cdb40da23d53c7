/**
 * A call as the request loop runs it: the options a caller gives (RequestSpec) and what is built
 * from them once, before the first attempt (headers, body, limits, redaction, the log line prefix).
 */
import type { EarlyAnswers } from "./early-answers";
import type { CallProgress } from "./progress";
import type { z } from "zod";
import type { ProviderConfig, Region } from "../config";
import { encodeForm, type FormValue, type QueryValue } from "./encoding";
import { MailgunConfigError } from "./errors";
import { makeRedactor, type Logger } from "./log";
import { pathFamily, type RegionPacer } from "./pacer";
import type { HttpMethod } from "./retry";
import type { Transport } from "./transport";

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
  /** Where the run stands while the rate limit paces it (progress.ts). */
  progress: CallProgress;
  /** GET answers sent ahead of the calls that will need them (early-answers.ts). */
  early: EarlyAnswers;
}

const SECRET_FIELD = /password|secret/i;

function secretValues(form: Record<string, FormValue> | undefined): string[] {
  if (!form) return [];
  return Object.entries(form)
    .filter(([k, v]) => SECRET_FIELD.test(k) && v !== undefined)
    .flatMap(([, v]) => (Array.isArray(v) ? v : [String(v)]));
}

export type Ident = { method: HttpMethod; path: string; region: Region };

/** One logical call: what every attempt sends, its limits, and how it logs. */
export interface Call<T> {
  ctx: LoopContext;
  spec: RequestSpec<T>;
  ident: Ident;
  headers: Record<string, string>;
  body?: string;
  limits: { timeoutMs: number; maxRetries: number; retryBudgetMs: number; consistencyBudgetMs: number };
  pacer: RegionPacer;
  family: string;
  started: number;
  redact(text: string): string;
  log(line: string): void;
}

/** Checks the key and builds what every attempt sends. */
export function prepare<T>(ctx: LoopContext, spec: RequestSpec<T>): Call<T> {
  const cfg = ctx.config;
  const { region, method } = spec;
  if (!cfg.apiKey) {
    throw new MailgunConfigError(
      `${method} ${spec.path} in region ${region}: no Mailgun API key; set it with ` +
        "`pulumi config set --secret mailgun:apiKey <key>` or the MAILGUN_API_KEY environment variable",
    );
  }
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
  return {
    ctx,
    spec,
    ident: { method, path: spec.path, region },
    headers,
    body,
    limits: {
      timeoutMs: spec.timeoutMs ?? cfg.requestTimeoutMs,
      maxRetries: spec.maxRetries ?? cfg.maxRetries,
      retryBudgetMs: spec.retryBudgetMs ?? cfg.retryBudgetMs,
      consistencyBudgetMs: spec.consistencyBudgetMs ?? cfg.consistencyBudgetMs,
    },
    pacer: ctx.pacer(region),
    family: pathFamily(spec.path),
    started: ctx.now(),
    redact,
    log: (line: string) => ctx.logger(redact(`mailgun #${id} ${method} ${spec.path} [${region}] ${line}`)),
  };
}

/** Error text can echo what was sent; scrub it before it reaches Pulumi's output. */
export function scrubbed<E extends Error>(call: Call<unknown>, e: E): E {
  e.message = call.redact(e.message);
  return e;
}
