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

/** What Mailgun's front end serves for an unknown path (recorded in mailing_list.yml). */
export const NOT_FOUND_HTML = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.</p>
`;

export function sendNotFoundPage(reply: FastifyReply): FastifyReply {
  return reply.code(404).type("text/html; charset=utf-8").send(NOT_FOUND_HTML);
}

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
  // A Buffer payload: for a string fastify would append a charset the routes service does not send.
  return reply.code(status).header("content-type", style.contentType ?? JSON_TYPE).send(Buffer.from(JSON.stringify(body)));
}

/** Wraps a synchronous model call as a fastify handler. */
export function api(world: World, run: (input: ApiInput) => unknown, style: Style = {}) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const state = request.mailgun;
    const path = request.params as Record<string, string>;
    // `/v4/domains/` would match `/v4/domains/:name` with an empty name; Mailgun has no such path.
    if (Object.values(path).some((v) => v === "")) return sendNotFoundPage(reply);
    const input: ApiInput = {
      ctx: contextFor(state.world ?? world, state.region),
      params: paramsOf(request),
      path,
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
    if (!failure && body === NO_CONTENT) return reply.code(204).send();
    return failure ? sendError(reply, failure, style) : sendJson(reply, status, body, style);
  };
}

/** What a model call returns for an answer without a body (`/v1/webhooks` PUT and DELETE: 204, spec). */
export const NO_CONTENT = Symbol("204 No Content");
