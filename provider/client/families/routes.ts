/** The region's routes (`/v3/routes`). */
import type { Region } from "../../config";
import { get, ignoreNotFound, type RecoverOptions, type RequestCore } from "../core";
import { path } from "../encoding";
import { allPages, skipLimit } from "../paging";
import type { RouteParams } from "../params";
import type { CallOptions } from "../request-loop";
import { IgnoredBodySchema, type Route, RouteListSchema, RouteResponseSchema, RouteUpdateResponseSchema } from "../schemas";

/** Mailgun's largest page for the route listing (skip/limit). */
const PAGE = 1000;

function routeForm(p: Partial<RouteParams>) {
  return { priority: p.priority, description: p.description, expression: p.expression, action: p.actions };
}

export class RouteCalls {
  constructor(private readonly core: RequestCore) {}

  /** Every page (skip/limit 1000). */
  list(region: Region, o?: CallOptions): Promise<Route[]> {
    return allPages(skipLimit<Route>(PAGE), async (page) => (await get(this.core, region, "/v3/routes", RouteListSchema, o, page)).items);
  }

  async get(region: Region, id: string, o?: CallOptions): Promise<Route> {
    return (await get(this.core, region, path`/v3/routes/${id}`, RouteResponseSchema, o)).route;
  }

  /**
   * POST /v3/routes. Routes have no natural key, so only the caller can tell whether an earlier
   * attempt took effect (e.g. by a token in the description): without `recover` an ambiguous
   * failure is reported, never re-sent.
   */
  create(region: Region, p: RouteParams, o: RecoverOptions<Route> = {}): Promise<Route> {
    return this.core.request({ ...o, region, method: "POST", path: "/v3/routes", form: routeForm(p), schema: RouteResponseSchema.transform((r) => r.route) });
  }

  /** Mailgun answers the update flat (not under `route`). `actions` replaces the whole list. */
  update(region: Region, id: string, p: Partial<RouteParams>, o?: CallOptions): Promise<Route> {
    return this.core.request({ ...o, region, method: "PUT", path: path`/v3/routes/${id}`, form: routeForm(p), schema: RouteUpdateResponseSchema });
  }

  /** A 404 resolves (already gone). */
  delete(region: Region, id: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v3/routes/${id}`, schema: IgnoredBodySchema }));
  }
}
