/**
 * One logical call, many attempts: pacing, sending, classifying the outcome, waiting, recovering.
 * Every decision comes from the pure policy in retry.ts; this file only applies it.
 */
import { settingName } from "../config";
import { encodeQuery } from "./encoding";
import {
  fromResponse,
  MailgunAbortError,
  MailgunConnectionError,
  MailgunError,
  MailgunRetryBudgetError,
  MailgunTimeoutError,
  MailgunUnexpectedResponseError,
  parseBody,
} from "./errors";
import { type Call, type Ident, type LoopContext, prepare, type RequestSpec, scrubbed } from "./prepared-call";
import { header, type RateHeaders, readRateHeaders } from "./rate-headers";
import {
  type AttemptOutcome,
  backoffDelay,
  CONSISTENCY_BACKOFF,
  delayFromRateHeaders,
  RETRY_BACKOFF,
  type RetryCause,
  shouldRetry,
} from "./retry";
import type { AttemptResult } from "./transport";
import { type EarlyAnswer, isAhead, requestKey } from "./early-answers";

export type { CallOptions, LoopContext, RequestSpec } from "./prepared-call";

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

/** What the attempts so far have used of the budgets. */
interface Budgets {
  attempt: number;
  /** Failed attempts (5xx, timeouts, dropped connections): these count against maxRetries. */
  retries: number;
  /** 429s: Mailgun refused the request unprocessed and said when to come back, so only the time budget bounds them. */
  rateLimited: number;
  consistencyRetries: number;
  retryDeadline?: number;
  consistencyDeadline?: number;
}

/** An attempt that did not succeed, as the retry policy sees it. */
interface Failure {
  error: MailgunError;
  outcome: AttemptOutcome;
  /** How long Mailgun asked to wait (429 only). */
  hintMs?: number;
  /** `status=...` or the kind of failure, for the log. */
  what: string;
  /** `attempt=N [queued=..] Nms`, for the log. */
  timing: string;
  at: number;
}

export async function runRequest<T>(ctx: LoopContext, spec: RequestSpec<T>): Promise<T> {
  // After a write, an answer sent ahead of it may show Mailgun as it was: none is used any more.
  if (spec.method !== "GET") ctx.early.clear();
  const call = prepare(ctx, spec);
  const budgets: Budgets = { attempt: 0, retries: 0, rateLimited: 0, consistencyRetries: 0 };
  for (;;) {
    budgets.attempt++;
    const outcome = await attempt(call, budgets.attempt);
    if (outcome.ok) return outcome.value;
    const failure = outcome.failure;
    // Sent ahead: its one answer is kept for the call that needs it, which retries as it sees fit.
    if (isAhead()) throw failure.error;
    const decision = shouldRetry({ method: spec.method, outcome: failure.outcome, expectExists: spec.expectExists, hasRecover: !!spec.recover });
    if (!decision.retry) {
      if (decision.ambiguous) {
        failure.error.message += "; the request may have taken effect on Mailgun's side (a create is not re-sent automatically)";
      }
      call.log(`${failure.what} ${failure.timing} -> final`);
      throw failure.error;
    }
    const waitMs = decision.budget === "consistency" ? consistencyWait(call, budgets, failure) : retryWait(call, budgets, failure, decision.cause);
    call.log(`${failure.what} ${failure.timing} -> retry in ${waitMs}ms (${decision.cause}${decision.recoverFirst ? ", checking first" : ""})`);
    await pause(call, decision.cause, failure.at, waitMs);
    if (decision.recoverFirst) {
      const recovered = await recoverEarlierAttempt(call, failure.error);
      if (recovered !== undefined) return recovered;
    }
  }
}

/** An attempt's answer, however it came (sent now, or sent ahead: early-answers.ts). */
interface Answered {
  result: Exclude<AttemptResult, { kind: "aborted" }>;
  rate?: RateHeaders;
  now: number;
  /** `attempt=N [queued=..] Nms`, for the log. */
  timing: string;
}

/**
 * One attempt: its answer sent ahead when there is one (the first attempt of a GET), else sent
 * now. Answers the parsed value or the failure.
 */
