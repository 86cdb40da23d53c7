/**
 * Where a long run stands. A 2,000-resource `pulumi up` under Mailgun's limit of 300 calls a
 * minute takes about eight minutes, and the engine prints nothing while the provider waits for
 * the window; so once calls have gone on for `firstLineMs`, a line goes to stderr (shown by the
 * CLI) and then one every `intervalMs` while calls go on or wait (after a pause, with the first
 * call that follows it): calls made, the rate of the last minute, whether the rate limit paces
 * the run, and how many calls wait. A run whose calls end sooner prints nothing.
 *
 * Then what is left. The engine tells a provider nothing of the work to come (it steps each
 * resource at most `--parallel` ahead; an estimate from what the provider had seen was measured
 * saying "about 1s" six minutes before a 2,000-resource `up` ended), so the total is the count
 * the program declared (declared-resources.ts): calls left are the resources not yet done times
 * the calls each took so far, time left those calls at the rate of the last minute. Without a
 * program (`refresh` and `destroy` without `--run-program`, or a program in another language)
 * the line says how many resources are done, to read against the total the engine's preview
 * showed.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { declaredResources, engineAddressOfProvider } from "../declared-resources";
import { runWide } from "../run-state";

export interface ProgressOptions {
  now(): number;
  /** From the first call to the first line. */
  firstLineMs: number;
  /** Most time between two lines after that. */
  intervalMs: number;
  write(line: string): void;
  /** How many resources of each kind the operation has, when known. */
  declared?(): Record<string, number> | undefined;
}

/** The calls a step of a kind takes, before any resource of the kind has done it here. */
export type Prior = (kind: string, step: ResourceStep) => number | undefined;

/** A handler call under way: the kind it works for and the calls it has made so far. */
export interface Step {
  kind: string;
  calls: number;
}

/**
 * The handler call each API call is made for. A kind's cost counts the calls of finished steps
 * only: with eight domain deletes under way, each having made its 8 listing calls, and one done,
 * counting them all would put a domain at 64 calls.
 */
export const callsFor = new AsyncLocalStorage<Step>();

/** What finishing a resource took: a create, update or no-change diff; a read; a delete. */
export type ResourceStep = "write" | "read" | "delete";


/** Fewer resources done than this make too rough an estimate of the calls each takes. */
const ESTIMATE_AFTER = 5;

const MINUTE_MS = 60_000;
/** How long the engine may take between steps while the lines go on (a 2,000-resource stack: seconds). */
const BETWEEN_STEPS_MS = 5_000;
/** Without a call for this long, the run's calls are over. */
const QUIET_MS = 60_000;

export class CallProgress {
  private made = 0;
  private firstCallAt: number | undefined;
  private lastCallAt = 0;
  /** Attempts started (waiting for the pacer or sent) and not answered yet. */
  private pending = 0;
  /** Start times of the calls of the last minute, oldest first. */
  private readonly recent: number[] = [];
  private limit: number | undefined;
  /** The window's length, from the step between two windows' ends (Mailgun reports only the end). */
  private windowMs: number | undefined;
  private lastResetAt: number | undefined;
  private firstWindowMs: number | undefined;
  private paced = false;
  private heldAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private lastLineAt = 0;
  /** Steps finished, by step: which one the operation is doing (the prior it takes for a kind). */
  private readonly steps: Record<ResourceStep, number> = { write: 0, read: 0, delete: 0 };
  /**
   * The resources done, by kind, as ids: `refresh` reads a resource and then diffs it, and a
   * resource counts once.
   */
  private readonly done = new Map<string, Set<string>>();
  private readonly callsByKind = new Map<string, number>();
  private prior: Prior = () => undefined;
  /** Handler calls under way: the calls they made are no longer left to make. */
  private readonly active = new Set<Step>();
  constructor(private readonly options: ProgressOptions) {}

