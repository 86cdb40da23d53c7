/**
 * Realism knobs (contract: docs/emulator-control-api.md). All off by default; set at start or at run
 * time through `PUT /_emulator/knobs`. Randomness comes from one seeded PRNG so that a
 * failing run replays exactly with the same seed and request sequence.
 */
import { BadRequest } from "./errors";

export type BurstStatus = 429 | 500 | 502 | 503;

export interface Knobs {
  latencyMs: number;
  latencySpike: { rate: number; ms: number };
  consistencyDelayMs: number;
  deleteDelayMs: number;
  rateLimit: null | { limit: number; windowMs: number };
  /**
   * The verify endpoint's own window (PUT /v{3,4}/domains/{d}/verify), per region, on top of
   * `rateLimit`: Mailgun answers verify with `X-Request-Limit: 10` and a reset about a second
   * later (domains.yml, Dec 2025). Null turns it off.
   */
  verifyRateLimit: null | { limit: number; windowMs: number };
  faults: {
    errorRate: number;
    dropRate: number;
    afterWriteShare: number;
    seed: number;
    burst?: { status: BurstStatus; count: number };
  };
}

export type KnobsPatch = Partial<Omit<Knobs, "latencySpike" | "faults">> & {
  latencySpike?: Partial<Knobs["latencySpike"]>;
  faults?: Partial<Knobs["faults"]> & { burst?: Knobs["faults"]["burst"] | null };
};

export function defaultKnobs(): Knobs {
  return {
    latencyMs: 0,
    latencySpike: { rate: 0, ms: 0 },
    consistencyDelayMs: 0,
    deleteDelayMs: 0,
    rateLimit: null,
    verifyRateLimit: { limit: 10, windowMs: 1000 },
    faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 },
  };
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new BadRequest(`knob ${name} must be a non-negative number`);
  }
  return value;
}

function share(name: string, value: unknown): number {
  const n = nonNegative(name, value);
  if (n > 1) throw new BadRequest(`knob ${name} must be between 0 and 1`);
  return n;
}

function windowKnob(name: string, value: { limit: number; windowMs: number } | null): { limit: number; windowMs: number } | null {
  if (value === null) return null;
  const limit = nonNegative(`${name}.limit`, value.limit);
  const windowMs = nonNegative(`${name}.windowMs`, value.windowMs);
  if (windowMs === 0) throw new BadRequest(`knob ${name}.windowMs must be positive`);
  return { limit: Math.floor(limit), windowMs };
}

/** Merge a partial object into the knobs, validating every field it names. */
export function mergeKnobs(base: Knobs, patch: KnobsPatch): Knobs {
  if (typeof patch !== "object" || patch === null) throw new BadRequest("knobs must be a JSON object");
  const next: Knobs = structuredClone(base);
  if (patch.latencyMs !== undefined) next.latencyMs = nonNegative("latencyMs", patch.latencyMs);
  if (patch.consistencyDelayMs !== undefined) next.consistencyDelayMs = nonNegative("consistencyDelayMs", patch.consistencyDelayMs);
  if (patch.deleteDelayMs !== undefined) next.deleteDelayMs = nonNegative("deleteDelayMs", patch.deleteDelayMs);
  if (patch.latencySpike !== undefined) {
    if (patch.latencySpike.rate !== undefined) next.latencySpike.rate = share("latencySpike.rate", patch.latencySpike.rate);
    if (patch.latencySpike.ms !== undefined) next.latencySpike.ms = nonNegative("latencySpike.ms", patch.latencySpike.ms);
  }
  if (patch.rateLimit !== undefined) next.rateLimit = windowKnob("rateLimit", patch.rateLimit);
  if (patch.verifyRateLimit !== undefined) next.verifyRateLimit = windowKnob("verifyRateLimit", patch.verifyRateLimit);
  const f = patch.faults;
  if (f !== undefined) {
    if (f.errorRate !== undefined) next.faults.errorRate = share("faults.errorRate", f.errorRate);
    if (f.dropRate !== undefined) next.faults.dropRate = share("faults.dropRate", f.dropRate);
    if (f.afterWriteShare !== undefined) next.faults.afterWriteShare = share("faults.afterWriteShare", f.afterWriteShare);
    if (f.seed !== undefined) {
      if (!Number.isInteger(f.seed)) throw new BadRequest("knob faults.seed must be an integer");
      next.faults.seed = f.seed;
    }
    if (f.burst === null) delete next.faults.burst;
    else if (f.burst !== undefined) {
      if (![429, 500, 502, 503].includes(f.burst.status)) {
        throw new BadRequest("knob faults.burst.status must be one of 429, 500, 502, 503");
      }
      const count = Math.floor(nonNegative("faults.burst.count", f.burst.count));
      if (count > 0) next.faults.burst = { status: f.burst.status, count };
      else delete next.faults.burst;
    }
  }
  return next;
}

/** mulberry32: tiny, fast and good enough to make fault injection reproducible. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

export interface RateWindow {
  limit: number;
  remaining: number;
  /** Absolute epoch milliseconds of the window end (Mailgun sends milliseconds). */
  resetAt: number;
  exceeded: boolean;
}

/** Fixed-window counter, one per region (the account is the same on both). */
export class RateLimiter {
  private windowStart = 0;
  private used = 0;

  take(limit: { limit: number; windowMs: number }, now: number): RateWindow {
    if (now >= this.windowStart + limit.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const exceeded = this.used >= limit.limit;
    if (!exceeded) this.used++;
    return {
      limit: limit.limit,
      remaining: Math.max(0, limit.limit - this.used),
      resetAt: this.windowStart + limit.windowMs,
      exceeded,
    };
  }

  reset(): void {
    this.windowStart = 0;
    this.used = 0;
  }
}
