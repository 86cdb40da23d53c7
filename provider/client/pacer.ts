/**
 * Pacing per region, shared by every resource in the provider process. Pulumi runs many
 * operations in parallel in one Node process; without a shared gate a large `pulumi up` bursts
 * through Mailgun's per-account limit and fails with 429s. The pacer caps requests in flight and,
 * when responses report a rate-limit window that is half used, spreads the calls that remain over
 * the time left until the window resets. After a 429 the whole region pauses until the reset.
 */
import { type HeaderBag, parseRateLimit, type RateLimitState } from "./rate-headers";

export interface PacingState {
  /** Last window reported by the server, or undefined when none is known or it has passed. */
  window?: RateLimitState;
  /** Requests started since that report, not yet reflected in its `remaining`. */
  startedSinceReport: number;
  lastStartAt: number;
  pausedUntil: number;
}

/**
 * Share of a window's limit that may be used at full speed before spreading starts. Spreading
 * from the first call would make a 20-call `pulumi up` take seconds for no reason; spreading only
 * the second half still leaves budget in every part of the window for retries and for other
 * clients of the same account.
 */
export const FREE_SHARE = 0.5;

/**
 * Earliest instant (epoch ms) the next request may start: after any pause; at the reset when no
 * calls remain; and, once less than FREE_SHARE of the limit remains (or the limit is unknown), at
 * least (time to reset / calls remaining) after the previous start.
 */
export function pacingGate(s: PacingState, nowMs: number): number {
  let gate = s.pausedUntil;
  const w = s.window;
  if (w && nowMs < w.resetAt) {
    const left = w.remaining - s.startedSinceReport;
    if (left <= 0) gate = Math.max(gate, w.resetAt);
    else if (w.limit === undefined || left <= w.limit * FREE_SHARE) {
      gate = Math.max(gate, s.lastStartAt + (w.resetAt - nowMs) / left);
    }
  }
  return gate;
}

/**
 * Which endpoint family a path belongs to, with identifiers blanked out:
 * /v4/domains/mg.x.com/verify -> /v4/domains/x/verify, /v3/mg.x.com/bounces/a@b.c -> /v3/x/bounces/x.
 * Mailgun reports different windows for different families (verify: 10 calls; suppressions: 2500),
 * so a tiny window learned from one family must not throttle the others. Families reporting the
 * same limit share one window (the emulator, like an account-wide limit, counts every call against it).
 * A family that has not reported goes ahead unpaced, so a family must never be one object's: a
 * `destroy` of 2,000 resources sent its suppression and template-version deletes past the window
 * (9 answered 429) while each path counted as a family of its own.
 */
export function pathFamily(path: string): string {
  const segs = path.split("?")[0].split("/").filter((s) => s !== "");
  // Mailgun paths alternate /vN/collection/{id}/sub-collection/{id}: ids every second segment from 2.
  // Paths under a domain (/v3/{domain}/bounces/{address}, /v3/{domain}/templates/{name}/versions/{tag})
  // start with the id, from 1. A collection's name never holds a dot; a domain always does.
  const firstId = segs[1]?.includes(".") ? 1 : 2;
  return "/" + segs.map((s, i) => (i >= firstId && (i - firstId) % 2 === 0 ? "x" : s)).join("/");
}

interface Waiter {
  family: string;
  resolve(release: () => void): void;
  reject(err: unknown): void;
  done: boolean;
}

/** One rate-limit window as reported by the server, keyed by its limit. */
type Bucket = PacingState;

export class RegionPacer {
  private readonly buckets = new Map<string, Bucket>();
  /** Endpoint family -> the bucket its responses reported. */
  private readonly familyBucket = new Map<string, string>();
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private active = 0;
  private timer: NodeJS.Timeout | undefined;
  /** When a rate-limit window last held a waiting call back (epoch ms); 0 if never. */
  lastHeldAt = 0;

