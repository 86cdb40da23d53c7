/**
 * One measured lifecycle (`up`, `refresh`, `destroy`) of a fixture stack, on the Mailgun side
 * against the emulator in its own process and on the no-op side (the engine's floor): wall time,
 * CPU and peak memory per process class, API calls from the emulator's log, state bytes after `up`.
 * Shared by bench/wall-time.ts (mixed stacks) and bench/list-members.ts (one list's members).
 */
import { TestEmulator } from "../testkit/emulator";
import { mailgunStack, ResourceSpec, setFixtureResources } from "../testkit/mailgun-stack";
import { createTestProject, TestProject } from "../testkit/pulumi";
import { spawnEmulator } from "./emulator-process";
import { timed } from "./lib";
import { ProcessSampler, ProcessUsage } from "./process-sampler";
import { Operation, OpMeasure, SideResult } from "./wall-time-results";

/** The emulator's request log, cleared before and counted after each operation. */
interface CallCounter {
  clear(): Promise<void>;
  count(): Promise<number>;
}

export interface LifecycleOptions {
  latencyMs: number;
  parallel: number;
  /** fixture:export, the same on both sides so both pay the same for exported outputs. */
  export: "none" | "all";
  /** Throws when `destroy` left an object of the stack at the emulator. */
  checkEmpty(emulator: TestEmulator): Promise<void>;
}

async function runOperation(project: TestProject, op: Operation, parallel: number, emulatorCalls?: CallCounter): Promise<OpMeasure> {
  await emulatorCalls?.clear();
  const sampler = new ProcessSampler([process.pid]);
  sampler.start();
  let usage: ProcessUsage;
  let ms: number;
  try {
    ms = (await timed(() => project.stack[op]({ parallel }))).ms;
  } finally {
    usage = sampler.stop();
  }
  return { wallMs: ms, ...usage, apiCalls: emulatorCalls ? await emulatorCalls.count() : undefined };
}

async function lifecycle(project: TestProject, parallel: number, emulatorCalls?: CallCounter): Promise<SideResult> {
  const up = await runOperation(project, "up", parallel, emulatorCalls);
  const stateBytes = Buffer.byteLength(project.rawState());
  const refresh = await runOperation(project, "refresh", parallel, emulatorCalls);
  const destroy = await runOperation(project, "destroy", parallel, emulatorCalls);
  return { up, refresh, destroy, stateBytes };
}

export async function mailgunRun(specs: ResourceSpec[], o: LifecycleOptions): Promise<SideResult> {
  const { emulator } = await spawnEmulator({ latencyMs: o.latencyMs });
  try {
    const project = await mailgunStack(emulator, specs);
    try {
      await project.stack.setAllConfig({ "mailgun:maxConcurrency": { value: String(o.parallel) }, "fixture:export": { value: o.export } });
      const result = await lifecycle(project, o.parallel, { clear: () => emulator.clearRequests(), count: async () => (await emulator.requests()).length });
      await o.checkEmpty(emulator);
      return result;
    } finally {
      await project.cleanup();
    }
  } finally {
    await emulator.close();
  }
}

export async function noopRun(specs: ResourceSpec[], o: Pick<LifecycleOptions, "parallel" | "export">): Promise<SideResult> {
  const project = await createTestProject("noop-stack", { config: { "fixture:export": { value: o.export } } });
  try {
    await setFixtureResources(project, specs);
    return await lifecycle(project, o.parallel);
  } finally {
    await project.cleanup();
  }
}

/** Per operation, the run whose wall time is the median; its CPU, memory and calls come with it. */
export function medianRun(runs: SideResult[]): SideResult {
  const pick = (op: Operation) => [...runs].sort((a, b) => a[op].wallMs - b[op].wallMs)[Math.floor(runs.length / 2)][op];
  const bytes = [...runs.map((r) => r.stateBytes)].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { up: pick("up"), refresh: pick("refresh"), destroy: pick("destroy"), stateBytes: bytes };
}
