/**
 * Where a run stands while Mailgun's rate limit paces it. A 2,000-resource `pulumi up` under a
 * limit of 300 calls a minute takes about seven minutes, and the engine prints nothing while the
 * provider waits for the window; so once the pacer holds a call (or Mailgun answers 429), a line
 * goes to stderr (shown by the CLI) every `intervalMs` while calls go on: calls made, the rate of
 * the last minute, and, where the engine has announced the work, the calls left and the time
 * they need at that rate.
 *
 * The engine announces work to the provider only at `up` and `preview`: it checks each resource
 * before creating or updating it. `refresh` and `destroy` hand over one resource at a time, so
 * there the calls left are not known and the line says so.
 */
import { runWide } from "../run-state";

export interface ProgressOptions {
  now(): number;
  /** Most time between two lines while the run is paced. */
  intervalMs: number;
  write(line: string): void;
}

const MINUTE_MS = 60_000;

export class CallProgress {
  private made = 0;
  private firstCallAt: number | undefined;
  /** Start times of the calls of the last minute, oldest first. */
  private readonly recent: number[] = [];
  private limit: number | undefined;
  private paced = false;
  private timer: NodeJS.Timeout | undefined;
  private callsAtLastLine = -1;
  /** Operations the engine announced (a check, or a replacement's delete) and those that ended. */
  private announced = 0;
  private ended = 0;
  /** Of those, the ones that wrote (a create, update or delete): what an operation costs is the calls over these. */
  private wrote = 0;

  constructor(private readonly options: ProgressOptions) {}

  /** One attempt was sent; `limit` is the window's size when Mailgun reported one. */
  called(limit?: number): void {
    const now = this.options.now();
    this.made++;
    this.firstCallAt ??= now;
    this.recent.push(now);
    if (limit !== undefined) this.limit = limit;
  }

  /** The rate limit held a call back: from now on the run reports where it stands. */
  held(): void {
    if (this.paced) return;
    this.paced = true;
    this.schedule();
  }

  /** The engine announced `n` operations (checks at `up`, a replacement's delete). */
  announce(n = 1): void {
    this.announced += n;
  }

  /** An announced operation needs no call: a diff found no change. */
  settle(): void {
    if (this.ended < this.announced) this.ended++;
  }

  /** A create, update or delete ended, whatever its outcome. */
  finished(): void {
    this.wrote++;
    this.settle();
  }

  /** The line printed now, e.g. for a test or a final summary. */
  line(): string {
    const now = this.options.now();
    while (this.recent.length && this.recent[0] <= now - MINUTE_MS) this.recent.shift();
    const elapsed = now - (this.firstCallAt ?? now);
    const perMinute = elapsed >= MINUTE_MS ? this.recent.length : Math.round((this.made * MINUTE_MS) / Math.max(elapsed, 1_000));
    const limit = this.limit !== undefined ? ` (Mailgun allows ${this.limit} a window)` : "";
    const head = `mailgun: paced by the rate limit${limit}: ${this.made} calls made in ${duration(elapsed)}, ${perMinute}/min`;
    if (this.announced === 0) return `${head}; calls left not known (refresh and destroy hand the provider one resource at a time)`;
    const pending = this.announced - this.ended;
    // What the operations so far cost (the calls of those still running make it a slight overestimate).
    const perOperation = this.wrote > 0 ? Math.max(1, this.made / this.wrote) : 1;
    const left = Math.round(pending * perOperation);
    const eta = perMinute > 0 ? duration((left / perMinute) * MINUTE_MS) : "unknown";
    return `${head}; about ${left} calls left for ${pending} of ${this.announced} operations announced so far, about ${eta} at this rate`;
  }

  /** Stops the reporting (a test's new run). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.paced = false;
    this.callsAtLastLine = -1;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      // Quiet once the calls stop: the run ended or waits on something else than the limit.
      if (this.made === this.callsAtLastLine) return this.stop();
      this.callsAtLastLine = this.made;
      this.options.write(this.line());
      this.schedule();
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Forgets the run (tests play many runs in one process). */
  clear(): void {
    this.stop();
    this.made = 0;
    this.firstCallAt = undefined;
    this.recent.length = 0;
    this.limit = undefined;
    this.announced = 0;
    this.ended = 0;
    this.wrote = 0;
  }
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** The run's progress, shared by every client of the process. */
export const runProgress = runWide(
  new CallProgress({ now: () => Date.now(), intervalMs: 10_000, write: (line) => process.stderr.write(`${line}\n`) }),
);
