/**
 * Suppressions of a domain: `/v3/{domain}/bounces|unsubscribes|complaints|whitelists`. A POST
 * takes one entry as form fields, or (not the allowlist) a JSON array of up to 1000 entries.
 * Messages as recorded (mailgun-ruby bounces.yml, unsubscribes.yml, complaints.yml,
 * suppressions.yml) where a recording has them, else the spec's examples.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { BadRequest } from "../errors";
import {
  addAllowlisted, addSuppressions, clearSuppressions, deleteSuppression, getSuppression, listSuppressions,
  SuppressionInput, SuppressionKind, SuppressionRecord,
} from "../models/suppressions";
import type { World } from "../store";
import { ApiInput, api } from "./respond";

const ADDED: Record<Exclude<SuppressionKind, "whitelists">, { one: string; many: (n: number) => string }> = {
  bounces: { one: "Address has been added to the bounces table", many: (n) => `${n} addresses have been added to the bounces table` },
  unsubscribes: { one: "Address has been added to the unsubscribes table", many: (n) => `${n} addresses have been added to the unsubscribes table` },
  complaints: { one: "Address has been added to the complaints table", many: (n) => `${n} complaint addresses have been added to the complaints table` },
};

const REMOVED: Record<SuppressionKind, string> = {
  bounces: "Bounced address has been removed",
  unsubscribes: "Unsubscribe event has been removed",
  complaints: "Spam complaint has been removed",
  whitelists: "Allowlist address/domain has been removed",
};

const CLEARED: Record<SuppressionKind, string> = {
  bounces: "Bounced addresses for this domain have been removed",
  unsubscribes: "Unsubscribe addresses for this domain have been removed",
  complaints: "Complaint addresses for this domain have been removed",
  whitelists: "Allowlist addresses/domains for this domain have been removed",
};

/** `api` with the raw request at hand: JSON bodies and paging links need it. */
function withRequest(world: World, run: (input: ApiInput, request: FastifyRequest) => unknown) {
  return (request: FastifyRequest, reply: FastifyReply) => api(world, (input) => run(input, request))(request, reply);
}

function pivotOf(r: SuppressionRecord): string {
  return "address" in r ? r.address : r.value;
}

/** Absolute paging links, as recorded: `https://api.mailgun.net/v3/<d>/bounces?page=next&address=<last>&limit=100&term=`. */
function paging(request: FastifyRequest, domain: string, kind: SuppressionKind, items: SuppressionRecord[], limit: number, term: string) {
  const base = `${request.protocol}://${request.headers.host}/v3/${domain}/${kind}`;
  const q = (page: string | undefined, address?: string) => {
    const p = new URLSearchParams();
    if (page) p.set("page", page);
    if (address !== undefined) p.set("address", address);
    p.set("limit", String(limit));
    p.set("term", term);
    return `${base}?${p.toString()}`;
  };
  const first = items[0] ? pivotOf(items[0]) : "";
  const last = items.length ? pivotOf(items[items.length - 1]) : "";
  return { first: q(undefined), last: q("last"), next: q("next", last), previous: q("previous", first) };
}

function jsonBatch(request: FastifyRequest): SuppressionInput[] | undefined {
  const type = String(request.headers["content-type"] ?? "");
  if (!type.startsWith("application/json")) return undefined;
  const body = request.body;
  if (!Array.isArray(body)) throw new BadRequest("Request body should be a JSON array of records");
  return body.map((item: unknown) => {
    const o = (item && typeof item === "object" ? item : {}) as Record<string, unknown>;
    // In a JSON batch only `tags` (a list) counts; a `tag` there is ignored (documentation #300, mailgun.js #365).
    return {
      address: typeof o.address === "string" ? o.address : undefined,
      code: o.code === undefined ? undefined : String(o.code),
      error: typeof o.error === "string" ? o.error : undefined,
      tags: Array.isArray(o.tags) ? o.tags.map(String) : undefined,
    };
  });
}

export function suppressionRoutes(world: World) {
  return async (app: FastifyInstance) => {
    for (const kind of ["bounces", "unsubscribes", "complaints", "whitelists"] as const) {
      app.get(`/v3/:domain/${kind}`, withRequest(world, ({ ctx, params, path }, request) => {
        const limit = params.int("limit") ?? 100;
        const term = params.get("term") ?? "";
        const items = listSuppressions(ctx, kind, path.domain, { limit, page: params.get("page"), address: params.get("address"), term });
        return { items, paging: paging(request, path.domain, kind, items, limit, term) };
      }));
      app.get(`/v3/:domain/${kind}/:address`, api(world, ({ ctx, path }) => getSuppression(ctx, kind, path.domain, path.address)));
      app.delete(`/v3/:domain/${kind}/:address`, api(world, ({ ctx, params, path }) => {
        const stored = deleteSuppression(ctx, kind, path.domain, path.address, kind === "unsubscribes" ? params.get("tag") : undefined);
        return kind === "whitelists" ? { message: REMOVED[kind], value: stored } : { address: stored, message: REMOVED[kind] };
      }));
      app.delete(`/v3/:domain/${kind}`, api(world, ({ ctx, path }) => {
        clearSuppressions(ctx, kind, path.domain);
        return { message: CLEARED[kind] };
      }));
      if (kind === "whitelists") {
        app.post(`/v3/:domain/${kind}`, api(world, ({ ctx, params, path }) => {
          const r = addAllowlisted(ctx, path.domain, { address: params.get("address"), domain: params.get("domain"), reason: params.get("reason") });
          return { message: "Address/Domain has been added to the allowlists table", type: r.type, value: r.value };
        }));
        continue;
      }
      app.post(`/v3/:domain/${kind}`, withRequest(world, ({ ctx, params, path }, request) => {
        const batch = jsonBatch(request);
        if (batch) {
          const added = addSuppressions(ctx, kind, path.domain, batch);
          return { message: ADDED[kind].many(added.length) };
        }
        // A form entry names its tag `tag` (recorded, mailgun.js); the spec spells it `tags`. Both count, repeated or not.
        const tags = [...params.all("tag"), ...params.all("tags")];
        const [address] = addSuppressions(ctx, kind, path.domain, [{
          address: params.get("address"), code: params.get("code"), error: params.get("error"), tags: tags.length ? tags : undefined,
        }]);
        return { address, message: ADDED[kind].one };
      }));
    }
  };
}
