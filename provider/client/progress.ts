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
 * the calls each took so far (resources-left.ts); time left the longer of those calls at the
 * limit's rate and the resources left at the last minute's pace (see `left`). `refresh` and
 * `destroy` run no program (unless given `--run-program`): their total is the state's, read
 * through the CLI that runs the operation (stack-resources.ts). Where neither is known (an `up`
 * of a program in another language, or off Linux for `refresh` and `destroy`) the line says how
 * many resources are done.
 */
import { CheckedResources, declaredResources, engineAddressOfProvider } from "../declared-resources";
import { runWide } from "../run-state";
import { idsByKind, sameProvider, StateResources } from "../stack-resources";
import type { RateLimitState } from "./rate-headers";
import { callsFor, ResourcesLeft } from "./resources-left";
import { showLine } from "../user-lines";

export interface ProgressOptions {
  now(): number;
  /** From the first call to the first line. */
  firstLineMs: number;
  /** Most time between two lines after that. */
  intervalMs: number;
  write(line: string): void;
  /** How many resources of each kind the operation has, when known (the program's count, or the state's). */
  declared?(): Record<string, number> | undefined;
}

const MINUTE_MS = 60_000;
/** How long the engine may take between steps while the lines go on (a 2,000-resource stack: seconds). */
const BETWEEN_STEPS_MS = 5_000;
/** Without a call for this long, the run's calls are over. */
const QUIET_MS = 60_000;

export class CallProgress {
  private made = 0;
  /** Attempts answered 429 (counted in `made` too). */
  private refused = 0;
  private firstCallAt: number | undefined;
  private lastCallAt = 0;
  /** Attempts started (waiting for the pacer or sent) and not answered yet. */
  private pending = 0;
  /** Start times of the calls of the last minute, oldest first. */
  private readonly recent: number[] = [];
  /** When each resource of the last minute was done, oldest first. */
  private readonly recentDone: number[] = [];
  private limit: number | undefined;
  /** The window's length, from the step between two windows' ends (Mailgun reports only the end). */
  private windowMs: number | undefined;
  private lastResetAt: number | undefined;
  /** The calls the window ending at lastResetAt still had, as its last answer said. */
  private windowRemaining: number | undefined;
  private firstWindowMs: number | undefined;
  /** When the rate limit last held a call back (the run is paced from the first one). */
  private heldAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private lastLineAt = 0;
  /** The handlers tell it each resource done and the calls each step made. */
  readonly resources = new ResourcesLeft(() => this.recentDone.push(this.options.now()));
  constructor(private readonly options: ProgressOptions) {}

  /** An attempt starts: it waits for the pacer, then is sent. */
  attempting(): void {
    this.pending++;
    if (!this.timer) this.schedule(this.options.firstLineMs);
  }

  /**
   * An attempt was answered (or failed); `window` is the rate-limit window its answer reported
   * (its size, when it ends, the calls it has left); `refused`: the answer was a 429 (the call
   * goes again after the wait).
   */
  called(window?: Partial<RateLimitState>, refused = false): void {
    const { limit, resetAt, remaining } = window ?? {};
    const now = this.options.now();
    this.pending = Math.max(0, this.pending - 1);
    this.made++;
    if (refused) this.refused++;
    this.firstCallAt ??= now;
    this.lastCallAt = now;
    this.recent.push(now);
    if (limit !== undefined) this.limit = limit;
    if (resetAt !== undefined) this.learnWindow(resetAt, remaining);
    const step = callsFor.getStore();
    if (step) step.calls++;
  }

  /** An attempt that was never sent (aborted while it waited). */
  dropped(): void {
    this.pending = Math.max(0, this.pending - 1);
  }

  /** The rate limit held a call back (or Mailgun answered 429): the lines say the run is paced. */
  held(): void {
    // A paced run is a long one: asking for the count at its first hold starts the state's read
    // (a moment's work in the background) in time for the first line.
    if (this.heldAt === -Infinity) this.options.declared?.();
    this.heldAt = this.options.now();
  }

  private learnWindow(resetAt: number, remaining: number | undefined): void {
    // Answers of one window arrive out of order: the fewest it said it had left is the latest.
    if (remaining !== undefined && (this.lastResetAt === undefined || resetAt > this.lastResetAt)) this.windowRemaining = remaining;
    else if (remaining !== undefined && resetAt === this.lastResetAt) this.windowRemaining = Math.min(this.windowRemaining ?? remaining, remaining);
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
   * The rate the calls left will go at: the last minute's, or once the limit paces the run, the
   * limit's (the first minute's rate counts the burst a fresh window lets through; a slower one
   * is the engine's, which the resources' pace accounts for, see `left`). With regions under
   * separate limits this is the one reported last: the estimate errs long.
   */
  private rateAhead(perMinute: number): number {
    const windowMs = this.windowMs ?? this.firstWindowMs;
    if (this.heldAt === -Infinity || this.limit === undefined || windowMs === undefined) return perMinute;
    return (this.limit * MINUTE_MS) / windowMs;
  }

