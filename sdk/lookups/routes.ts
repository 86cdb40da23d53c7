import type * as pulumi from "@pulumi/pulumi";
import type { Region } from "../types";
import { type LookupCommonArgs, type OutputArgs, outputForm, regionsToSearch, runLookup } from "./common";

export interface GetRoutesArgs extends LookupCommonArgs {
  /** `us` or `eu` (routes are per region); left out, both regions are listed. */
  region?: string;
}

/** A route: the same fields as `mailgun.Route`'s outputs. */
export interface RouteResult {
  /** Mailgun's id of the route (also `routeId`). */
  id: string;
  routeId: string;
  expression: string;
  actions: string[];
  priority: number;
  description: string;
  region: Region;
  createdAt: string;
}

export interface GetRoutesResult {
  routes: RouteResult[];
}

/**
 * Lists the account's inbound routes.
 *
 * API calls: `GET /v3/routes` per region, one per 1,000 routes (at least 1).
 */
export function getRoutes(args: GetRoutesArgs = {}, _opts?: pulumi.InvokeOptions): Promise<GetRoutesResult> {
  return runLookup("getRoutes", args, async (ctx) => {
    const routes: RouteResult[] = [];
    for (const region of regionsToSearch(ctx, args.region)) {
      for (const r of await ctx.client.routes.list(region)) {
        routes.push({ id: r.id, routeId: r.id, expression: r.expression, actions: r.actions, priority: r.priority, description: r.description, region, createdAt: r.created_at ?? "" });
      }
    }
    return { routes };
  });
}

export function getRoutesOutput(args: OutputArgs<GetRoutesArgs> = {}, opts?: pulumi.InvokeOptions): pulumi.Output<GetRoutesResult> {
  return outputForm(getRoutes, args, opts);
}
