/**
 * The retry policy as pure functions: what to retry, how long to wait. The request loop in
 * request-loop.ts applies them with an injected clock and random source.
 */
import { type HeaderBag, type RateHeaders, readRateHeaders } from "./rate-headers";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** What one attempt produced, as far as the retry decision cares. */
export type AttemptOutcome =
  | { kind: "status"; status: number; /** the 404 was an HTML page: wrong URL, not a missing object */ html?: boolean }
  /** Never reached the server (refused, DNS, connect timeout): safe to send again, even a POST. */
  | { kind: "connect-failed" }
  /** The connection broke after the request may have been sent: the write may have happened. */
  | { kind: "dropped" }
  | { kind: "timeout" };

export interface RetryQuestion {
  method: HttpMethod;
  outcome: AttemptOutcome;
  /** The object should exist (read after write, child of a new parent): a 404 may be eventual consistency. */
  expectExists?: boolean;
  /** The caller can tell whether an earlier non-idempotent attempt took effect. */
  hasRecover?: boolean;
}

export type RetryCause = "rate-limited" | "server-error" | "connect-failed" | "dropped" | "timeout" | "not-yet-visible";

export type RetryDecision =
  | { retry: false; /** the failure left it unknown whether a write happened */ ambiguous: boolean }
  | {
      retry: true;
      cause: RetryCause;
      /** Ask recover() before sending again. */
      recoverFirst: boolean;
      /** Which budget the wait counts against. */
      budget: "retry" | "consistency";
    };

export function isIdempotent(method: HttpMethod): boolean {
  return method === "GET" || method === "PUT" || method === "DELETE";
}

function ambiguousCause(o: AttemptOutcome): RetryCause | undefined {
  if (o.kind === "dropped") return "dropped";
  if (o.kind === "timeout") return "timeout";
  if (o.kind === "status" && o.status >= 500) return "server-error";
  return undefined;
}

/**
 * The one retry predicate.
 * - 429 and failed connects: the request was not processed, so any method is sent again.
 * - 5xx, timeouts, dropped connections: sent again only for idempotent methods; a POST only after
 *   recover() has said the earlier attempt did not take effect (Mailgun has no idempotency key).
 * - 404 with expectExists: retried within the consistency budget (any method: a 404 changed nothing).
 * - everything else (400, 401, 403, 409, HTML 404, ...) is final.
 */
export function shouldRetry(q: RetryQuestion): RetryDecision {
  const o = q.outcome;
  if (o.kind === "connect-failed") return { retry: true, cause: "connect-failed", recoverFirst: false, budget: "retry" };
  if (o.kind === "status" && o.status === 429) return { retry: true, cause: "rate-limited", recoverFirst: false, budget: "retry" };
  if (o.kind === "status" && o.status === 404 && q.expectExists && !o.html) {
    return { retry: true, cause: "not-yet-visible", recoverFirst: false, budget: "consistency" };
  }
  const cause = ambiguousCause(o);
  if (cause === undefined) return { retry: false, ambiguous: false };
  if (isIdempotent(q.method)) return { retry: true, cause, recoverFirst: false, budget: "retry" };
  if (q.hasRecover) return { retry: true, cause, recoverFirst: true, budget: "retry" };
  return { retry: false, ambiguous: true };
}

/**
 * How long the server asked us to wait, in ms, or undefined when it gave no usable hint.
 * Order: the rate-limit reset (X-RateLimit-Reset / X-Request-Reset, epoch ms, tolerating
 * seconds), then Retry-After(-ms), then the legacy `{"retry-seconds": N}` body.
 * A hint already in the past (clock skew) is ignored rather than causing an immediate retry storm.
 */
export function delayFromHeaders(headers: HeaderBag, nowMs: number, body?: unknown): number | undefined {
  return delayFromRateHeaders(readRateHeaders(headers, nowMs), nowMs, body);
}

/** delayFromHeaders for headers already read (the request loop reads each response's once). */
export function delayFromRateHeaders(rate: RateHeaders, nowMs: number, body?: unknown): number | undefined {
  const candidates: Array<number | undefined> = [];
  if (rate.resetAt !== undefined) candidates.push(rate.resetAt - nowMs);
  candidates.push(rate.retryAfterMs);
  if (body && typeof body === "object" && typeof (body as Record<string, unknown>)["retry-seconds"] === "number") {
    candidates.push(((body as Record<string, unknown>)["retry-seconds"] as number) * 1000);
  }
  for (const c of candidates) {
    if (c !== undefined && Number.isFinite(c) && c > 0) return Math.ceil(c);
  }
  return undefined;
}

export interface BackoffOptions {
  /** First ceiling. @default 500 @unit ms */
  baseMs?: number;
  /** Largest ceiling. @default 30000 @unit ms */
  capMs?: number;
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^retryIndex)).
 * Full jitter (rather than a small random shave) spreads the many parallel operations of one
 * `pulumi up` that failed together, so they do not come back together.
 */
export function backoffDelay(retryIndex: number, random: () => number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 500;
  const cap = opts.capMs ?? 30_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, retryIndex));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/** Backoff used while waiting for a new object to become visible: starts small, stays small. */
export const CONSISTENCY_BACKOFF: Required<BackoffOptions> = { baseMs: 250, capMs: 4_000 };
export const RETRY_BACKOFF: Required<BackoffOptions> = { baseMs: 500, capMs: 30_000 };
