/** Account-level webhooks (`/v1/webhooks`, spec): JSON answers, 204 without a body for PUT and DELETE. */
import type { FastifyInstance } from "fastify";
import {
  createAccountWebhook, deleteAccountWebhook, deleteAccountWebhooks, getAccountWebhook, listAccountWebhooks, parseIds,
  replaceAccountWebhook, type AccountWebhookInput,
} from "../models/account-webhooks";
import type { Params } from "../params";
import type { World } from "../store";
import { NO_CONTENT, api } from "./respond";
import { accountWebhookObject } from "./views";

function inputOf(params: Params): AccountWebhookInput {
  return {
    url: params.get("url"),
    // Repeated fields (spec); a comma-separated value is split too, as on the v4 domain webhooks.
    event_types: params.all("event_types").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean),
    description: params.get("description"),
  };
}

export function accountWebhookRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v1/webhooks", api(world, ({ ctx, params }) => ({
      webhooks: listAccountWebhooks(ctx, parseIds(params.get("webhook_ids"))).map(accountWebhookObject),
    })));
    app.post("/v1/webhooks", api(world, ({ ctx, params }) => ({ webhook_id: createAccountWebhook(ctx, inputOf(params)).webhook_id })));
    app.delete("/v1/webhooks", api(world, ({ ctx, params }) => {
      deleteAccountWebhooks(ctx, parseIds(params.get("webhook_ids")), params.bool("all") === true);
      return NO_CONTENT;
    }));
    app.get("/v1/webhooks/:id", api(world, ({ ctx, path }) => accountWebhookObject(getAccountWebhook(ctx, path.id))));
    app.put("/v1/webhooks/:id", api(world, ({ ctx, params, path }) => {
      replaceAccountWebhook(ctx, path.id, inputOf(params));
      return NO_CONTENT;
    }));
    app.delete("/v1/webhooks/:id", api(world, ({ ctx, path }) => {
      deleteAccountWebhook(ctx, path.id);
      return NO_CONTENT;
    }));
  };
}
