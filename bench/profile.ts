/**
 * CPU profiles (`node --cpu-prof`) of every node process behind `pulumi up`, `refresh` and
 * `destroy` of a mixed stack (bench/sized-stack.ts), on the Mailgun side and on the no-op side
 * (the engine's floor), so what our code costs per resource can be read frame by frame. Profiles
 * of both sides are kept gzipped in bench/profiles/<label>/ (the floor's as noop-*; open one in Chrome DevTools
 * or speedscope after gunzip); the summary (sampled CPU per process, top frames and modules)
 * goes to bench/results/cpu-profile-<label>.json and the console.
 *
 *   npm run build && BENCH_PROFILE_LABEL=before node bench/run.js bench/profile.ts
 *   BENCH_PROFILE_SIZE=500 BENCH_LATENCY_MS=50 BENCH_PARALLEL=8 ...
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { TestEmulator } from "../testkit/emulator";
import { mailgunStack, ResourceSpec, setFixtureResources } from "../testkit/mailgun-stack";
import { createTestProject, repoRoot, TestProject } from "../testkit/pulumi";
import { summarize, ProfileSummary } from "./cpu-profile";
import { spawnEmulator } from "./emulator-process";
import { envNumber, machine, table, writeResult } from "./lib";
import { sizedStack } from "./sized-stack";
import { OPERATIONS, Operation } from "./wall-time-results";

const SIZE = envNumber("BENCH_PROFILE_SIZE", 200);
const LATENCY_MS = envNumber("BENCH_LATENCY_MS", 50);
const PARALLEL = envNumber("BENCH_PARALLEL", 8);
const LABEL = process.env.BENCH_PROFILE_LABEL || "current";
const TOP = 15;

type Side = "mailgun" | "noop";

interface OpProfiles {
  side: Side;
  op: Operation;
  processes: Array<Omit<ProfileSummary, "frames" | "modules"> & { frames: Array<[string, number]>; modules: Array<[string, number]> }>;
}

/** Runs one operation with every node process under the CLI writing a CPU profile into `dir`. */
async function profiled(project: TestProject, op: Operation, dir: string): Promise<ProfileSummary[]> {
  fs.mkdirSync(dir, { recursive: true });
  const before = process.env.NODE_OPTIONS;
  // The CLI passes its environment to the language host, which passes it to the program and the provider;
  // the engine stops the provider with SIGINT, which would end it before its profile is written.
  process.env.NODE_OPTIONS = `${before ?? ""} --require ${path.join(__dirname, "exit-on-sigint.js")} --cpu-prof --cpu-prof-dir=${dir}`.trim();
  try {
    await project.stack[op]({ parallel: PARALLEL });
  } finally {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  }
  return fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => summarize(path.join(dir, f)));
}

async function lifecycle(side: Side, project: TestProject, scratch: string, keep: string | undefined): Promise<OpProfiles[]> {
  const out: OpProfiles[] = [];
  for (const op of OPERATIONS) {
    const dir = path.join(scratch, `${side}-${op}`);
    const summaries = await profiled(project, op, dir);
    out.push({ side, op, processes: summaries.map((s) => ({ ...s, frames: s.frames.slice(0, 40), modules: s.modules.slice(0, 25) })) });
    if (keep) {
      for (const s of summaries) {
        if (s.processClass !== "program" && s.processClass !== "provider") continue;
        const target = path.join(keep, `${side === "noop" ? "noop-" : ""}${op}-${s.processClass}.cpuprofile.gz`);
        fs.writeFileSync(target, zlib.gzipSync(fs.readFileSync(path.join(dir, s.file)), { level: 9 }));
      }
    }
  }
  return out;
}

async function mailgunSide(specs: ResourceSpec[], scratch: string, keep: string): Promise<OpProfiles[]> {
  const { emulator } = await spawnEmulator({ latencyMs: LATENCY_MS });
  try {
    const project = await mailgunStack(emulator as TestEmulator, specs);
    try {
      await project.stack.setAllConfig({ "mailgun:maxConcurrency": { value: String(PARALLEL) }, "fixture:export": { value: "none" } });
      return await lifecycle("mailgun", project, scratch, keep);
    } finally {
      await project.cleanup();
    }
  } finally {
    await emulator.close();
  }
}

async function noopSide(specs: ResourceSpec[], scratch: string, keep: string): Promise<OpProfiles[]> {
  const project = await createTestProject("noop-stack", { config: { "fixture:export": { value: "none" } } });
  try {
    await setFixtureResources(project, specs);
    return await lifecycle("noop", project, scratch, keep);
  } finally {
    await project.cleanup();
  }
}

async function main(): Promise<void> {
  const specs = sizedStack(SIZE, `prof${SIZE}`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pm-profile-"));
  const keep = path.join(repoRoot, "bench", "profiles", LABEL);
  fs.rmSync(keep, { recursive: true, force: true });
  fs.mkdirSync(keep, { recursive: true });
  try {
    const ops = [...(await mailgunSide(specs, scratch, keep)), ...(await noopSide(specs, scratch, keep))];
    const rows: (string | number)[][] = [["side", "op", "process", "sampled CPU ms", "ms/resource"]];
    for (const o of ops) for (const p of o.processes) rows.push([o.side, o.op, p.processClass, p.cpuMs.toFixed(0), (p.cpuMs / specs.length).toFixed(2)]);
    console.log(`${specs.length} resources, ${LATENCY_MS} ms per request, --parallel ${PARALLEL}\n`);
    console.log(table(rows));
    for (const o of ops.filter((x) => x.side === "mailgun")) {
      for (const p of o.processes.filter((x) => x.processClass === "program" || x.processClass === "provider")) {
        console.log(`\n${o.op} ${p.processClass}: top modules`);
        console.log(table([["module", "self ms"], ...p.modules.slice(0, 10).map(([m, ms]) => [m, ms.toFixed(0)])]));
        console.log(`${o.op} ${p.processClass}: top frames`);
        console.log(table([["frame", "self ms"], ...p.frames.slice(0, TOP).map(([f, ms]) => [f, ms.toFixed(0)])]));
      }
    }
    const file = writeResult(`cpu-profile-${LABEL}`, { machine: machine(), size: specs.length, latencyMs: LATENCY_MS, parallel: PARALLEL, label: LABEL, ops });
    console.log(`\nwrote ${path.relative(repoRoot, file)} and ${path.relative(repoRoot, keep)}/`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
