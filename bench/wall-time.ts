/**
 * Benchmark (b): wall time of `pulumi up`, `refresh` and `destroy` for mixed stacks of 10, 100
 * and 500 Mailgun resources against the emulator with 50 ms latency per request, next to the
 * same stack (same names, same dependencies) of dynamic resources that do nothing: the engine's
 * own floor. Reported as a ratio. Results merge into bench/results/wall-time.json per size.
 *
 *   npm run build && node bench/run.js bench/wall-time.ts
 *   BENCH_SIZES=10,100 BENCH_LATENCY_MS=50 node bench/run.js bench/wall-time.ts
 */
import { TestEmulator } from "../test/helpers/emulator";
import { mailgunStack } from "../test/helpers/mailgun-stack";
import { createTestProject, TestProject } from "../test/helpers/pulumi";
import { envList, envNumber, machine, readResult, table, timed, writeResult } from "./lib";
import { sizedStack } from "./sized-stack";

const SIZES = envList("BENCH_SIZES", [10, 100, 500]);
const LATENCY_MS = envNumber("BENCH_LATENCY_MS", 50);
/** Runs per size; the median of each operation is kept (small stacks are noisy on a shared machine). */
const REPEAT = envNumber("BENCH_REPEAT", 1);

export interface Timing {
  up: number;
  refresh: number;
  destroy: number;
}
export interface SizeResult {
  size: number;
  requests: number;
  mailgun: Timing;
  noop: Timing;
  latencyMs: number;
  repeat?: number;
}
export interface WallTimeResults {
  machine: ReturnType<typeof machine>;
  sizes: Record<string, SizeResult>;
}

async function lifecycle(project: TestProject): Promise<Timing> {
  const up = await timed(() => project.stack.up());
  const refresh = await timed(() => project.stack.refresh());
  const destroy = await timed(() => project.stack.destroy());
  return { up: up.ms, refresh: refresh.ms, destroy: destroy.ms };
}

async function measure(size: number): Promise<SizeResult> {
  const specs = sizedStack(size, `wall${size}`);
  const emulator = await TestEmulator.start({ knobs: { latencyMs: LATENCY_MS } });
  const mailgun = await mailgunStack(emulator, specs);
  let result: Timing;
  let requests = 0;
  try {
    result = await lifecycle(mailgun);
    requests = (await emulator.requests()).length;
    const left = await emulator.state();
    if (left.us.domains.length + left.eu.domains.length + left.us.routes.length + left.eu.routes.length) throw new Error("destroy left objects behind");
  } finally {
    await mailgun.cleanup();
    await emulator.close();
  }
  const noop = await createTestProject("noop-stack", { config: { "fixture:resources": { value: JSON.stringify(specs) } } });
  try {
    return { size: specs.length, requests, mailgun: result, noop: await lifecycle(noop), latencyMs: LATENCY_MS };
  } finally {
    await noop.cleanup();
  }
}

async function main(): Promise<void> {
  const previous = readResult<WallTimeResults>("wall-time");
  const results: WallTimeResults = { machine: machine(), sizes: { ...(previous?.sizes ?? {}) } };
  for (const size of SIZES) {
    process.stdout.write(`measuring ${size} resources...\n`);
    const runs: SizeResult[] = [];
    for (let i = 0; i < REPEAT; i++) runs.push(await measure(size));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const pick = (side: "mailgun" | "noop"): Timing => ({
      up: median(runs.map((x) => x[side].up)),
      refresh: median(runs.map((x) => x[side].refresh)),
      destroy: median(runs.map((x) => x[side].destroy)),
    });
    const r: SizeResult = { ...runs[0], mailgun: pick("mailgun"), noop: pick("noop"), repeat: REPEAT };
    results.sizes[String(size)] = r;
    writeResult("wall-time", results);
  }
  const rows: (string | number)[][] = [["resources", "operation", "mailgun s", "no-op s", "ratio", "API requests (all ops)"]];
  for (const r of Object.values(results.sizes).sort((a, b) => a.size - b.size)) {
    for (const op of ["up", "refresh", "destroy"] as const) {
      rows.push([r.size, op, (r.mailgun[op] / 1000).toFixed(1), (r.noop[op] / 1000).toFixed(1), `${(r.mailgun[op] / r.noop[op]).toFixed(2)}×`, op === "up" ? r.requests : ""]);
    }
  }
  console.log(table(rows));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
