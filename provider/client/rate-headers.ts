/**
 * Reading Mailgun's rate-limit headers. Two families are seen on the wire: `X-RateLimit-*`
 * (messages, 2021) and `X-Request-*` (verify, suppressions, 2025+). Resets are absolute epoch
 * MILLISECONDS in every capture, but mailgun-go parses them as seconds, so both are accepted, and
 * a small number is taken as a delay in seconds.
 */

export type HeaderBag = Record<string, string | string[] | undefined>;

export function header(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name.toLowerCase()] ?? headers[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first.trim() === "" ? undefined : first.trim();
}

/** Above this a reset is epoch milliseconds (1e11 ms is 1973). */
const EPOCH_MS_FLOOR = 1e11;
/** Above this (and below the ms floor) a reset is epoch seconds (1e8 s is 1973). */
const EPOCH_S_FLOOR = 1e8;

/** A reset header value as an absolute epoch-ms instant. */
export function resetToEpochMs(value: string, nowMs: number): number | undefined {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (n >= EPOCH_MS_FLOOR) return n;
  if (n >= EPOCH_S_FLOOR) return n * 1000;
  return nowMs + n * 1000;
}

export interface RateLimitState {
  limit?: number;
  remaining: number;
  /** Absolute epoch ms when the window resets. */
  resetAt: number;
}

const FAMILIES = ["x-ratelimit", "x-request"] as const;

/** The rate-limit window a response reports, from whichever header family it carries. */
export function parseRateLimit(headers: HeaderBag, nowMs: number): RateLimitState | undefined {
  let best: RateLimitState | undefined;
  for (const f of FAMILIES) {
    const remaining = header(headers, `${f}-remaining`);
    const reset = header(headers, `${f}-reset`);
    if (remaining === undefined || reset === undefined) continue;
    const r = Number(remaining);
    const resetAt = resetToEpochMs(reset, nowMs);
    if (!Number.isFinite(r) || resetAt === undefined) continue;
    const limitRaw = header(headers, `${f}-limit`);
    const limit = limitRaw !== undefined && Number.isFinite(Number(limitRaw)) ? Number(limitRaw) : undefined;
    const state = { limit, remaining: Math.max(0, Math.floor(r)), resetAt };
    // Two families at once: obey the tighter one.
    if (!best || state.remaining < best.remaining) best = state;
  }
  return best;
}

/** Retry-After as a delay: seconds or an HTTP date; also the non-standard retry-after-ms. */
export function retryAfterMs(headers: HeaderBag, nowMs: number): number | undefined {
  const ms = header(headers, "retry-after-ms");
  if (ms !== undefined && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const ra = header(headers, "retry-after");
  if (ra === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : date - nowMs;
}

/** Everything a response says about rate limits, read once and used by both the pacer and the retry wait. */
export interface RateHeaders {
  /** The window the response reports (remaining and reset), if any. */
  window?: RateLimitState;
  /** When the window resets (epoch ms): the window's, or a reset header sent without a remaining count. */
  resetAt?: number;
  /** Retry-After(-ms) as a delay. */
  retryAfterMs?: number;
}

export function readRateHeaders(headers: HeaderBag, nowMs: number): RateHeaders {
  const window = parseRateLimit(headers, nowMs);
  let resetAt = window?.resetAt;
  if (!window) {
    const reset = header(headers, "x-ratelimit-reset") ?? header(headers, "x-request-reset");
    resetAt = reset === undefined ? undefined : resetToEpochMs(reset, nowMs);
  }
  return { window, resetAt, retryAfterMs: retryAfterMs(headers, nowMs) };
}
