/**
 * Benchmark (f): linearity. A stack shaped like a large account (bench/large-account.ts, every
 * kind) at each size of BENCH_SIZES (200 and 2,000) through `up`, a no-change `preview`,
 * `refresh` and `destroy`, on the Mailgun side (emulator in its own process, a fixed latency per
 * request) and on the no-op side (the engine's floor, same names and dependencies): per
 * resource, wall time, CPU (program + provider), API calls and state bytes, so the figures at
 * 2,000 compare with those at 200 (target: within 1.2x) and a growth that is the engine's shows on
 * the floor too. Results go to bench/results/linearity.json.
 *
 *   npm run build && node bench/run.js bench/linearity.ts
 *   BENCH_SIZES=200,2000 BENCH_LATENCY_MS=50 BENCH_PARALLEL=16 node bench/run.js bench/linearity.ts
 */
import { TestEmulator } from "../testkit/emulator";
import { mailgunStack, ResourceSpec, setFixtureResources } from "../testkit/mailgun-stack";
import { createTestProject, TestProject } from "../testkit/pulumi";
import { spawnEmulator } from "./emulator-process";
import { envList, envNumber, machine, readResult, table, timed, writeResult } from "./lib";
import { largeAccountStack, verifiedDomain } from "./large-account";
import { ProcessSampler } from "./process-sampler";

const SIZES = envList("BENCH_SIZES", [200, 2000]);
const LATENCY_MS = envNumber("BENCH_LATENCY_MS", 50);
const PARALLEL = envNumber("BENCH_PARALLEL", 16);
/**
 * "mailgun" measures only the Mailgun side and keeps the no-op side of the previous results at the
 * same size: the floor does not run this package's code, and at 2,000 resources it takes 15 minutes.
 */
const SIDES = process.env.BENCH_SIDES === "mailgun" ? "mailgun" : "both";

export const LINEAR_OPS = ["up", "preview", "refresh", "destroy"] as const;
export type LinearOp = (typeof LINEAR_OPS)[number];

export interface LinearMeasure {
  wallMs: number;
  /** Program + provider CPU seconds (the processes that run this package's code, or the no-op's). */
  cpuSeconds: number;
  providerPeakMiB: number;
  apiCalls?: number;
  /** Writes among the calls (a no-change preview must make none). */
  apiWrites?: number;
}

export interface LinearSide {
  ops: Record<LinearOp, LinearMeasure>;
  stateBytes: number;
}

export interface LinearCase {
  size: number;
  kinds: Record<string, number>;
  mailgun: LinearSide;
  noop: LinearSide;
  /** When the no-op side was measured, if in an earlier run than the Mailgun side (BENCH_SIDES=mailgun). */
  noopMeasuredAt?: string;
  /** Sum over the resources of the fewest calls one resource's operation needs (bench/results/api-calls.json). */
  singleMinimum?: Partial<Record<LinearOp, number>>;
}

export interface LinearityResults {
  machine: ReturnType<typeof machine>;
  latencyMs: number;
  parallel: number;
  cases: LinearCase[];
}

interface Counter {
  clear(): Promise<void>;
  count(): Promise<{ calls: number; writes: number }>;
}

async function measure(project: TestProject, op: LinearOp, counter?: Counter): Promise<LinearMeasure> {
  await counter?.clear();
  const sampler = new ProcessSampler([process.pid]);
  sampler.start();
  let wallMs: number;
  let usage;
  try {
    wallMs = (
      await timed(async () => {
        if (op === "preview") {
          const r = await project.stack.preview({ parallel: PARALLEL });
          const changed = Object.entries(r.changeSummary).filter(([k, n]) => k !== "same" && n > 0);
          if (changed.length) throw new Error(`the no-change preview shows changes: ${JSON.stringify(r.changeSummary)}`);
        } else {
          await project.stack[op]({ parallel: PARALLEL });
        }
      })
    ).ms;
  } finally {
    usage = sampler.stop();
  }
  const counted = counter ? await counter.count() : undefined;
  return {
    wallMs,
    cpuSeconds: usage.cpuSeconds.program + usage.cpuSeconds.provider,
    providerPeakMiB: usage.peakMiB.provider,
    apiCalls: counted?.calls,
    apiWrites: counted?.writes,
  };
}

async function lifecycle(project: TestProject, counter?: Counter): Promise<LinearSide> {
  const ops = {} as Record<LinearOp, LinearMeasure>;
  let stateBytes = 0;
  for (const op of LINEAR_OPS) {
    ops[op] = await measure(project, op, counter);
    if (op === "up") stateBytes = Buffer.byteLength(project.rawState());
    console.error(`  ${op}: ${(ops[op].wallMs / 1000).toFixed(1)} s${ops[op].apiCalls === undefined ? "" : `, ${ops[op].apiCalls} calls`}`);
  }
  return { ops, stateBytes };
}

