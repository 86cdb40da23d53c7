/** Domain webhooks: v3 keyed by event (recorded shapes) and v4 keyed by URL (spec). */
import type { FastifyInstance } from "fastify";
import {
  addWebhookUrl, createWebhook, deleteWebhook, getWebhook, listWebhooks, removeWebhookUrls, replaceWebhookUrl,
  updateWebhook,
} from "../models/webhooks";
import { Params } from "../params";
import type { World } from "../store";
import { api } from "./respond";

/** `event_types` repeats; a comma-separated value is split too. */
function eventTypes(params: Params): string[] {
  return params.all("event_types").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

export function webhookRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v3/domains/:name/webhooks", api(world, ({ ctx, path }) => ({ webhooks: listWebhooks(ctx, path.name) })));
    app.post("/v3/domains/:name/webhooks", api(world, ({ ctx, params, path }) => ({
      message: "Webhook has been created",
      webhook: { urls: createWebhook(ctx, path.name, params.get("id"), params.all("url")) },
    })));
    app.get("/v3/domains/:name/webhooks/:event", api(world, ({ ctx, path }) => ({
      webhook: { urls: getWebhook(ctx, path.name, path.event) },
    })));
    app.put("/v3/domains/:name/webhooks/:event", api(world, ({ ctx, params, path }) => ({
      message: "Webhook has been updated",
      webhook: { urls: updateWebhook(ctx, path.name, path.event, params.all("url")) },
    })));
    app.delete("/v3/domains/:name/webhooks/:event", api(world, ({ ctx, path }) => ({
      message: "Webhook has been deleted",
      webhook: { urls: deleteWebhook(ctx, path.name, path.event) },
    })));

    app.post("/v4/domains/:name/webhooks", api(world, ({ ctx, params, path }) => ({
      webhooks: addWebhookUrl(ctx, path.name, params.get("url"), eventTypes(params)),
    })));
    app.put("/v4/domains/:name/webhooks", api(world, ({ ctx, params, path }) => ({
      webhooks: replaceWebhookUrl(ctx, path.name, params.get("url"), eventTypes(params)),
    })));
    app.delete("/v4/domains/:name/webhooks", api(world, ({ ctx, params, path }) => ({
      webhooks: removeWebhookUrls(ctx, path.name, params.all("url").flatMap((u) => u.split(",")).map((u) => u.trim()).filter(Boolean)),
    })));
  };
}
