/**
 * Benchmark (c): `pulumi up`, `refresh` and `destroy` of a one-region stack under Mailgun's rate
 * limit of 300 requests per minute (emulator knob rateLimit {limit: 300, windowMs: 60000}, fixed
 * windows, X-RateLimit-* headers). Reports per operation its time against the time the limit
 * demands for the work (the fewest calls the API needs / limit per window × window), the progress lines the provider
 * printed and the longest gap between them; the requests accepted in each full window as a share
 * of the limit (the last window is partial: the work ran out), the 429s, and failed operations.
 *
 * Each line's estimate of the time left is set against the time the operation then really took.
 * `refresh` and `destroy` run as users run them, without `--run-program`: the provider takes
 * their count of resources from the state (provider/stack-resources.ts).
 *
 *   npm run build && node bench/run.js bench/rate-limit.ts
 *   BENCH_RATE_RESOURCES=500 BENCH_LIMIT=300 BENCH_WINDOW_MS=60000 node bench/run.js bench/rate-limit.ts
 */
import { resolve } from "node:path";
import { RequestLogEntry, TestEmulator } from "../testkit/emulator";
import { mailgunStack } from "../testkit/mailgun-stack";
import { envNumber, machine, timed, writeResult, seconds } from "./lib";
import { minimumCalls } from "./minimum-calls";
import { inOneRegion, sizedStack } from "./sized-stack";

const RESOURCES = envNumber("BENCH_RATE_RESOURCES", 500);
const LIMIT = envNumber("BENCH_LIMIT", 300);
const WINDOW_MS = envNumber("BENCH_WINDOW_MS", 60_000);
const LATENCY_MS = envNumber("BENCH_LATENCY_MS", 50);

/** What one operation did under the limit. */
export interface OperationUnderLimit {
  op: "up" | "refresh" | "destroy";
  from: number;
  to: number;
  ms: number;
  calls: number;
  minimumCalls: number;
  /** minimumCalls / limit × window: what the limit demands for the work. */
  demandedMs: number;
  /** The provider's progress lines, ms after the operation started. */
  progress: Array<{ atMs: number; line: string }>;
  /** The longest time without a progress line, from the first one to the operation's end. */
  longestSilenceMs?: number;
}

const PROGRESS = /mailgun: \d+ calls made in .*/;

export interface Window {
  /** ms since the first request of the run */
  startMs: number;
  accepted: number;
  rejected429: number;
  /** The operation that was running for the whole window, if one was: only such windows show what the provider makes of the limit. */
  fullyIn?: string;
}

/**
 * Rebuilds the emulator's fixed windows from the request log (a window opens at the first request
 * after the previous one closed) and marks the windows that lie entirely inside one operation.
 */
export function windowsOf(log: RequestLogEntry[], windowMs: number, spans: Array<{ op: string; from: number; to: number }>): Window[] {
  const windows: Window[] = [];
  let current: Window | undefined;
  const t0 = log.length ? Date.parse(log[0].time) : 0;
  for (const e of log) {
    const t = Date.parse(e.time) - t0;
    if (!current || t >= current.startMs + windowMs) {
      current = { startMs: t, accepted: 0, rejected429: 0 };
      windows.push(current);
    }
    if (e.status === 429) current.rejected429++;
    else current.accepted++;
  }
  for (const w of windows) {
    const from = t0 + w.startMs;
    w.fullyIn = spans.find((s) => s.from <= from && from + windowMs <= s.to)?.op;
  }
  return windows;
}

const s = seconds;

/** The progress lines' "about N calls and 4m56s left", set against what was really left, at about a quarter, half and three quarters of the way. */
export function estimates(o: Pick<OperationUnderLimit, "ms" | "progress">): Array<{ atMs: number; share: number; saidMs: number; leftMs: number }> {
  const said = o.progress.flatMap((p) => {
    const m = / and (?:(\d+)m)?(\d+)s left$/.exec(p.line);
    return m ? [{ atMs: p.atMs, saidMs: (Number(m[1] ?? 0) * 60 + Number(m[2])) * 1000 }] : [];
  });
  return [0.25, 0.5, 0.75].flatMap((q) => {
    const e = said.find((x) => x.atMs >= q * o.ms);
    return e ? [{ ...e, share: Math.round((100 * e.atMs) / o.ms), leftMs: o.ms - e.atMs }] : [];
  });
}

