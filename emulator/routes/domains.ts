/** Domains: v4 endpoints and the v3 forms SDKs still call (api-notes §2.1). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { TooManyRequests } from "../errors";
import {
  createDomainWithPassword, deleteDomain, dkimSigner, DOMAIN_STATES, listDomains, NewDomain, readDomain, SPAM_ACTIONS,
  updateDomainWithPassword, verifyDomain, WEB_SCHEMES,
} from "../models/domains";
import { Params, parseBool } from "../params";
import type { World } from "../store";
import { api, sendError } from "./respond";
import { domainObject, domainWithRecords, verifiedDomain } from "./views";

function createInput(p: Params): NewDomain {
  const keySize = p.oneOf("dkim_key_size", ["1024", "2048"] as const);
  return {
    name: p.get("name") ?? "",
    spam_action: p.oneOf("spam_action", SPAM_ACTIONS),
    wildcard: p.bool("wildcard"),
    web_scheme: p.oneOf("web_scheme", WEB_SCHEMES),
    web_prefix: p.get("web_prefix") || undefined,
    dkim_selector: p.get("dkim_selector") || undefined,
    dkim_key_size: keySize === undefined ? undefined : Number(keySize),
    force_dkim_authority: p.bool("force_dkim_authority"),
    require_tls: p.bool("require_tls"),
    skip_verification: p.bool("skip_verification"),
    use_automatic_sender_security: p.bool("use_automatic_sender_security"),
    encrypt_incoming_message: p.bool("encrypt_incoming_message"),
    archive_to: p.get("archive_to") || undefined,
    message_ttl: p.int("message_ttl"),
  };
}

export function domainRoutes(world: World) {
  return async (app: FastifyInstance) => {
    const list = api(world, ({ ctx, params }) => {
      const { total, items } = listDomains(ctx, {
        skip: Math.max(0, params.int("skip") ?? 0),
        // "limited to 1000 items per page" (spec): larger limits are clamped.
        limit: Math.min(1000, Math.max(0, params.int("limit") ?? 100)),
        state: params.oneOf("state", DOMAIN_STATES),
        search: params.get("search") || undefined,
        sort: params.get("sort") || undefined,
        authority: params.get("authority") || undefined,
      });
      return { total_count: total, items: items.map(domainObject) };
    });
    app.get("/v4/domains", list);
    app.get("/v3/domains", list);

    const create = (message: string) => api(world, ({ ctx, params }) => {
      const domain = createDomainWithPassword(ctx, createInput(params), params.get("smtp_password"));
      return domainWithRecords(domain, ctx.region, dkimSigner(ctx, domain), { message });
    });
    app.post("/v4/domains", create("Domain DNS records have been created"));
    // Legacy v3 wording (old API docs).
    app.post("/v3/domains", create("Domain has been created"));

    const get = api(world, ({ ctx, params, path }) => {
      // `h:with_dns=false` (mailgun.js, mailgun-go) leaves the record lists out.
      const withDns = parseBool(params.get("h:with_dns") ?? "true") !== false;
      const domain = readDomain(ctx, path.name);
      return domainWithRecords(domain, ctx.region, dkimSigner(ctx, domain), { withDns });
    });
    app.get("/v4/domains/:name", get);
    app.get("/v3/domains/:name", get);

    const update = api(world, ({ ctx, params, path }) => {
      const domain = updateDomainWithPassword(ctx, path.name, {
        spam_action: params.oneOf("spam_action", SPAM_ACTIONS),
        wildcard: params.bool("wildcard"),
        web_scheme: params.oneOf("web_scheme", WEB_SCHEMES),
        web_prefix: params.get("web_prefix") || undefined,
        require_tls: params.bool("require_tls"),
        skip_verification: params.bool("skip_verification"),
        use_automatic_sender_security: params.bool("use_automatic_sender_security"),
        archive_to: params.get("archive_to"),
        mailfrom_host: params.get("mailfrom_host") || undefined,
        message_ttl: params.int("message_ttl"),
      }, params.get("smtp_password"));
      return domainWithRecords(domain, ctx.region, dkimSigner(ctx, domain), { message: "Domain has been updated", order: "spf-first" });
    });
    app.put("/v4/domains/:name", update);
    app.put("/v3/domains/:name", update);

    const verify = api(world, ({ ctx, path }) => {
      const domain = verifyDomain(ctx, path.name);
      return verifiedDomain(domain, ctx.region, dkimSigner(ctx, domain));
    });
    const limitedVerify = async (request: FastifyRequest, reply: FastifyReply) => {
      const limit = world.knobs.verifyRateLimit;
      if (limit) {
        // Its own X-Request-* window (recorded), overriding the general knob's; no Retry-After was ever observed.
        const w = world.verifyLimiters[request.mailgun.region].take(limit, Date.now());
        reply.header("x-request-limit", String(w.limit));
        reply.header("x-request-remaining", String(w.remaining));
        reply.header("x-request-reset", String(w.resetAt));
        if (w.exceeded) {
          if (request.mailgun.entry) request.mailgun.entry.fault = "rate-limit";
          return sendError(reply, new TooManyRequests());
        }
      }
      return verify(request, reply);
    };
    app.put("/v4/domains/:name/verify", limitedVerify);
    app.put("/v3/domains/:name/verify", limitedVerify);

    app.delete("/v3/domains/:name", api(world, ({ ctx, path }) => {
      deleteDomain(ctx, path.name);
      return { message: "Domain will be deleted in the background" };
    }));
  };
}