async function attempt<T>(call: Call<T>, n: number): Promise<{ ok: true; value: T } | { ok: false; failure: Failure }> {
  const { ctx, spec } = call;
  const key = spec.method === "GET" && n === 1 ? requestKey(spec.region, spec.path + encodeQuery(spec.query)) : undefined;
  if (isAhead() && !key) throw new Error(`only a GET's first attempt is sent ahead, not ${spec.method} ${spec.path}`);
  let answered: Answered | undefined;
  const early = key && !isAhead() ? await ctx.early.take(key) : undefined;
  if (early) {
    // Its pacing, rate-limit window and progress were counted when it was sent.
    answered = { result: early.result, rate: readRateHeaders(early.result.headers, early.at), now: early.at, timing: `attempt=${n} answered ahead` };
  } else if (key && isAhead()) {
    let keep!: (a: EarlyAnswer | undefined) => void;
    ctx.early.put(key, new Promise((resolve) => (keep = resolve)));
    try {
      answered = await send(call, n);
    } finally {
      keep(answered?.result.kind === "response" ? { result: answered.result, at: answered.now } : undefined);
    }
  } else {
    answered = await send(call, n);
  }
  const { result, rate, now, timing } = answered;
  if (result.kind === "response" && result.status >= 200 && result.status < 300) {
    const parsed = parseBody(result.bodyText, header(result.headers, "content-type"));
    call.log(`status=${result.status} ${timing}`);
    return { ok: true, value: parseSuccess(spec, call.ident, result.status, result.bodyText, parsed) };
  }
  return { ok: false, failure: failureOf(call, result, rate, now, timing) };
}

/**
 * Sends one attempt: waits for the region's pacer, sends, and hands the rate-limit headers (read
 * once) to the pacer before giving the slot back.
 */
async function send(call: Call<unknown>, n: number): Promise<Answered> {
  const { ctx, spec, pacer, family } = call;
  const queuedAt = ctx.now();
  const held = pacer.nextStartAt(family) - queuedAt;
  if (held > 1000) call.log(`attempt=${n} waiting ~${secs(held)} for the region's rate-limit window`);
  let release: () => void;
  ctx.progress.attempting();
  try {
    release = await pacer.acquire(spec.signal, family);
  } catch {
    ctx.progress.dropped();
    throw new MailgunAbortError(call.ident);
  }
  const sentAt = ctx.now();
  if (pacer.lastHeldAt >= queuedAt) ctx.progress.held();
  let result: AttemptResult;
  let rate: RateHeaders | undefined;
  let now: number;
  let answered = false;
  try {
    result = await ctx.transport.send({
      baseUrl: ctx.config.baseUrls[spec.region],
      method: spec.method,
      pathAndQuery: spec.path + encodeQuery(spec.query),
      headers: call.headers,
      body: call.body,
      timeoutMs: call.limits.timeoutMs,
      signal: spec.signal,
    });
    now = ctx.now();
    if (result.kind === "response") {
      rate = readRateHeaders(result.headers, now);
      pacer.learn(rate.window, family);
    }
    if (result.kind !== "aborted") {
      ctx.progress.called(rate?.window, result.kind === "response" && result.status === 429);
      answered = true;
    }
  } finally {
    if (!answered) ctx.progress.dropped();
    release();
  }
  if (result.kind === "aborted") throw new MailgunAbortError(call.ident);
  const queued = sentAt - queuedAt > 5 ? ` queued=${sentAt - queuedAt}ms` : "";
  return { result, rate, now, timing: `attempt=${n}${isAhead() ? " sent ahead" : ""}${queued} ${now - sentAt}ms` };
}

/** The error an unsuccessful attempt raises if it is not retried, and what the retry policy needs to know. */
function failureOf(call: Call<unknown>, result: Exclude<AttemptResult, { kind: "aborted" }>, rate: RateHeaders | undefined, at: number, timing: string): Failure {
  if (result.kind === "response") {
    const contentType = header(result.headers, "content-type");
    const parsed = parseBody(result.bodyText, contentType);
    const error = scrubbed(
      call,
      fromResponse({
        ...call.ident,
        status: result.status,
        bodyText: result.bodyText,
        contentType,
        requestId: header(result.headers, "x-request-id") ?? header(result.headers, "x-mailgun-request-id"),
      }),
    );
    const hintMs = result.status === 429 && rate ? delayFromRateHeaders(rate, at, parsed.value) : undefined;
    return { error, outcome: { kind: "status", status: result.status, html: parsed.isHtml }, hintMs, what: `status=${result.status}`, timing, at };
  }
  if (result.kind === "timeout") {
    return { error: new MailgunTimeoutError(call.ident, call.limits.timeoutMs), outcome: { kind: "timeout" }, what: "timeout", timing, at };
  }
  return { error: scrubbed(call, new MailgunConnectionError(call.ident, result.detail, result.error)), outcome: { kind: result.kind }, what: result.kind, timing, at };
}