  /** An attempt starts: it waits for the pacer, then is sent. */
  attempting(): void {
    this.pending++;
    if (!this.timer) this.schedule(this.options.firstLineMs);
  }

  /**
   * An attempt was answered (or failed); `limit` is the window's size when Mailgun reported one,
   * `resetAt` when that window ends (epoch ms).
   */
  called(limit?: number, resetAt?: number): void {
    const now = this.options.now();
    this.pending = Math.max(0, this.pending - 1);
    this.made++;
    this.firstCallAt ??= now;
    this.lastCallAt = now;
    this.recent.push(now);
    if (limit !== undefined) this.limit = limit;
    if (resetAt !== undefined) this.learnWindow(resetAt);
    const step = callsFor.getStore();
    if (step) step.calls++;
  }

  /** An attempt that was never sent (aborted while it waited). */
  dropped(): void {
    this.pending = Math.max(0, this.pending - 1);
  }

  /** The rate limit held a call back (or Mailgun answered 429): the lines say the run is paced. */
  held(): void {
    this.paced = true;
    this.heldAt = this.options.now();
  }

  /** Where the estimate takes a kind's cost from before any resource of it has taken the step. */
  usePrior(prior: Prior): void {
    this.prior = prior;
  }

  private learnWindow(resetAt: number): void {
    // A later window: the shortest step seen is one window (a quiet spell skips several).
    if (this.lastResetAt !== undefined && resetAt - this.lastResetAt >= 1_000) {
      this.windowMs = Math.min(this.windowMs ?? Infinity, resetAt - this.lastResetAt);
    }
    // Until then, the first window lasts at least from the run's first call to its end.
    if (this.lastResetAt === undefined && this.firstCallAt !== undefined && resetAt - this.firstCallAt >= 1_000) {
      this.firstWindowMs = resetAt - this.firstCallAt;
    }
    if (this.lastResetAt === undefined || resetAt > this.lastResetAt) this.lastResetAt = resetAt;
  }

  /**
   * The rate the calls left will go at: the last minute's, but no faster than the limit allows
   * once it paces the run (the first minute's rate counts the burst a fresh window lets through).
   * With regions under separate limits this is the one reported last: the estimate errs long.
   */
  private rateAhead(perMinute: number): number {
    const windowMs = this.windowMs ?? this.firstWindowMs;
    if (!this.paced || this.limit === undefined || windowMs === undefined) return perMinute;
    return Math.min(perMinute, (this.limit * MINUTE_MS) / windowMs);
  }

  /** A handler call starts (its calls are counted as they are made, through callsFor). */
  started(step: Step): void {
    this.active.add(step);
  }

  /**
   * A handler call is over: its calls count towards its kind's cost. `done`: the step after which
   * resource `id` needs nothing more in this operation.
   */
  finished(step: Step, done?: { step: ResourceStep; id: string }): void {
    this.active.delete(step);
    add(this.callsByKind, step.kind, step.calls);
    if (!done) return;
    this.steps[done.step]++;
    let ids = this.done.get(step.kind);
    if (!ids) this.done.set(step.kind, (ids = new Set()));
    ids.add(done.id);
  }

  /** The line printed now, e.g. for a test or a final summary. */
  line(): string {
    const now = this.options.now();
    while (this.recent.length && this.recent[0] <= now - MINUTE_MS) this.recent.shift();
    const elapsed = now - (this.firstCallAt ?? now);
    const perMinute = elapsed >= MINUTE_MS ? this.recent.length : Math.round((this.made * MINUTE_MS) / Math.max(elapsed, 1_000));
    const limit = this.limit !== undefined ? ` (Mailgun allows ${this.limit} a window)` : "";
    const waiting = this.pending > 0 ? `; ${this.pending} waiting` : "";
    return `mailgun: ${this.made} calls made in ${duration(elapsed)}, ${perMinute}/min${now - this.heldAt < MINUTE_MS ? `, paced by the rate limit${limit}` : ""}${waiting}${this.left(perMinute)}`;
  }

