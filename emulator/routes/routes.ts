/** Mailgun routes (`/v3/routes`): the update answer is flat, the delete answer is `{id, message}` (recorded). */
import type { FastifyInstance } from "fastify";
import { MissingParameter } from "../errors";
import { createRoute, deleteRoute, getRoute, listRoutes, matchRoute, RouteInput, updateRoute } from "../models/routes";
import { Params } from "../params";
import type { World } from "../store";
import { api, ROUTES_JSON_TYPE, Style } from "./respond";
import { routeObject } from "./views";

const STYLE: Style = { contentType: ROUTES_JSON_TYPE, headers: { "content-disposition": "inline" } };

function input(params: Params): RouteInput {
  const actions = params.all("action");
  return {
    priority: params.int("priority"),
    description: params.get("description"),
    expression: params.get("expression"),
    actions: actions.length > 0 ? actions : undefined,
  };
}

export function routeRoutes(world: World) {
  return async (app: FastifyInstance) => {
    app.get("/v3/routes", api(world, ({ ctx, params }) => {
      const { total, items } = listRoutes(ctx, Math.max(0, params.int("skip") ?? 0), Math.max(0, params.int("limit") ?? 100));
      return { items: items.map(routeObject), total_count: total };
    }, STYLE));
    app.post("/v3/routes", api(world, ({ ctx, params }) => ({
      message: "Route has been created",
      route: routeObject(createRoute(ctx, input(params))),
    }), STYLE));
    // Static segment: registered before `/v3/routes/:id`, and fastify prefers it anyway.
    app.get("/v3/routes/match", api(world, ({ ctx, params }) => {
      const address = params.get("address");
      if (!address) throw new MissingParameter("address");
      return { route: routeObject(matchRoute(ctx, address)) };
    }, STYLE));
    app.get("/v3/routes/:id", api(world, ({ ctx, path }) => ({ route: routeObject(getRoute(ctx, path.id)) }), STYLE));
    app.put("/v3/routes/:id", api(world, ({ ctx, params, path }) => {
      const route = routeObject(updateRoute(ctx, path.id, input(params)));
      return { ...route, message: "Route has been updated" };
    }, STYLE));
    app.delete("/v3/routes/:id", api(world, ({ ctx, path }) => {
      deleteRoute(ctx, path.id);
      return { id: path.id, message: "Route has been deleted" };
    }, STYLE));
  };
}
