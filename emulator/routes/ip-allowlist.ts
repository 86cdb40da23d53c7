/** The account's IP allowlist (`/v2/ip_whitelist`): every answer is the whole list, `{"addresses": [...]}` (spec). */
import type { FastifyInstance } from "fastify";
import { addAllowlistEntry, deleteAllowlistEntry, listAllowlist, updateAllowlistEntry } from "../models/ip-allowlist";
import type { World } from "../store";
import { api } from "./respond";

export function ipAllowlistRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v2/ip_whitelist", api(world, ({ ctx }) => ({ addresses: listAllowlist(ctx) })));
    app.post("/v2/ip_whitelist", api(world, ({ ctx, params }) => ({
      addresses: addAllowlistEntry(ctx, params.get("address"), params.get("description")),
    })));
    app.put("/v2/ip_whitelist", api(world, ({ ctx, params }) => ({
      addresses: updateAllowlistEntry(ctx, params.get("address"), params.get("description")),
    })));
    // The spec puts `address` in the query; params merge query and body, so a form field works too.
    app.delete("/v2/ip_whitelist", api(world, ({ ctx, params }) => ({
      addresses: deleteAllowlistEntry(ctx, params.get("address")),
    })));
  };
}
