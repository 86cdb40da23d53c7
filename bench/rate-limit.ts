/**
 * Benchmark (c): `pulumi up` then `destroy` of a one-region stack under Mailgun's rate limit of
 * 300 requests per minute (emulator knob rateLimit {limit: 300, windowMs: 60000}, fixed windows,
 * X-RateLimit-* headers). Reports the requests accepted in each full window as a share of the
 * limit (the last window is partial: the work ran out), the 429s, and failed operations (target 0).
 *
 *   npm run build && node bench/run.js bench/rate-limit.ts
 *   BENCH_RATE_RESOURCES=500 BENCH_LIMIT=300 BENCH_WINDOW_MS=60000 node bench/run.js bench/rate-limit.ts
 */
import { RequestLogEntry, TestEmulator } from "../testkit/emulator";
import { mailgunStack } from "../testkit/mailgun-stack";
import { envNumber, machine, timed, writeResult } from "./lib";
import { inOneRegion, sizedStack } from "./sized-stack";

const RESOURCES = envNumber("BENCH_RATE_RESOURCES", 500);
const LIMIT = envNumber("BENCH_LIMIT", 300);
const WINDOW_MS = envNumber("BENCH_WINDOW_MS", 60_000);
const LATENCY_MS = envNumber("BENCH_LATENCY_MS", 50);

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

async function main(): Promise<void> {
  const specs = inOneRegion(sizedStack(RESOURCES, "rate"), "us");
  const emulator = await TestEmulator.start({ knobs: { latencyMs: LATENCY_MS, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } } });
  const project = await mailgunStack(emulator, specs);
  const failures: string[] = [];
  try {
    const spans: Array<{ op: string; from: number; to: number; ms: number }> = [];
    for (const op of ["up", "destroy"] as const) {
      const from = Date.now();
      const { ms } = await timed(() => (op === "up" ? project.stack.up() : project.stack.destroy()).catch((e: Error) => void failures.push(`${op}: ${e.message.slice(0, 500)}`)));
      spans.push({ op, from, to: Date.now(), ms });
    }
    const log = (await emulator.requests()).filter((e) => e.region === "us");
    const windows = windowsOf(log, WINDOW_MS, spans);
    const full = windows.filter((w) => w.fullyIn);
    const share = full.length ? full.reduce((n, w) => n + w.accepted, 0) / (full.length * LIMIT) : NaN;
    const rejected429 = log.filter((e) => e.status === 429).length;
    const result = { machine: machine(), resources: specs.length, limit: LIMIT, windowMs: WINDOW_MS, latencyMs: LATENCY_MS, spans, requests: log.length, rejected429, windows, fullWindows: full.length, fullWindowShare: share, failures };
    writeResult("rate-limit", result);
    console.log(`${specs.length} resources in one region, limit ${LIMIT} requests per ${WINDOW_MS / 1000} s, ${LATENCY_MS} ms latency`);
    console.log(spans.map((s) => `${s.op} ${(s.ms / 1000).toFixed(1)} s`).join(", ") + `; ${log.length} requests, ${rejected429} answered 429`);
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
