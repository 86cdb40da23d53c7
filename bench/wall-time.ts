/**
 * Benchmark (b): `pulumi up`, `refresh` and `destroy` of mixed stacks of Mailgun resources
 * against the emulator (in its own process, a fixed latency per request), next to the same stack
 * (same names, same dependencies, same exports) of dynamic resources that do nothing: the
 * engine's own floor. For every operation: wall time, CPU seconds and peak memory per process
 * class (engine, program, provider, language host, emulator), API calls next to the minimum; and
 * state bytes per resource after `up`. Each size runs at every `--parallel` in BENCH_PARALLEL,
 * with `mailgun:maxConcurrency` set to the same value. Results merge into
 * bench/results/wall-time.json under `cases`, keyed by size and parallelism.
 *
 *   npm run build && node bench/run.js bench/wall-time.ts
 *   BENCH_SIZES=10,100,500 BENCH_LATENCY_MS=50 BENCH_PARALLEL=8,16,32 BENCH_REPEAT=3 BENCH_EXPORT=none node bench/run.js bench/wall-time.ts
 */
import type { TestEmulator } from "../testkit/emulator";
import { envList, envNumber, machine, readResult, table, writeResult } from "./lib";
import { medianRun, mailgunRun, noopRun } from "./lifecycle";
import { minimumCalls } from "./minimum-calls";
import { ProcessClass } from "./process-sampler";
import { sizedStack } from "./sized-stack";
import { caseKey, Case, OPERATIONS, Side, SideResult, WallTimeResults } from "./wall-time-results";

export type { WallTimeResults } from "./wall-time-results";

const SIZES = envList("BENCH_SIZES", [10, 100, 500]);
const LATENCY_MS = envNumber("BENCH_LATENCY_MS", 50);
const PARALLEL = envList("BENCH_PARALLEL", [8, 16, 32]);
/** Runs per case; per operation, the run with the median wall time is kept (the machine is shared). */
const REPEAT = envNumber("BENCH_REPEAT", 1);
const EXPORT: "none" | "all" = (() => {
  const v = process.env.BENCH_EXPORT || "none";
  if (v !== "none" && v !== "all") throw new Error(`BENCH_EXPORT must be "none" or "all", got ${JSON.stringify(v)}`);
  return v;
})();

/** Mixed stacks leave domains and routes if anything; destroy must leave none. */
async function checkEmpty(emulator: TestEmulator): Promise<void> {
  const left = await emulator.state();
  if (left.us.domains.length + left.eu.domains.length + left.us.routes.length + left.eu.routes.length) throw new Error("destroy left objects behind");
}

async function measure(size: number, parallel: number): Promise<Case> {
  const specs = sizedStack(size, `wall${size}`);
  const runs: Record<Side, SideResult[]> = { mailgun: [], noop: [] };
  for (let i = 0; i < REPEAT; i++) {
    // Alternating sides spreads the shared machine's ups and downs over both.
    runs.mailgun.push(await mailgunRun(specs, { latencyMs: LATENCY_MS, parallel, export: EXPORT, checkEmpty }));
    runs.noop.push(await noopRun(specs, { parallel, export: EXPORT }));
  }
  return {
    size: specs.length,
    parallel,
    maxConcurrency: parallel,
    latencyMs: LATENCY_MS,
    export: EXPORT,
    emulator: "own process",
    repeat: REPEAT,
    minimumCalls: minimumCalls(specs),
    mailgun: medianRun(runs.mailgun),
    noop: medianRun(runs.noop),
  };
}

const CPU_COLUMNS: Array<[ProcessClass, string]> = [["engine", "eng"], ["program", "prog"], ["provider", "prov"], ["languageHost", "host"], ["emulator", "emu"], ["other", "oth"]];

function printCases(cases: Case[]): void {
  const rows: (string | number)[][] = [["size", "par", "op", "mailgun s", "no-op s", "ratio", "API calls/min", "state B/res m|n"]];
  const cpu: (string | number)[][] = [["size", "par", "op", "side", ...CPU_COLUMNS.map(([, h]) => `${h} CPU s`), ...CPU_COLUMNS.slice(0, 4).map(([, h]) => `${h} MiB`)]];
  for (const c of cases) {
    for (const op of OPERATIONS) {
      const m = c.mailgun[op];
      const n = c.noop[op];
      rows.push([c.size, c.parallel, op, (m.wallMs / 1000).toFixed(1), (n.wallMs / 1000).toFixed(1), `${(m.wallMs / n.wallMs).toFixed(2)}x`, `${m.apiCalls}/${c.minimumCalls[op]}`, op === "up" ? `${Math.round(c.mailgun.stateBytes / c.size)}|${Math.round(c.noop.stateBytes / c.size)}` : ""]);
      for (const side of ["mailgun", "noop"] as const) {
        const x = c[side][op];
        cpu.push([c.size, c.parallel, op, side, ...CPU_COLUMNS.map(([k]) => x.cpuSeconds[k].toFixed(2)), ...CPU_COLUMNS.slice(0, 4).map(([k]) => x.peakMiB[k].toFixed(0))]);
      }
    }
  }
  console.log(table(rows));
  console.log("");
  console.log(table(cpu));
}

async function main(): Promise<void> {
  const previous = readResult<WallTimeResults>("wall-time");
  const results: WallTimeResults = { ...previous, machine: machine(), cases: { ...(previous?.cases ?? {}) } };
  const measured: Case[] = [];
  for (const size of SIZES) {
    for (const parallel of PARALLEL) {
      process.stdout.write(`measuring ${size} resources, --parallel ${parallel} (mailgun:maxConcurrency ${parallel}), ${LATENCY_MS} ms latency, export ${EXPORT}, ${REPEAT} run(s)...\n`);
      const c = await measure(size, parallel);
      results.cases![caseKey(c)] = c;
      measured.push(c);
      writeResult("wall-time", results);
    }
  }
  printCases(measured);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