async function mailgunSide(specs: ResourceSpec[], tag: string): Promise<LinearSide> {
  const { emulator } = await spawnEmulator({ latencyMs: LATENCY_MS });
  try {
    // The domain the DomainVerification checks, made by hand with its DNS published.
    await emulator.api("us", "POST", "/v4/domains", { name: verifiedDomain(tag) });
    await emulator.dns(verifiedDomain(tag), true);
    await emulator.api("us", "PUT", `/v4/domains/${verifiedDomain(tag)}/verify`);
    const project = await mailgunStack(emulator as TestEmulator, specs, { secrets: { password: "smtp-Secret-4711" } });
    try {
      await project.stack.setAllConfig({ "mailgun:maxConcurrency": { value: String(PARALLEL) }, "fixture:export": { value: "none" } });
      const counter: Counter = {
        clear: () => emulator.clearRequests(),
        count: async () => {
          const log = await emulator.requests();
          return { calls: log.length, writes: log.filter((e) => e.method !== "GET").length };
        },
      };
      const side = await lifecycle(project, counter);
      const left = await emulator.state();
      const domainsLeft = [...left.us.domains, ...left.eu.domains].map((d: { name: string }) => d.name).filter((n: string) => n !== verifiedDomain(tag));
      if (domainsLeft.length || left.us.routes.length || left.eu.routes.length) throw new Error(`destroy left objects behind: ${domainsLeft.join(", ")}`);
      return side;
    } finally {
      await project.cleanup();
    }
  } finally {
    await emulator.close();
  }
}

async function noopSide(specs: ResourceSpec[]): Promise<LinearSide> {
  const project = await createTestProject("noop-stack", { config: { "fixture:export": { value: "none" } } });
  try {
    await setFixtureResources(project, specs);
    return await lifecycle(project);
  } finally {
    await project.cleanup();
  }
}

/** The fewest calls each resource's operation needs alone, summed (shared listings can make a run need fewer). */
function singleMinimum(specs: ResourceSpec[]): LinearCase["singleMinimum"] {
  const api = readResult<{ rows: Array<{ kind: string; op: string; minimum: number }> }>("api-calls");
  if (!api) return undefined;
  const of = (op: string) => specs.reduce((n, s) => n + (api.rows.find((r) => r.kind === s.kind && r.op === op)?.minimum ?? 0), 0);
  return { up: of("create"), preview: 0, refresh: of("read"), destroy: of("delete") };
}

async function main(): Promise<void> {
  const cases: LinearCase[] = [];
  const previous = readResult<LinearityResults>("linearity");
  for (const size of SIZES) {
    const tag = `lin${size}`;
    const specs = largeAccountStack(size, tag);
    const kinds: Record<string, number> = {};
    for (const s of specs) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
    console.error(`${specs.length} resources (${Object.keys(kinds).length} kinds), Mailgun side:`);
    const mailgun = await mailgunSide(specs, tag);
    const earlier = previous?.cases.find((c) => c.size === specs.length);
    if (SIDES === "mailgun" && !earlier) throw new Error(`BENCH_SIDES=mailgun needs an earlier run at ${specs.length} resources in bench/results/linearity.json`);
    console.error("no-op side:");
    const noop = SIDES === "mailgun" ? earlier!.noop : await noopSide(specs);
    const noopMeasuredAt = SIDES === "mailgun" ? earlier!.noopMeasuredAt ?? String(previous!.machine.date) : undefined;
    cases.push({ size: specs.length, kinds, mailgun, noop, ...(noopMeasuredAt ? { noopMeasuredAt } : {}), singleMinimum: singleMinimum(specs) });
  }
  const results: LinearityResults = { machine: machine(), latencyMs: LATENCY_MS, parallel: PARALLEL, cases };
  writeResult("linearity", results);
  const rows: (string | number)[][] = [["size", "op", "mailgun s", "no-op s", "ratio", "ms/res m|n", "CPU ms/res m|n", "calls", "calls/res", "prov MiB m|n"]];
  for (const c of cases) {
    for (const op of LINEAR_OPS) {
      const m = c.mailgun.ops[op];
      const n = c.noop.ops[op];
      rows.push([
        c.size, op, (m.wallMs / 1000).toFixed(1), (n.wallMs / 1000).toFixed(1), (m.wallMs / n.wallMs).toFixed(2),
        `${(m.wallMs / c.size).toFixed(1)}|${(n.wallMs / c.size).toFixed(1)}`,
        `${((1000 * m.cpuSeconds) / c.size).toFixed(1)}|${((1000 * n.cpuSeconds) / c.size).toFixed(1)}`,
        `${m.apiCalls}${m.apiWrites ? ` (${m.apiWrites} writes)` : ""}`, ((m.apiCalls ?? 0) / c.size).toFixed(2),
        `${m.providerPeakMiB.toFixed(0)}|${n.providerPeakMiB.toFixed(0)}`,
      ]);
    }
    rows.push([c.size, "state B/res", Math.round(c.mailgun.stateBytes / c.size), Math.round(c.noop.stateBytes / c.size), "", "", "", "", "", ""]);
  }
  console.log(table(rows));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
