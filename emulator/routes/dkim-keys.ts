/**
 * DKIM keys (`/v1/dkim/keys`, `/v4/domains/{authority}/keys...`) and Automatic Sender Security
 * key rotation (`/v1/dkim_management/domains/{name}/...`). Shapes: the recorded ones
 * (domains.yml, Feb and Dec 2025) where they exist, else the spec's examples.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { InvalidParameter, ReasonError } from "../errors";
import { parseBool } from "../params";
import { authorityKeys, createDkimKey, deleteDkimKey, listDkimKeys, setDkimKeyActive } from "../models/dkim-keys";
import { readRotation, rotateNow, updateRotation } from "../models/dkim-rotation";
import type { World } from "../store";
import { api, ROUTES_JSON_TYPE } from "./respond";

const PAGE_DEFAULT = 10;
const PAGE_MAX = 100;

/** An opaque page token, as Mailgun's are; it carries the offset. */
function pageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

function offsetOf(token: string | undefined): number {
  if (!token) return 0;
  try {
    const o = (JSON.parse(Buffer.from(token, "base64url").toString()) as { o?: unknown }).o;
    if (typeof o === "number" && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw new InvalidParameter("page", token, "a page token from a paging URL");
}

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

export function dkimKeyRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v1/dkim/keys", (request: FastifyRequest, reply: FastifyReply) => api(world, ({ ctx, params }) => {
      const limit = params.int("limit") ?? PAGE_DEFAULT;
      if (limit < 1 || limit > PAGE_MAX) throw new InvalidParameter("limit", String(limit), `1 to ${PAGE_MAX}`);
      const offset = offsetOf(params.get("page"));
      const { total, items } = listDkimKeys(ctx, {
        signing_domain: params.get("signing_domain") || undefined,
        selector: params.get("selector") || undefined,
        limit,
        offset,
      });
      // Absolute URLs with every link present, even on a single page (recorded Dec 2025).
      const url = (o: number) => `${origin(request)}/v1/dkim/keys?page=${pageToken(o)}`;
      const last = Math.max(0, Math.floor((Math.max(total, 1) - 1) / limit) * limit);
      return {
        items,
        paging: { previous: url(Math.max(0, offset - limit)), first: url(0), next: url(offset + limit), last: url(last) },
      };
    })(request, reply));

    app.post("/v1/dkim/keys", api(world, ({ ctx, params }) => {
      const bits = params.int("bits");
      return createDkimKey(ctx, {
        signing_domain: params.get("signing_domain"),
        selector: params.get("selector"),
        bits,
        pem: params.get("pem") || undefined,
      });
    }));

    // Plain `application/json` here, unlike the other key calls (recorded Aug 2025).
    app.delete("/v1/dkim/keys", api(world, ({ ctx, params }) => {
      deleteDkimKey(ctx, params.get("signing_domain") || undefined, params.get("selector") || undefined);
      return { message: "success" };
    }, { contentType: ROUTES_JSON_TYPE }));

    app.get("/v4/domains/:name/keys", api(world, ({ ctx, path }) => ({ items: authorityKeys(ctx, path.name) })));
    // The recorded answers carry only the message; the spec adds authority, selector and active.
    app.put("/v4/domains/:name/keys/:selector/activate", api(world, ({ ctx, path }) => {
      setDkimKeyActive(ctx, path.name, path.selector, true);
      return { message: "domain key activated" };
    }));
    app.put("/v4/domains/:name/keys/:selector/deactivate", api(world, ({ ctx, path }) => {
      setDkimKeyActive(ctx, path.name, path.selector, false);
      return { message: "domain key deactivated" };
    }));

    app.get("/v1/dkim_management/domains/:name", api(world, ({ ctx, path }) => readRotation(ctx, path.name)));
    app.put("/v1/dkim_management/domains/:name/rotation", api(world, ({ ctx, params, path }) => {
      const raw = params.get("rotation_enabled");
      const enabled = raw === undefined ? undefined : parseBool(raw);
      // This service words its own errors, under `Reason` (ours: no capture shows a bad boolean).
      if (raw !== undefined && enabled === undefined) throw new ReasonError(`invalid rotation_enabled '${raw}': expected true or false`);
      return updateRotation(ctx, path.name, enabled, params.get("rotation_interval"));
    }));
    app.post("/v1/dkim_management/domains/:name/rotate", api(world, ({ ctx, path }) => {
      rotateNow(ctx, path.name);
      return { message: "ok" };
    }));
  };
}
