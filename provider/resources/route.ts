import type { z } from "zod";
import type { Route } from "../client/schemas";
import { isNotFound } from "../client/errors";
import { client } from "../runtime";
import type { Region } from "../config";
import { fieldDiff, sameValue } from "./diff";
import { afterOwnWrite, progress, readAfterWrite } from "./freshness";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { routeFields } from "./fields/route";
import { ResourceHandler, inputsFrom } from "./types";
import { checkRegional } from "./validation";
import { declareOwner } from "./ownership";
import { routesIn } from "./listings";
import { runWide } from "../run-state";

export const routeInputs = inputSchema(routeFields);

export type RouteInputs = z.output<typeof routeInputs> & { region: Region };
export interface RouteOutputs extends RouteInputs {
  routeId: string;
  createdAt: string;
  /** When this provider last wrote the route (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
}

const FIELDS = diffedFields(routeFields);
const REPLACES = replacingFields(routeFields);

/** Route ids this process already took over, so two identical declarations never share one route. */
const claimed = runWide(new Set<string>());

function outputsOf(inputs: RouteInputs, route: Route): RouteOutputs {
  const outs: RouteOutputs = {
    ...inputs,
    expression: route.expression ?? inputs.expression,
    actions: route.actions ?? inputs.actions,
    priority: route.priority ?? inputs.priority,
    description: route.description ?? inputs.description,
    routeId: route.id,
    createdAt: route.created_at ?? "",
  };
  if (inputs.adopt === undefined) delete outs.adopt;
  return outs;
}

function sameRoute(route: Route, i: RouteInputs): boolean {
  return route.expression === i.expression && sameValue(route.actions, i.actions) && route.priority === i.priority && (route.description ?? "") === i.description;
}

/**
 * Mailgun routes have no natural key and POST is not idempotent. Before creating, look for an
 * identical route nobody in this run has claimed: it is what an interrupted or ambiguous
 * earlier create left behind, and taking it over is what prevents duplicates.
 *
 * The region's listing is shared by the whole operation (listings.ts). `fresh` lists anew: after
 * an ambiguous create, the route its first attempt may have made is newer than that listing.
 * The pick is claimed in the same synchronous step, so two creates never take the same route.
 */
async function takeUnclaimed(r: Region, match: (route: Route) => boolean, fresh = false): Promise<Route | undefined> {
  const routes = fresh ? await client().routes.list(r) : await routesIn(r).items();
  const found = routes.filter((route) => !claimed.has(`${r}/${route.id}`) && match(route)).sort((a, b) => a.id.localeCompare(b.id))[0];
  return found && claim(r, found);
}

function claim(r: Region, route: Route): Route {
  claimed.add(`${r}/${route.id}`);
  // Routes have no natural key: the object a create took over (adopt, or an identical route) is its id.
  declareOwner("Route", `${r}/${route.id}`, undefined);
  return route;
}

/** Mailgun's created_at has whole seconds, and its clock is not ours. */
const CLOCK_SLACK_MS = 5_000;

/**
 * After an ambiguous create was sent again, the first attempt may have made a route that the
 * listing did not show yet. Once the listing shows the new route it shows that one too: delete
 * identical, unclaimed routes made since this create started (older ones are someone else's).
 */
async function deleteTwins(r: Region, created: Route, inputs: RouteInputs, started: number): Promise<void> {
  const routes = await readAfterWrite(Date.now(), () => client().routes.list(r), (rs) => rs.some((x) => x.id === created.id));
  for (const twin of routes) {
    const at = Date.parse(twin.created_at ?? "");
    if (twin.id === created.id || claimed.has(`${r}/${twin.id}`) || !sameRoute(twin, inputs) || !(at >= started - CLOCK_SLACK_MS)) continue;
    progress(`deleting route ${twin.id} in region ${r}: an earlier attempt of this create made it, but Mailgun's answer was lost`);
    routesIn(r).deleted(twin.id);
    await client().routes.delete(r, twin.id);
  }
}

async function updateTo(r: Region, route: Route, desired: RouteInputs): Promise<Route> {
  const changes: Partial<{ priority: number; description: string; expression: string; actions: string[] }> = {};
  if (route.priority !== desired.priority) changes.priority = desired.priority;
  if ((route.description ?? "") !== desired.description) changes.description = desired.description;
  if (route.expression !== desired.expression) changes.expression = desired.expression;
  if (!sameValue(route.actions, desired.actions)) changes.actions = desired.actions;
  if (!Object.keys(changes).length) return route;
  const updated = await client().routes.update(r, route.id, changes);
  const now = { ...route, ...updated, ...changes, id: route.id };
  routesIn(r).wrote(now);
  return now;
}

export const routeHandler: ResourceHandler<RouteInputs, RouteOutputs> = {
  stepCalls: { read: "shared" },
  async check(_olds, news) {
    // Action messages cut URLs to their origin (route-syntax): a forward URL can carry a token.
    return checkRegional(routeInputs, news, "Route");
  },

  diff: fieldDiff(FIELDS, REPLACES),

  async create(inputs) {
    const r = inputs.region;
    if (inputs.adopt) {
      const existing = await takeUnclaimed(r, (route) => route.expression === inputs.expression);
      if (existing) {
        return { id: existing.id, outs: { ...outputsOf(inputs, await updateTo(r, existing, inputs)), writtenAt: Date.now() } };
      }
    }
    const leftover = await takeUnclaimed(r, (route) => sameRoute(route, inputs));
    if (leftover) return { id: leftover.id, outs: { ...outputsOf(inputs, leftover), writtenAt: Date.now() } };
    let ambiguous = false;
    const started = Date.now();
    const created = await client().routes.create(
      r,
      { priority: inputs.priority, description: inputs.description, expression: inputs.expression, actions: inputs.actions },
      { recover: () => ((ambiguous = true), takeUnclaimed(r, (route) => sameRoute(route, inputs), true)) },
    );
    claim(r, created);
    routesIn(r).wrote(created);
    if (ambiguous) await deleteTwins(r, created, inputs, started);
    return { id: created.id, outs: { ...outputsOf(inputs, created), writtenAt: Date.now() } };
  },

  async read(id, props) {
    const r = props.region;
    let fromListing = routesIn(r).worthListing();
    try {
      const get = async () => {
        // Only the first attempt: a retry waits for Mailgun to show this provider's write, which a listing fetched before it cannot.
        const listed = fromListing && (await routesIn(r).items()).find((x) => x.id === id);
        fromListing = false;
        // Not listed: gone, or too new to be listed yet; the GET tells which (404 → gone, waited out after an own write).
        return listed || client().routes.get(r, id, afterOwnWrite(props.writtenAt));
      };
      const route = await readAfterWrite(props.writtenAt, get, (live) => sameRoute(live, props));
      const outs = outputsOf(props, route);
      const inputs = inputsFrom(outs, [...FIELDS, "adopt"]);
      return { id, props: outs, inputs: inputs as RouteInputs };
    } catch (e) {
      if (isNotFound(e)) return {};
      throw e;
    }
  },

  async update(id, olds, news) {
    const current: Route = { id, expression: olds.expression, actions: olds.actions, priority: olds.priority, description: olds.description, created_at: olds.createdAt };
    const route = await updateTo(news.region, current, news);
    return { outs: { ...outputsOf(news, { ...route, created_at: route.created_at ?? olds.createdAt }), writtenAt: Date.now() } };
  },

  async delete(id, props) {
    await client().routes.delete(props.region, id);
    routesIn(props.region).deleted(id);
  },

  objectKey: (props, id) => (props.region && id ? `${props.region}/${id}` : undefined),
  describeObject: (props, id) => `route ${id} in region ${props.region}`,
};
