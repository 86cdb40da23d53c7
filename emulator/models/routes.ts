/** Routes: account-level but separate per region; never de-duplicated (api-notes §3). */
import { BadRequest, MissingParameter, RouteNotFound, RoutesLimit } from "../errors";
import { objectId, rfc1123 } from "../formats";
import { RouteRecord } from "../store";
import { fresh, observe, replace, settled, Versioned } from "../versioned";
import { Ctx, consistencyDelay } from "./context";
import { assertAction, parseExpression, toJsRegex } from "./route-syntax";

export interface RouteInput {
  priority?: number;
  description?: string;
  expression?: string;
  actions?: string[];
}

function assertInput(input: RouteInput): void {
  if (input.expression !== undefined) parseExpression(input.expression);
  input.actions?.forEach(assertAction);
  if (input.priority !== undefined && input.priority < 0) throw new BadRequest("priority must be a non-negative integer");
}

export function createRoute(ctx: Ctx, input: RouteInput): RouteRecord {
  if (!input.expression) throw new MissingParameter("expression");
  assertInput(input);
  const route: RouteRecord = {
    id: objectId(ctx.now),
    priority: input.priority ?? 0,
    description: input.description ?? "",
    expression: input.expression,
    actions: input.actions ?? [],
    created_at: rfc1123(ctx.now),
  };
  ctx.store.routes.set(route.id, fresh(route, ctx.now, consistencyDelay(ctx)));
  ctx.world.changed();
  return route;
}

export function listRoutes(ctx: Ctx, skip: number, limit: number): { total: number; items: RouteRecord[] } {
  if (limit > 1000) throw new RoutesLimit();
  const visible: RouteRecord[] = [];
  for (const entry of ctx.store.routes.values()) {
    const seen = observe(entry, ctx.now);
    if (seen) visible.push(seen);
  }
  return { total: visible.length, items: visible.slice(skip, skip + limit) };
}

export function getRoute(ctx: Ctx, id: string): RouteRecord {
  const entry = ctx.store.routes.get(id);
  const seen = entry && observe(entry, ctx.now);
  if (!seen) throw new RouteNotFound();
  return seen;
}

function writable(ctx: Ctx, id: string): Versioned<RouteRecord> {
  const entry = ctx.store.routes.get(id);
  if (!entry || !settled(entry, ctx.now)) throw new RouteNotFound();
  return entry;
}

/** Omitted fields stay; `actions` replaces the whole list. */
export function updateRoute(ctx: Ctx, id: string, input: RouteInput): RouteRecord {
  const entry = writable(ctx, id);
  assertInput(input);
  const next: RouteRecord = { ...entry.value };
  if (input.priority !== undefined) next.priority = input.priority;
  if (input.description !== undefined) next.description = input.description;
  if (input.expression !== undefined && input.expression !== "") next.expression = input.expression;
  if (input.actions !== undefined && input.actions.length > 0) next.actions = input.actions;
  replace(entry, next, ctx.now, consistencyDelay(ctx));
  ctx.world.changed();
  return next;
}

export function deleteRoute(ctx: Ctx, id: string): void {
  writable(ctx, id);
  ctx.store.routes.delete(id);
  ctx.world.changed();
}

/** `GET /v3/routes/match`: the highest-priority route whose recipient filters all accept the address. */
export function matchRoute(ctx: Ctx, address: string): RouteRecord {
  const { items } = listRoutes(ctx, 0, 1000);
  const ordered = items.map((r, i) => ({ r, i })).sort((a, b) => a.r.priority - b.r.priority || a.i - b.i);
  for (const { r } of ordered) {
    const filters = parseExpression(r.expression);
    const matches = filters.every((f) =>
      f.kind === "catch_all" || (f.kind === "match_recipient" && toJsRegex(`^(?:${f.pattern})`).test(address)));
    if (matches) return r;
  }
  throw new RouteNotFound();
}
