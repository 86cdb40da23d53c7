/**
 * Tracking, connection, DKIM authority/selector and web prefix (the DKIM keys: routes/dkim-keys.ts).
 * Shapes are the recorded ones (domains.yml, Feb 2025); the connection GET is flat.
 */
import type { FastifyInstance } from "fastify";
import { InvalidParameter, MissingParameter } from "../errors";
import {
  connection, setDkimAuthority, setDkimSelector, setWebPrefix, tracking, updateClickTracking,
  updateConnection, updateOpenTracking, updateUnsubscribeTracking,
} from "../models/domain-settings";
import { sendingRecords } from "../models/dns";
import { Params, parseBool } from "../params";
import type { ClickActive, World } from "../store";
import { api } from "./respond";

const TRACKING_UPDATED = "Domain tracking settings have been updated";

/** Click tracking also takes `htmlonly`, which is echoed back as that string (mailgun-php fixtures). */
function clickActive(params: Params): ClickActive | undefined {
  const raw = params.get("active");
  if (raw === undefined) return undefined;
  if (raw.trim().toLowerCase() === "htmlonly") return "htmlonly";
  const value = parseBool(raw);
  if (value === undefined) throw new InvalidParameter("active", raw, "true, false, yes, no or htmlonly");
  return value;
}

export function domainSettingsRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v3/domains/:name/tracking", api(world, ({ ctx, path }) => {
      const t = tracking(ctx, path.name);
      return { tracking: { ...t.tracking, web_scheme: t.web_scheme } };
    }));
    app.put("/v3/domains/:name/tracking/open", api(world, ({ ctx, params, path }) => ({
      message: TRACKING_UPDATED,
      open: updateOpenTracking(ctx, path.name, { active: params.bool("active"), place_at_the_top: params.bool("place_at_the_top") }),
    })));
    app.put("/v3/domains/:name/tracking/click", api(world, ({ ctx, params, path }) => ({
      message: TRACKING_UPDATED,
      click: updateClickTracking(ctx, path.name, clickActive(params)),
    })));
    app.put("/v3/domains/:name/tracking/unsubscribe", api(world, ({ ctx, params, path }) => ({
      message: TRACKING_UPDATED,
      unsubscribe: updateUnsubscribeTracking(ctx, path.name, {
        active: params.bool("active"), html_footer: params.get("html_footer"), text_footer: params.get("text_footer"),
      }),
    })));

    app.get("/v3/domains/:name/connection", api(world, ({ ctx, path }) => connection(ctx, path.name)));
    app.put("/v3/domains/:name/connection", api(world, ({ ctx, params, path }) => ({
      message: "Domain connection settings have been updated, may take 10 minutes to fully propagate",
      ...updateConnection(ctx, path.name, {
        require_tls: params.bool("require_tls"), skip_verification: params.bool("skip_verification"),
      }),
    })));

    app.put("/v3/domains/:name/dkim_authority", api(world, ({ ctx, params, path }) => {
      const self = params.bool("self");
      if (self === undefined) throw new MissingParameter("self");
      const { domain, signer, changed } = setDkimAuthority(ctx, path.name, self);
      return {
        // Only the no-op wording is recorded; the other is ours.
        message: changed ? "Domain DKIM authority has been changed" : "Domain DKIM authority has not been changed",
        sending_dns_records: sendingRecords(domain, ctx.region, true, signer),
        changed,
      };
    }));
    app.put("/v3/domains/:name/dkim_selector", api(world, ({ ctx, params, path }) => {
      setDkimSelector(ctx, path.name, params.required("dkim_selector"));
      return { message: "DKIM selector changed" };
    }));
    app.put("/v3/domains/:name/web_prefix", api(world, ({ ctx, params, path }) => {
      setWebPrefix(ctx, path.name, params.required("web_prefix"));
      return { message: "Domain web prefix updated" };
    }));

  };
}
