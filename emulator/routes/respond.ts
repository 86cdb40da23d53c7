/**
 * The one way API handlers answer: run the model synchronously, render a `MailgunError` as
 * Mailgun does, note whether state changed (request log `applied`), and let an after-write
 * fault replace the answer (the change stays: the client just never learns it happened).
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { MailgunError } from "../errors";
import { Ctx, contextFor } from "../models/context";
import { Params, paramsOf } from "../params";
import type { World } from "../store";

export const JSON_TYPE = "application/json; charset=utf-8";
/** The routes service answers plain `application/json` with `Content-Disposition: inline` (recorded). */
export const ROUTES_JSON_TYPE = "application/json";

export interface ApiInput {
  ctx: Ctx;
  params: Params;
  path: Record<string, string>;
}

export interface Style {
  contentType?: string;
  headers?: Record<string, string>;
}

export function sendError(reply: FastifyReply, error: MailgunError, style: Style = {}): FastifyReply {
  if (error.status === 401) {
    return reply.code(401).header("www-authenticate", 'Basic realm="MG API"')
      .type("text/plain; charset=utf-8").send(error.message);
  }
  return sendJson(reply, error.status, error.body(), style);
}

export function sendJson(reply: FastifyReply, status: number, body: unknown, style: Style = {}): FastifyReply {
  for (const [k, v] of Object.entries(style.headers ?? {})) reply.header(k, v);
  return reply.code(status).type(style.contentType ?? JSON_TYPE).send(JSON.stringify(body));
}

/** Wraps a synchronous model call as a fastify handler. */
export function api(world: World, run: (input: ApiInput) => unknown, style: Style = {}) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const state = request.mailgun;
    const input: ApiInput = {
      ctx: contextFor(world, state.region),
      params: paramsOf(request),
      path: request.params as Record<string, string>,
    };
    const before = world.revision;
    let status = 200;
    let body: unknown;
    let failure: MailgunError | undefined;
    try {
      body = run(input);
    } catch (error) {
      if (!(error instanceof MailgunError)) throw error;
      failure = error;
      status = error.status;
    }
    state.applied = world.revision !== before;
    // Recorded now: if the client is already gone, no response (and no onResponse) will follow.
    if (state.entry) state.entry.applied = state.applied;
    if (state.afterFault) return state.afterFault(reply);
    return failure ? sendError(reply, failure, style) : sendJson(reply, status, body, style);
  };
}
