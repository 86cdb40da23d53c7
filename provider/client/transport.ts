/**
 * One HTTP attempt over Node's own `http`/`https` with a keep-alive agent per base URL. It never
 * throws for network trouble: it reports what happened so the retry policy can decide.
 *
 * Not undici: measured in the provider process of a 500-resource refresh, undici (its wasm HTTP
 * parser and buffers) cost 30-60 MiB of peak memory and about 1 ms of CPU a request over Node's
 * built-in client, which the provider loads anyway (docs/benchmarks.md).
 */
import * as http from "node:http";
import * as https from "node:https";
import type { HeaderBag } from "./rate-headers";

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
const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/**
 * An idle kept-alive connection is closed before a server's usual 5 s idle limit would close it,
 * so a request is not sent on a connection the server is closing at that moment.
 */
const IDLE_SOCKET_MS = 4_000;

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

interface Endpoint {
  agent: http.Agent;
  request: typeof http.request;
  url: URL;
  prefix: string;
}

export class Transport {
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(private readonly connectionsPerPool: number) {}

  private endpointFor(baseUrl: string): Endpoint {
    let e = this.endpoints.get(baseUrl);
    if (!e) {
      const url = new URL(baseUrl);
      const secure = url.protocol === "https:";
      const options = { keepAlive: true, maxSockets: this.connectionsPerPool, timeout: IDLE_SOCKET_MS };
      e = {
        agent: secure ? new https.Agent(options) : new http.Agent(options),
        request: secure ? https.request : http.request,
        url,
        prefix: url.pathname.replace(/\/+$/, ""),
      };
      this.endpoints.set(baseUrl, e);
    }
    return e;
  }

  send(req: AttemptRequest): Promise<AttemptResult> {
    if (req.signal?.aborted) return Promise.resolve({ kind: "aborted" });
    const { agent, request, url, prefix } = this.endpointFor(req.baseUrl);
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      let connected = false;
      let timedOut = false;
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers["content-length"] = Buffer.byteLength(req.body);
      const outgoing = request({
        agent,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port,
        path: prefix + req.pathAndQuery,
        method: req.method,
        headers,
      });
      const finish = (result: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.signal?.removeEventListener("abort", onCallerAbort);
        resolve(result);
      };
      const failed = (err: unknown) => {
        if (req.signal?.aborted) return finish({ kind: "aborted" });
        if (timedOut) return finish(connected ? { kind: "timeout" } : { kind: "connect-failed", detail: `no connection within ${req.timeoutMs} ms`, error: err });
        const code = errorCode(err);
        if (code && CONNECT_CODES.has(code)) return finish({ kind: "connect-failed", detail: errorDetail(err), error: err });
        finish({ kind: "dropped", detail: errorDetail(err), error: err });
      };
      const timer = setTimeout(() => {
        timedOut = true;
        outgoing.destroy(new Error(`no answer within ${req.timeoutMs} ms`));
      }, req.timeoutMs);
      const onCallerAbort = () => outgoing.destroy(new Error("aborted"));
      req.signal?.addEventListener("abort", onCallerAbort, { once: true });
      outgoing.on("socket", (socket) => {
        // A kept-alive socket is connected already; a new one once it says so.
        if (!socket.connecting) connected = true;
        else socket.once("connect", () => (connected = true));
      });
      outgoing.on("error", failed);
      outgoing.on("response", (res) => {
        connected = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", failed);
        res.on("end", () => {
          if (!res.complete) return failed(new Error("the connection closed before the whole answer came"));
          finish({ kind: "response", status: res.statusCode ?? 0, headers: res.headers as HeaderBag, bodyText: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("aborted", () => failed(new Error("the connection closed before the whole answer came")));
      });
      outgoing.end(req.body);
    });
  }

  async close(): Promise<void> {
    const endpoints = [...this.endpoints.values()];
    this.endpoints.clear();
    for (const e of endpoints) e.agent.destroy();
  }
}
