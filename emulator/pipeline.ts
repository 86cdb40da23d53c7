/**
 * What happens to every API request before its handler, in order: request log entry,
 * latency (and spikes), fault bursts, authentication and key permissions, the rate limit, then random faults,
 * which on writes may be deferred until after the change (`afterWriteShare`).
 * Control routes under `/_emulator/` skip all of it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Forbidden, InternalServerError, MailgunError, NotPermitted, TooManyRequests } from "./errors";
import { authenticate } from "./models/keys";
import { authorize } from "./models/permissions";
import { subaccountWorld } from "./models/subaccounts";
import { queryRecord } from "./params";
import { FaultKind, RequestLog, RequestLogEntry } from "./request-log";
import { sendError } from "./routes/respond";
import type { KeyRecord, Region, World } from "./store";

export interface RequestState {
  region: Region;
  control: boolean;
  started: number;
  entry?: RequestLogEntry;
  key?: KeyRecord;
  /** The subaccount's own objects, for a request with `X-Mailgun-On-Behalf-Of` (models/subaccounts.ts). */
  world?: World;
  applied: boolean;
  /** Added before the answer (latency knob plus any spike). */
  latencyMs?: number;
  /** Set when a fault must hit after the handler has applied its change. */
  afterFault?: (reply: FastifyReply) => FastifyReply;
}

declare module "fastify" {
  interface FastifyRequest {
    mailgun: RequestState;
  }
}

export const CONTROL_PREFIX = "/_emulator/";
const WRITE_METHODS = new Set(["POST", "PUT", "DELETE", "PATCH"]);

export interface PipelineOptions {
  world: World;
  log: RequestLog;
  regionOf(request: FastifyRequest): Region;
  verbose: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function secretFrom(header: string | undefined): string | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0 || decoded.slice(0, colon) !== "api") return undefined;
  return decoded.slice(colon + 1);
}

export function registerPipeline(app: FastifyInstance, options: PipelineOptions): void {
  const { world, log } = options;

  const finish = (request: FastifyRequest, status: number | null) => {
    const state = request.mailgun;
    if (!state.entry) return;
    state.entry.status = status;
    state.entry.applied = state.applied;
    state.entry.durationMs = Date.now() - state.started;
    if (options.verbose) {
      const e = state.entry;
      process.stderr.write(`[mailgun-emulator] ${e.region} ${e.method} ${e.path} -> ${status ?? "dropped"}${e.fault ? ` (${e.fault})` : ""} ${e.durationMs}ms\n`);
    }
  };

  const markFault = (request: FastifyRequest, fault: FaultKind) => {
    if (request.mailgun.entry) request.mailgun.entry.fault = fault;
  };

  const drop = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    reply.hijack();
    request.raw.socket.destroy();
    finish(request, null);
    return reply;
  };

  app.decorateRequest("mailgun", null as unknown as RequestState);

  app.addHook("onRequest", async (request, reply) => {
    const path = (request.raw.url ?? "/").split("?")[0];
    const state: RequestState = {
      region: options.regionOf(request), control: path.startsWith(CONTROL_PREFIX), started: Date.now(), applied: false,
    };
    request.mailgun = state;
    if (state.control) return;

    world.purgeExpiredDeletes(state.started);
    state.entry = log.start({ region: state.region, method: request.method, path, query: queryRecord(request.raw.url) });
    const knobs = world.knobs;

    let wait = knobs.latencyMs;
    if (knobs.latencySpike.rate > 0 && world.prng.next() < knobs.latencySpike.rate) {
      wait += knobs.latencySpike.ms;
      markFault(request, "latency-spike");
    }
    // The latency is served after the body is read (preHandler below), as a server that received
    // the whole request would: a client that disconnects meanwhile (killed, timed out) does not
    // cancel a write it already sent. Answers given right here wait it out first.
    state.latencyMs = wait;
    const fail = async (r: FastifyReply, error: MailgunError) => {
      await sleep(wait);
      return sendError(r, error);
    };

    const burst = world.knobs.faults.burst;
    if (burst && burst.count > 0) {
      burst.count--;
      if (burst.count === 0) delete world.knobs.faults.burst;
      markFault(request, "burst");
      return fail(reply, burst.status === 429 ? new TooManyRequests() : new InternalServerError(burst.status));
    }

    const secret = secretFrom(request.headers.authorization);
    const key = secret === undefined ? undefined : authenticate(world, secret, Date.now());
    if (!key) return fail(reply, new Forbidden());
    reply.header("x-mailgun-key-id", key.id);
    state.key = key;
    const verdict = authorize(key, {
      method: request.method,
      route: request.routeOptions.url,
      domain: (request.params as Record<string, string> | undefined)?.domain,
    });
    if (verdict === "unauthenticated") return fail(reply, new Forbidden());
    if (verdict === "forbidden") return fail(reply, new NotPermitted());
    const onBehalfOf = request.headers["x-mailgun-on-behalf-of"];
    // The subaccount endpoints use the header themselves (DELETE names the subaccount with it).
    if (typeof onBehalfOf === "string" && onBehalfOf !== "" && !path.startsWith("/v5/accounts/subaccounts")) {
      const sub = subaccountWorld(world, onBehalfOf);
      // Unknown or disabled: 403 `{"message":"Forbidden"}`, as the spec's 403 of DELETE with this header (our choice otherwise).
      if (!sub) return fail(reply, new NotPermitted());
      state.world = sub;
    }

    const limit = world.knobs.rateLimit;
    if (limit) {
      const window = world.limiters[state.region].take(limit, Date.now());
      for (const family of ["x-ratelimit", "x-request"]) {
        reply.header(`${family}-limit`, String(window.limit));
        reply.header(`${family}-remaining`, String(window.remaining));
        reply.header(`${family}-reset`, String(window.resetAt));
      }
      if (window.exceeded) {
        reply.header("retry-after", String(Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000))));
        markFault(request, "rate-limit");
        return fail(reply, new TooManyRequests());
      }
    }

    const { errorRate, dropRate, afterWriteShare } = world.knobs.faults;
    if (errorRate === 0 && dropRate === 0) return;
    const roll = world.prng.next();
    const kind: FaultKind | null = roll < errorRate ? "error" : roll < errorRate + dropRate ? "drop" : null;
    if (!kind) return;
    markFault(request, kind);
    const status = world.prng.pick([500, 502, 503] as const);
    const isWrite = WRITE_METHODS.has(request.method) && request.routeOptions.url !== undefined;
    if (isWrite && world.prng.next() < afterWriteShare) {
      state.afterFault = (r: FastifyReply) => (kind === "drop" ? drop(request, r) : sendError(r, new InternalServerError(status)));
    } else {
      await sleep(wait);
      return kind === "drop" ? drop(request, reply) : sendError(reply, new InternalServerError(status));
    }
  });

  app.addHook("preHandler", async (request) => {
    const state = request.mailgun;
    if (state && !state.control && state.latencyMs) await sleep(state.latencyMs);
  });

  app.addHook("onSend", async (request, reply, payload) => {
    if (!request.mailgun?.control) {
      reply.header("cache-control", "no-store");
      reply.header("access-control-allow-origin", "*");
    }
    return payload;
  });

  app.addHook("onResponse", async (request, reply) => {
    if (request.mailgun && !request.mailgun.control) finish(request, reply.statusCode);
  });
}