  constructor(
    readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits for a slot; the returned function gives it back (call it exactly once, when the attempt
   * ends). `family` (see pathFamily) picks the rate-limit window that applies.
   */
  acquire(signal?: AbortSignal, family = ""): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const w: Waiter = { family, resolve, reject, done: false };
      if (signal) {
        const onAbort = () => {
          if (w.done) return;
          w.done = true;
          const i = this.queue.indexOf(w);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        const orig = w.resolve;
        w.resolve = (rel) => {
          signal.removeEventListener("abort", onAbort);
          orig(rel);
        };
      }
      this.queue.push(w);
      this.pump();
    });
  }

  /** Learn the window from a response's headers. */
  observe(headers: HeaderBag, family = ""): void {
    this.learn(parseRateLimit(headers, this.now()), family);
  }

  /** Learn the window a response reported (observe, for headers already read). Call it before the attempt's slot is given back. */
  learn(w: RateLimitState | undefined, family = ""): void {
    if (!w) return;
    const key = String(w.limit ?? "unknown");
    this.familyBucket.set(family, key);
    let b = this.buckets.get(key);
    if (!b) {
      b = { startedSinceReport: 0, lastStartAt: 0, pausedUntil: 0 };
      this.buckets.set(key, b);
    }
    // Other requests still in flight may not be counted in this report yet: assume they are not.
    const uncounted = Math.max(0, this.active - 1);
    const cur = b.window;
    if (cur && Math.abs(cur.resetAt - w.resetAt) < 1000) {
      // A late answer from the same window can report more calls left than we already know are used.
      const known = cur.remaining - b.startedSinceReport;
      if (w.remaining - uncounted >= known) return;
    }
    b.window = w;
    b.startedSinceReport = uncounted;
    this.pump();
  }

  /**
   * After a 429: hold requests until `epochMs`. Every family sharing the reported window waits;
   * a 429 that names no window pauses the whole region.
   */
  pauseUntil(epochMs: number, family = ""): void {
    const own = this.bucketFor(family);
    if (own) own.pausedUntil = Math.max(own.pausedUntil, epochMs);
    else if (epochMs > this.pausedUntil) this.pausedUntil = epochMs;
    this.pump();
  }

  /** When a request of this family may next start (for logs and tests). */
  nextStartAt(family = ""): number {
    return this.gate(family, this.now());
  }

  get inFlight(): number {
    return this.active;
  }
  get queued(): number {
    return this.queue.length;
  }

  /**
   * A family is held only by the window its own responses reported. One that has not reported yet
   * goes ahead: it may have its own limit (as verify does), and its first answer tells.
   */
  private bucketFor(family: string): Bucket | undefined {
    const key = this.familyBucket.get(family);
    return key === undefined ? undefined : this.buckets.get(key);
  }

  private gate(family: string, now: number): number {
    const b = this.bucketFor(family);
    if (!b) return this.pausedUntil;
    if (b.window && now >= b.window.resetAt) b.window = undefined;
    return Math.max(this.pausedUntil, pacingGate(b, now));
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    let soonest = Infinity;
    for (let i = 0; i < this.queue.length && this.active < this.maxConcurrency; ) {
      const w = this.queue[i];
      if (w.done) {
        this.queue.splice(i, 1);
        continue;
      }
      const now = this.now();
      const gate = this.gate(w.family, now);
      if (gate > now) {
        // Held by its family's window: later waiters of other families may still go.
        this.lastHeldAt = now;
        soonest = Math.min(soonest, gate);
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      w.done = true;
      this.active++;
      const b = this.bucketFor(w.family);
      if (b) {
        b.lastStartAt = now;
        if (b.window) b.startedSinceReport++;
      }
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        this.active--;
        this.pump();
      });
    }
    if (soonest !== Infinity && this.queue.length > 0) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(soonest - this.now())));
    }
  }
}

/**
 * Pacers are shared per (region base URL, account key): Mailgun counts limits per account, and two
 * provider configs for the same account in one process must not each think they have the budget.
 */
export class PacerRegistry {
  private readonly pacers = new Map<string, RegionPacer>();

  get(key: string, maxConcurrency: number, now: () => number): RegionPacer {
    let p = this.pacers.get(key);
    if (!p) {
      p = new RegionPacer(maxConcurrency, now);
      this.pacers.set(key, p);
    }
    return p;
  }
}

/**
 * Kept on globalThis so that two loaded copies of this module (source and built, or two bundles of
 * the provider) still share one pacer per region and account.
 */
const REGISTRY = Symbol.for("pulumi-mailgun.pacers");
const slot = globalThis as unknown as Record<symbol, PacerRegistry | undefined>;
export const processPacers: PacerRegistry = (slot[REGISTRY] ??= new PacerRegistry());

