/**
 * Pacing per region, shared by every resource in the provider process. Pulumi runs many
 * operations in parallel in one Node process; without a shared gate a large `pulumi up` bursts
 * through Mailgun's per-account limit and fails with 429s. The pacer caps requests in flight and,
 * when responses report a rate-limit window, spreads the calls that remain over the time left
 * until the window resets. After a 429 the whole region pauses until the reset.
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
 * Earliest instant (epoch ms) the next request may start: after any pause, and at least
 * (time to reset / calls remaining) after the previous start; at the reset when none remain.
 */
export function pacingGate(s: PacingState, nowMs: number): number {
  let gate = s.pausedUntil;
  const w = s.window;
  if (w && nowMs < w.resetAt) {
    const left = w.remaining - s.startedSinceReport;
    if (left <= 0) gate = Math.max(gate, w.resetAt);
    else gate = Math.max(gate, s.lastStartAt + (w.resetAt - nowMs) / left);
  }
  return gate;
}

interface Waiter {
  resolve(release: () => void): void;
  reject(err: unknown): void;
  done: boolean;
}

export class RegionPacer {
  private readonly state: PacingState = { startedSinceReport: 0, lastStartAt: 0, pausedUntil: 0 };
  private readonly queue: Waiter[] = [];
  private active = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a slot; the returned function gives it back (call it exactly once, when the attempt ends). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const w: Waiter = { resolve, reject, done: false };
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
  observe(headers: HeaderBag): void {
    const now = this.now();
    const w = parseRateLimit(headers, now);
    if (!w) return;
    // Other requests still in flight may not be counted in this report yet: assume they are not.
    const uncounted = Math.max(0, this.active - 1);
    const cur = this.state.window;
    if (cur && Math.abs(cur.resetAt - w.resetAt) < 1000) {
      // A late answer from the same window can report more calls left than we already know are used.
      const known = cur.remaining - this.state.startedSinceReport;
      if (w.remaining - uncounted >= known) return;
    }
    this.state.window = w;
    this.state.startedSinceReport = uncounted;
    this.pump();
  }

  /** Hold every request of the region until `epochMs` (after a 429). */
  pauseUntil(epochMs: number): void {
    if (epochMs > this.state.pausedUntil) this.state.pausedUntil = epochMs;
    this.pump();
  }

  /** When the region may next start a request (for logs and tests). */
  nextStartAt(): number {
    return pacingGate(this.state, this.now());
  }

  get inFlight(): number {
    return this.active;
  }
  get queued(): number {
    return this.queue.length;
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0 && this.active < this.maxConcurrency) {
      const now = this.now();
      if (this.state.window && now >= this.state.window.resetAt) this.state.window = undefined;
      const gate = pacingGate(this.state, now);
      if (gate > now) {
        this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(gate - now)));
        return;
      }
      const w = this.queue.shift()!;
      if (w.done) continue;
      w.done = true;
      this.active++;
      this.state.lastStartAt = now;
      if (this.state.window) this.state.startedSinceReport++;
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        this.active--;
        this.pump();
      });
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

