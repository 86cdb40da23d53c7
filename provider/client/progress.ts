/**
 * Where a long run stands. A 2,000-resource `pulumi up` under Mailgun's limit of 300 calls a
 * minute takes about seven minutes, and the engine prints nothing while the provider waits for
 * the window; so once calls have gone on for `firstLineMs`, a line goes to stderr (shown by the
 * CLI) and then one every `intervalMs` while calls go on or wait: calls made, the rate of the last
 * minute, whether the rate limit paces the run, and how many calls wait. A run whose calls end
 * sooner prints nothing.
 *
 * No estimate of the calls left: the engine tells a provider nothing of the work to come. It
 * checks each resource only when it steps it, at most `--parallel` ahead, and `refresh` and
 * `destroy` hand over one resource at a time; an estimate from what the provider has seen was
 * measured saying "about 1s" six minutes before a 2,000-resource `up` ended.
 */
import { runWide } from "../run-state";

export interface ProgressOptions {
  now(): number;
  /** From the first call to the first line. */
  firstLineMs: number;
  /** Most time between two lines after that. */
  intervalMs: number;
  write(line: string): void;
}

const MINUTE_MS = 60_000;

export class CallProgress {
  private made = 0;
  private firstCallAt: number | undefined;
  private lastCallAt = 0;
  /** Attempts started (waiting for the pacer or sent) and not answered yet. */
  private pending = 0;
  /** Start times of the calls of the last minute, oldest first. */
  private readonly recent: number[] = [];
  private limit: number | undefined;
  private paced = false;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly options: ProgressOptions) {}

  /** An attempt starts: it waits for the pacer, then is sent. */
  attempting(): void {
    this.pending++;
    if (!this.timer) this.schedule(this.options.firstLineMs);
  }

  /** An attempt was answered (or failed); `limit` is the window's size when Mailgun reported one. */
  called(limit?: number): void {
    const now = this.options.now();
    this.pending = Math.max(0, this.pending - 1);
    this.made++;
    this.firstCallAt ??= now;
    this.lastCallAt = now;
    this.recent.push(now);
    if (limit !== undefined) this.limit = limit;
  }

  /** An attempt that was never sent (aborted while it waited). */
  dropped(): void {
    this.pending = Math.max(0, this.pending - 1);
  }

  /** The rate limit held a call back (or Mailgun answered 429): the lines say the run is paced. */
  held(): void {
    this.paced = true;
  }

  /** The line printed now, e.g. for a test or a final summary. */
  line(): string {
    const now = this.options.now();
    while (this.recent.length && this.recent[0] <= now - MINUTE_MS) this.recent.shift();
    const elapsed = now - (this.firstCallAt ?? now);
    const perMinute = elapsed >= MINUTE_MS ? this.recent.length : Math.round((this.made * MINUTE_MS) / Math.max(elapsed, 1_000));
    const limit = this.limit !== undefined ? ` (Mailgun allows ${this.limit} a window)` : "";
    const waiting = this.pending > 0 ? `; ${this.pending} waiting` : "";
    return `mailgun: ${this.made} calls made in ${duration(elapsed)}, ${perMinute}/min${this.paced ? `, paced by the rate limit${limit}` : ""}${waiting}`;
  }

  /** Stops the reporting (a test's new run). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Quiet once the run's calls are over; the next attempt starts the count to a line again.
      const active = this.pending > 0 || this.options.now() - this.lastCallAt < 1_000;
      if (!active) return;
      this.options.write(this.line());
      this.schedule(this.options.intervalMs);
    }, ms);
    this.timer.unref();
  }

  /** Forgets the run (tests play many runs in one process). */
  clear(): void {
    this.stop();
    this.made = 0;
    this.pending = 0;
    this.lastCallAt = 0;
    this.paced = false;
    this.firstCallAt = undefined;
    this.recent.length = 0;
    this.limit = undefined;
  }
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** The run's progress, shared by every client of the process. */
export const runProgress = runWide(
  new CallProgress({ now: () => Date.now(), firstLineMs: 8_000, intervalMs: 10_000, write: (line) => process.stderr.write(`${line}\n`) }),
);