  /**
   * Windows are fixed: once the limit paces the run and the calls left are more than the window
   * has left, those beyond it wait for the window's end before the limit's rate applies to them.
   * Left out, a refresh whose calls began in a window the `up` before it had nearly spent said
   * 9 s left where 58 s were (48 calls at 300 a minute, 46 s before the window opened again).
   */
  private callsTime(callsLeft: number, rate: number): number {
    const now = this.options.now();
    const remaining = this.windowRemaining;
    const waits = this.heldAt !== -Infinity && remaining !== undefined && this.lastResetAt !== undefined && this.lastResetAt > now && callsLeft > remaining;
    return waits ? this.lastResetAt! - now + ((callsLeft - remaining) / rate) * MINUTE_MS : (callsLeft / rate) * MINUTE_MS;
  }

  /** The line printed now, e.g. for a test or a final summary. */
  line(): string {
    const now = this.options.now();
    dropBefore(this.recent, now - MINUTE_MS);
    dropBefore(this.recentDone, now - MINUTE_MS);
    const elapsed = now - (this.firstCallAt ?? now);
    const perMinute = elapsed >= MINUTE_MS ? this.recent.length : Math.round((this.made * MINUTE_MS) / Math.max(elapsed, 1_000));
    const limit = this.limit !== undefined ? ` (Mailgun allows ${this.limit} a window)` : "";
    const waiting = this.pending > 0 ? `; ${this.pending} waiting` : "";
    // Calls made count every attempt; the ones Mailgun refused say so (another client of the account, or a window smaller than the calls under way).
    const refused = this.refused > 0 ? ` (${this.refused} answered 429)` : "";
    return `mailgun: ${this.made} calls made in ${duration(elapsed)}${refused}, ${perMinute}/min${now - this.heldAt < MINUTE_MS ? `, paced by the rate limit${limit}` : ""}${waiting}${this.left(perMinute, elapsed)}`;
  }

  /**
   * "; 590 of 2000 resources done, about 1460 calls and 4m56s left" (resources-left.ts). The time
   * is the longer of two: the calls left at the rate ahead, and (after a minute) the resources left
   * at the pace of the last minute's. Either alone was measured wrong on 2,000 resources under 300
   * calls a minute: the calls at the limit said 162 s left when 225 s were, at an `up` whose engine
   * stepped the stack slower than the limit allows; the last minute's call rate said 1233 s when
   * 778 s were, at a `destroy` whose one-call leaves went at the engine's pace and whose 9-call
   * domains came last, at the limit's.
   */
  private left(perMinute: number, elapsed: number): string {
    const { done, total, callsLeft } = this.resources.estimate(this.made, this.options.declared?.());
    if (done === 0) return "";
    if (total === undefined) return `; ${done} resources done so far`;
    if (callsLeft === undefined) return `; ${done} of ${total} resources done`;
    const rate = this.rateAhead(perMinute);
    const forCalls = rate > 0 ? this.callsTime(callsLeft, rate) : undefined;
    const pace = elapsed >= MINUTE_MS ? this.recentDone.length : 0;
    const forResources = pace > 0 ? ((total - done) / pace) * MINUTE_MS : 0;
    const time = forCalls !== undefined ? ` and ${duration(Math.max(forCalls, forResources))}` : "";
    return `; ${done} of ${total} resources done, about ${callsLeft} calls${time} left`;
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
    this.refused = 0;
    this.pending = 0;
    this.lastCallAt = 0;
    this.lastLineAt = 0;
    this.heldAt = -Infinity;
    this.firstCallAt = undefined;
    this.recent.length = 0;
    this.recentDone.length = 0;
    this.limit = undefined;
    this.windowMs = undefined;
    this.lastResetAt = undefined;
    this.windowRemaining = undefined;
    this.firstWindowMs = undefined;
    this.resources.clear();
  }
}

/** Drops the times up to `since` from a list of times, oldest first. */
function dropBefore(times: number[], since: number): void {
  while (times.length && times[0] <= since) times.shift();
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

const stateResources = runWide(new StateResources());

/** The resources the engine checks in this run (the plugin tells): the count when there is no other. */
export const checkedResources = runWide(new CheckedResources());

/** The run's progress, shared by every client of the process. */
export const runProgress: CallProgress = runWide(
  new CallProgress({
    now: () => Date.now(),
    firstLineMs: 8_000,
    intervalMs: 10_000,
    write: showLine,
    declared: () => {
      const declared = declaredResources(engineAddressOfProvider());
      if (declared) return declared;
      const inState = stateResources.current();
      // The state's resources this process serves: one plugin process per provider resource.
      if (inState) return runProgress.resources.countWith(idsByKind(sameProvider(inState, runProgress.resources.doneResources()) ?? inState));
      return checkedResources.counts();
    },
  }),
);
