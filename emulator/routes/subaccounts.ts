/** Subaccounts (`/v5/accounts/subaccounts`): answers `{subaccount}` or `{subaccounts, total}` (spec). */
import type { FastifyInstance } from "fastify";
import { BadRequest } from "../errors";
import {
  createSubaccount, deleteSubaccount, getSubaccount, listSubaccounts, setSubaccountEnabled,
} from "../models/subaccounts";
import { parseBool, type Params } from "../params";
import type { World } from "../store";
import { api } from "./respond";

function count(params: Params, name: string): number | undefined {
  const v = params.get(name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new BadRequest("Bad request");
  return Number(v);
}

function flag(params: Params, name: string): boolean | undefined {
  const v = params.get(name);
  return v === undefined ? undefined : parseBool(v);
}

export function subaccountRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v5/accounts/subaccounts", api(world, ({ params }) => listSubaccounts(world, {
      sort: params.get("sort"), filter: params.get("filter"), limit: count(params, "limit"), skip: count(params, "skip"),
      enabled: flag(params, "enabled"), closed: flag(params, "closed"),
    })));
    // The spec puts `name` in the query; mailgun.js sends it as a form field (params merge both).
    app.post("/v5/accounts/subaccounts", api(world, ({ ctx, params }) => ({ subaccount: createSubaccount(world, params.get("name"), ctx.now) })));
    app.get("/v5/accounts/subaccounts/:subaccount_id", api(world, ({ path }) => ({ subaccount: getSubaccount(world, path.subaccount_id) })));
    app.post("/v5/accounts/subaccounts/:subaccount_id/disable", api(world, ({ ctx, path }) => ({
      subaccount: setSubaccountEnabled(world, path.subaccount_id, false, ctx.now),
    })));
    app.post("/v5/accounts/subaccounts/:subaccount_id/enable", api(world, ({ ctx, path }) => ({
      subaccount: setSubaccountEnabled(world, path.subaccount_id, true, ctx.now),
    })));
    app.delete("/v5/accounts/subaccounts", async (request, reply) => {
      const id = request.headers["x-mailgun-on-behalf-of"];
      return api(world, () => {
        deleteSubaccount(world, typeof id === "string" ? id : undefined);
        return { message: "Subaccount successfully deleted" };
      })(request, reply);
    });
  };
}
