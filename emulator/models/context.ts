import { Region, RegionStore, World } from "../store";

/** What a model call needs: the world, the region the request came in through, and "now". */
export interface Ctx {
  world: World;
  region: Region;
  store: RegionStore;
  now: number;
}

export function contextFor(world: World, region: Region, now = Date.now()): Ctx {
  return { world, region, store: world.regions[region], now };
}

export function consistencyDelay(ctx: Ctx): number {
  return ctx.world.knobs.consistencyDelayMs;
}