/** A 404 the object should not give: wait within the consistency budget, or give up with a hint. */
function consistencyWait(call: Call<unknown>, b: Budgets, f: Failure): number {
  const budgetMs = call.limits.consistencyBudgetMs;
  b.consistencyDeadline ??= f.at + budgetMs;
  const left = b.consistencyDeadline - f.at;
  if (left <= 0) {
    f.error.message +=
      ` (still not found after waiting ${secs(f.at - (b.consistencyDeadline - budgetMs))} for it to appear;` +
      ` raise ${settingName("consistencyBudgetMs")} if Mailgun is slow to show new objects)`;
    call.log(`${f.what} ${f.timing} -> not found (consistency budget spent)`);
    throw f.error;
  }
  const waitMs = Math.min(Math.max(50, backoffDelay(b.consistencyRetries, call.ctx.random, CONSISTENCY_BACKOFF)), left);
  b.consistencyRetries++;
  return waitMs;
}

/** A failure worth retrying: the wait Mailgun asked for or a backoff, within maxRetries and the retry budget. */
function retryWait(call: Call<unknown>, b: Budgets, f: Failure, cause: RetryCause): number {
  const { maxRetries, retryBudgetMs } = call.limits;
  // The retry budget runs from the first failure, so time spent queued behind the region's
  // pacing before any failure never counts against a call.
  b.retryDeadline ??= f.at + retryBudgetMs;
  const left = b.retryDeadline - f.at;
  const isRateLimit = cause === "rate-limited";
  if (!isRateLimit && b.retries >= maxRetries) giveUp(call, b, f, `all ${maxRetries} retries used`, settingName("maxRetries"));
  if (f.hintMs !== undefined && f.hintMs > left) {
    giveUp(
      call, b, f,
      `Mailgun asked to wait ${secs(f.hintMs)} for the rate-limit window to reset, more than the ${secs(Math.max(0, left))} left`,
      settingName("retryBudgetMs"),
    );
  }
  if (left <= 0) giveUp(call, b, f, `the ${secs(retryBudgetMs)} retry budget is spent`, settingName("retryBudgetMs"));
  const waitMs = Math.min(f.hintMs ?? backoffDelay(isRateLimit ? b.rateLimited : b.retries, call.ctx.random, RETRY_BACKOFF), left);
  if (isRateLimit) b.rateLimited++;
  else b.retries++;
  return waitMs;
}

function giveUp(call: Call<unknown>, b: Budgets, f: Failure, reason: string, setting: string): never {
  call.log(`${f.what} ${f.timing} -> giving up (${reason})`);
  throw new MailgunRetryBudgetError({
    ...call.ident,
    attempts: b.attempt,
    elapsedMs: f.at - call.started,
    lastError: f.error,
    reason,
    setting,
    maybeApplied: call.ident.method !== "GET" && isAmbiguous(f.outcome),
  });
}

/** Waits before the next attempt; after a 429 every call of the region waits, not just this one: the window is per account. */
async function pause(call: Call<unknown>, cause: RetryCause, at: number, waitMs: number): Promise<void> {
  try {
    if (cause === "rate-limited") {
      call.ctx.progress.held();
      call.pacer.pauseUntil(at + waitMs, call.family);
    }
    else await sleep(waitMs, call.spec.signal);
  } catch {
    throw new MailgunAbortError(call.ident);
  }
}

/** After an ambiguous failure of a create: the object if the earlier attempt took effect, undefined to send again. */
async function recoverEarlierAttempt<T>(call: Call<T>, error: MailgunError): Promise<T | undefined> {
  let recovered: T | undefined;
  try {
    recovered = await call.spec.recover!();
  } catch (e) {
    error.message += `; it may have taken effect, and checking failed: ${call.redact(e instanceof Error ? e.message : String(e))}`;
    call.log("recover failed -> final");
    throw error;
  }
  call.log(recovered !== undefined ? "recover: the earlier attempt took effect" : "recover: it did not take effect; sending again");
  return recovered;
}

function parseSuccess<T>(
  spec: RequestSpec<T>,
  ident: Ident,
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
