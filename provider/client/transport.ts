/**
 * One HTTP attempt over a kept-alive undici Pool (one pool per base URL). It never throws for
 * network trouble: it reports what happened so the retry policy can decide.
 */
import type { Dispatcher, Pool } from "undici";
import type { HeaderBag } from "./rate-headers";

interface UndiciParts {
  Pool: typeof Pool;
  request(this: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData>;
}

let undici: UndiciParts | undefined;
/**
 * undici is loaded at the first request, not with the package (a program that only declares
 * resources, and a preview that calls nothing, never pay for it), and only its Pool and request
 * API: its index loads 109 modules (fetch, WebSocket, caches; 28 MiB, 66 ms), these 29 (15 MiB,
 * 35 ms). The paths are those of the undici version package-lock.json pins (every client test
 * goes through them); another 8.x without them gets the whole package.
 */
function loadUndici(): UndiciParts {
  if (undici) return undici;
  try {
    undici = {
      Pool: require("undici/lib/dispatcher/pool") as typeof Pool,
      request: (require("undici/lib/api") as { request: UndiciParts["request"] }).request,
    };
  } catch {
    // Another undici 8.x laid its files out differently: the whole package does the same.
    const whole = require("undici") as typeof import("undici");
    undici = { Pool: whole.Pool, request: (whole.Pool.prototype as unknown as UndiciParts).request };
  }
  return undici;
}

export interface AttemptRequest {
  baseUrl: string;
  method: string;
  /** Path with query string, relative to the base URL. */
  pathAndQuery: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export type AttemptResult =
  | { kind: "response"; status: number; headers: HeaderBag; bodyText: string }
  | { kind: "connect-failed"; detail: string; error: unknown }
  | { kind: "dropped"; detail: string; error: unknown }
  | { kind: "timeout" }
  | { kind: "aborted" };

/** Errors that mean the request never left this machine, so resending cannot duplicate a write. */
const CONNECT_CODES = new Set([
  "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_CONNECT",
]);
/** Programming errors: retrying would not help. */
const FATAL_CODE = /^UND_ERR_(INVALID|NOT_SUPPORTED|HEADERS_OVERFLOW|RES_CONTENT_LENGTH|REQ_CONTENT_LENGTH)/;

function errorCode(err: unknown): string | undefined {
  for (let e: any = err, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

function errorDetail(err: unknown): string {
  const code = errorCode(err);
  const msg = err instanceof Error ? err.message : String(err);
  return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

export class Transport {
  private readonly pools = new Map<string, { pool: Pool; prefix: string }>();

  constructor(private readonly connectionsPerPool: number) {}

  private poolFor(baseUrl: string): { pool: Pool; prefix: string } {
    let p = this.pools.get(baseUrl);
    if (!p) {
      const url = new URL(baseUrl);
      p = {
        pool: new (loadUndici().Pool)(url.origin, {
          connections: this.connectionsPerPool,
          keepAliveTimeout: 30_000,
          keepAliveMaxTimeout: 60_000,
        }),
        prefix: url.pathname.replace(/\/+$/, ""),
      };
      this.pools.set(baseUrl, p);
    }
    return p;
  }

  async send(req: AttemptRequest): Promise<AttemptResult> {
    if (req.signal?.aborted) return { kind: "aborted" };
    const { pool, prefix } = this.poolFor(req.baseUrl);
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort();
    }, req.timeoutMs);
    const onCallerAbort = () => attempt.abort();
    req.signal?.addEventListener("abort", onCallerAbort, { once: true });
    try {
      const res = await loadUndici().request.call(pool, {
        path: prefix + req.pathAndQuery,
        method: req.method as "GET",
        headers: req.headers,
        body: req.body,
        signal: attempt.signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const bodyText = await res.body.text();
      return { kind: "response", status: res.statusCode, headers: res.headers as HeaderBag, bodyText };
    } catch (err) {
      if (req.signal?.aborted) return { kind: "aborted" };
      const code = errorCode(err);
      if (timedOut || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return { kind: "timeout" };
      if (code && FATAL_CODE.test(code)) throw err;
      if (code && CONNECT_CODES.has(code)) return { kind: "connect-failed", detail: errorDetail(err), error: err };
      return { kind: "dropped", detail: errorDetail(err), error: err };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onCallerAbort);
    }
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.pool.close().catch(() => p.pool.destroy())));
  }
}