  /**
   * "; 590 of 2000 resources done, about 1460 calls and 4m56s left". (`up --refresh` reads every
   * resource before it creates or updates any: its count is then spent on the reads, and the line
   * says only what is done.) Kinds cost differently (deleting a domain takes 9
   * calls, a route 1, and `destroy` deletes the domains last), so the calls left are summed kind
   * by kind: the calls each resource of the kind took so far, or before any did, the kind's prior;
   * less the calls the steps under way have made.
   */
  private left(perMinute: number): string {
    const step = (Object.keys(this.steps) as ResourceStep[]).reduce((a, b) => (this.steps[b] > this.steps[a] ? b : a));
    const kindDone = (kind: string) => this.done.get(kind)?.size ?? 0;
    let done = 0;
    for (const ids of this.done.values()) done += ids.size;
    if (done === 0) return "";
    const declared = this.options.declared?.();
    const total = declared ? Object.values(declared).reduce((a, b) => a + b, 0) : 0;
    if (!declared || total <= done) return `; ${done} resources done so far`;
    if (done < ESTIMATE_AFTER) return `; ${done} of ${total} resources done`;
    const overall = this.made / done;
    const cost = (kind: string) => {
      const n = kindDone(kind);
      return n > 0 ? (this.callsByKind.get(kind) ?? 0) / n : (this.prior(kind, step) ?? overall);
    };
    let calls = 0;
    for (const [kind, count] of Object.entries(declared)) calls += Math.max(0, count - kindDone(kind)) * cost(kind);
    // Steps under way have made part of their calls.
    for (const s of this.active) calls -= Math.min(s.calls, cost(s.kind));
    calls = Math.max(0, Math.round(calls));
    const rate = this.rateAhead(perMinute);
    const time = rate > 0 ? ` and ${duration((calls / rate) * MINUTE_MS)}` : "";
    return `; ${done} of ${total} resources done, about ${calls} calls${time} left`;
  }

  /** Stops the reporting (a test's new run). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const now = this.options.now();
      // Once lines have begun, a few seconds between calls (the engine stepping a large stack) are still the run.
      const active = this.pending > 0 || now - this.lastCallAt < (this.lastLineAt ? BETWEEN_STEPS_MS : 1_000);
      if (active) {
        this.options.write(this.line());
        this.lastLineAt = now;
        return this.schedule(this.options.intervalMs);
      }
      // A pause in the calls (the engine busy between steps) is watched, and the line follows as
      // soon as they go on; after a minute without calls the run is over, and the next attempt
      // starts the count to a first line again.
      if (now - this.lastCallAt < QUIET_MS) this.schedule(Math.max(1_000, this.lastLineAt + this.options.intervalMs - now));
    }, ms);
    this.timer.unref();
  }

  /** Forgets the run (tests play many runs in one process). */
  clear(): void {
    this.stop();
    this.made = 0;
    this.pending = 0;
    this.lastCallAt = 0;
    this.lastLineAt = 0;
    this.paced = false;
    this.heldAt = -Infinity;
    this.firstCallAt = undefined;
    this.recent.length = 0;
    this.limit = undefined;
    this.windowMs = undefined;
    this.lastResetAt = undefined;
    this.firstWindowMs = undefined;
    this.done.clear();
    this.steps.write = this.steps.read = this.steps.delete = 0;
    this.active.clear();
    this.callsByKind.clear();
  }
}

function add(counts: Map<string, number>, key: string, n = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + n);
}

function sum(counts: Map<string, number>): number {
  let n = 0;
  for (const v of counts.values()) n += v;
  return n;
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** The run's progress, shared by every client of the process. */
export const runProgress = runWide(
  new CallProgress({
    now: () => Date.now(),
    firstLineMs: 8_000,
    intervalMs: 10_000,
    write: (line) => process.stderr.write(`${line}\n`),
    declared: () => declaredResources(engineAddressOfProvider()),
  }),
);
