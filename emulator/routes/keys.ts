/** API keys (`/v1/keys`): list without secrets, create with the secret nested under `key` (spec), delete. */
import type { FastifyInstance } from "fastify";
import { createKey, deleteKey, listKeys } from "../models/keys";
import type { World } from "../store";
import { api } from "./respond";
import { keyObject } from "./views";

export function keyRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v1/keys", api(world, ({ ctx, params }) => {
      const items = listKeys(ctx, { kind: params.get("kind"), domain_name: params.get("domain_name") || undefined });
      return { total_count: items.length, items: items.map(keyObject) };
    }));
    app.post("/v1/keys", api(world, ({ ctx, params }) => {
      const key = createKey(ctx, {
        role: params.get("role"), kind: params.get("kind"), domain_name: params.get("domain_name"),
        description: params.get("description"), expiration: params.int("expiration"),
        user_name: params.get("user_name"), email: params.get("email"), user_id: params.get("user_id"),
      });
      // The spec's example message; no capture shows another.
      return { message: "great success", key: { ...keyObject(key), secret: key.secret } };
    }));
    app.delete("/v1/keys/:id", api(world, ({ ctx, path }) => {
      deleteKey(ctx, path.id);
      return { message: "key deleted" };
    }));
  };
}