async function main(): Promise<void> {
  const specs = inOneRegion(sizedStack(RESOURCES, "rate"), "us");
  const minimum = minimumCalls(specs);
  const emulator = await TestEmulator.start({ knobs: { latencyMs: LATENCY_MS, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } } });
  const project = await mailgunStack(emulator, specs);
  const failures: string[] = [];
  try {
    const ops: OperationUnderLimit[] = [];
    for (const op of ["up", "refresh", "destroy"] as const) {
      const before = (await emulator.requests()).length;
      const from = Date.now();
      const progress: OperationUnderLimit["progress"] = [];
      const onOutput = (text: string) => {
        for (const line of text.split("\n")) {
          const m = PROGRESS.exec(line);
          // The CLI prints a provider's stderr again under "Diagnostics" at the end: only the first time counts.
          if (m && !progress.some((p) => p.line === m[0])) progress.push({ atMs: Date.now() - from, line: m[0] });
        }
      };
      const run = () => (op === "up" ? project.stack.up({ onOutput }) : project.stack[op]({ onOutput }));
      const { ms } = await timed(() => run().catch((e: Error) => void failures.push(`${op}: ${e.message.slice(0, 500)}`)));
      const calls = (await emulator.requests()).length - before;
      const stamps = [...progress.map((p) => p.atMs), ms];
      const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
      ops.push({
        op, from, to: Date.now(), ms, calls, minimumCalls: minimum[op],
        demandedMs: (minimum[op] / LIMIT) * WINDOW_MS,
        progress,
        longestSilenceMs: progress.length ? Math.max(...gaps) : undefined,
      });
    }
    const log = (await emulator.requests()).filter((e) => e.region === "us");
    const spans = ops.map(({ op, from, to, ms }) => ({ op, from, to, ms }));
    const windows = windowsOf(log, WINDOW_MS, spans);
    const full = windows.filter((w) => w.fullyIn);
    const share = full.length ? full.reduce((n, w) => n + w.accepted, 0) / (full.length * LIMIT) : NaN;
    const rejected429 = log.filter((e) => e.status === 429).length;
    const result = { machine: machine(), resources: specs.length, limit: LIMIT, windowMs: WINDOW_MS, latencyMs: LATENCY_MS, spans, ops, requests: log.length, rejected429, windows, fullWindows: full.length, fullWindowShare: share, failures };
    writeResult("rate-limit", result);
    console.log(`${specs.length} resources in one region, limit ${LIMIT} requests per ${WINDOW_MS / 1000} s, ${LATENCY_MS} ms latency`);
    for (const o of ops) {
      const silence = o.longestSilenceMs === undefined ? "no progress line" : `${o.progress.length} progress lines, longest silence after the first ${(o.longestSilenceMs / 1000).toFixed(1)} s (first at ${(o.progress[0].atMs / 1000).toFixed(1)} s)`;
      console.log(`${o.op}: ${(o.ms / 1000).toFixed(1)} s for ${o.calls} calls (minimum ${o.minimumCalls}); the limit demands ${(o.demandedMs / 1000).toFixed(1)} s for the minimum: ${(o.ms / o.demandedMs).toFixed(2)}x; ${silence}`);
      if (o.progress.length) console.log(`  last line: ${o.progress[o.progress.length - 1].line}`);
      for (const e of estimates(o)) console.log(`  at ${s(e.atMs)} s (${e.share}% of the way) it said ${s(e.saidMs)} s left; ${s(e.leftMs)} s were`);
    }
    console.log(`${log.length} requests, ${rejected429} answered 429`);
    for (const [i, w] of windows.entries()) {
      const note = w.fullyIn ? `inside ${w.fullyIn}` : "spans an operation's start or end";
      console.log(`  window ${i + 1} (from ${(w.startMs / 1000).toFixed(1)} s, ${note}): ${w.accepted} accepted (${((100 * w.accepted) / LIMIT).toFixed(0)}% of the limit), ${w.rejected429} × 429`);
    }
    const shareText = full.length
      ? `${(100 * share).toFixed(1)}% of the limit`
      : "not measured (no window lay wholly inside an operation: raise BENCH_RATE_RESOURCES)";
    console.log(`throughput in the ${full.length} windows spent wholly inside an operation: ${shareText}; failed operations: ${failures.length}`);
    for (const f of failures) console.log(`  ${f}`);
  } finally {
    await project.cleanup();
    await emulator.close();
  }
}

// Run as a script (bench/run.js puts this file in argv[1]); the report imports `estimates` and runs nothing.
if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
