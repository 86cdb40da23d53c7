/** `POST /v3/{domain}/messages(.mime)`: accepted, validated lightly, not delivered. */
import type { FastifyInstance } from "fastify";
import { sendMessage } from "../models/messages";
import type { World } from "../store";
import { api } from "./respond";

export function messageRoutes(world: World) {
  return async (app: FastifyInstance) => {
    for (const [suffix, mime] of [["messages", false], ["messages.mime", true]] as const) {
      app.post(`/v3/:domain/${suffix}`, api(world, ({ ctx, params, path }) => ({
        id: sendMessage(ctx, path.domain, params, mime),
        message: "Queued. Thank you.",
      })));
    }
  };
}
