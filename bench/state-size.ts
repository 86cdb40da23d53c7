/**
 * Bytes per resource in the state file, by resource kind and by field: what each resource costs
 * the engine, which rewrites the whole state after every step. A mixed stack of BENCH_STATE_SIZE
 * resources (default 20) is created against the emulator; nothing is timed.
 *
 *   npm run build && node bench/run.js bench/state-size.ts
 */
import { TestEmulator } from "../testkit/emulator";
import { mailgunStack } from "../testkit/mailgun-stack";
import { envNumber, table, writeResult } from "./lib";
import { sizedStack } from "./sized-stack";

interface Stored {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface StateSizeResult {
  resources: number;
  stateBytes: number;
  perKind: Record<string, { count: number; bytesPerResource: number; fields: Record<string, number> }>;
}

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v ?? null));

async function main(): Promise<void> {
  const size = envNumber("BENCH_STATE_SIZE", 20);
  const emulator = await TestEmulator.start();
  const project = await mailgunStack(emulator, sizedStack(size, "state"));
  try {
    await project.stack.up();
    const raw = project.rawState();
    const resources = (JSON.parse(raw).checkpoint.latest.resources as Stored[]).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/mailgun:"));
    const perKind: StateSizeResult["perKind"] = {};
    for (const r of resources) {
      const kind = r.type.split(":").pop()!;
      const k = (perKind[kind] ??= { count: 0, bytesPerResource: 0, fields: {} });
      k.count++;
      k.bytesPerResource += bytes(r);
      for (const [f, v] of Object.entries(r)) if (f !== "inputs" && f !== "outputs") k.fields[f] = (k.fields[f] ?? 0) + bytes(v);
      for (const [where, bag] of [["inputs", r.inputs], ["outputs", r.outputs]] as const) {
        for (const [f, v] of Object.entries(bag ?? {})) k.fields[`${where}.${f}`] = (k.fields[`${where}.${f}`] ?? 0) + bytes(v);
      }
    }
    for (const k of Object.values(perKind)) {
      k.bytesPerResource = Math.round(k.bytesPerResource / k.count);
      for (const f of Object.keys(k.fields)) k.fields[f] = Math.round(k.fields[f] / k.count);
    }
    const sample = resources.find((r) => r.type.endsWith(":Route"));
    if (process.env.BENCH_SHOW_SAMPLE) console.log(JSON.stringify(sample, null, 1));
    const result: StateSizeResult = { resources: resources.length, stateBytes: raw.length, perKind };
    writeResult("state-size", result);
    console.log(`state: ${raw.length} bytes for ${resources.length} Mailgun resources (${Math.round(raw.length / resources.length)} per resource, stack and provider entries included)`);
    for (const [kind, k] of Object.entries(perKind)) {
      console.log(`\n${kind}: ${k.count} resources, ${k.bytesPerResource} bytes each; largest fields:`);
      const rows = Object.entries(k.fields).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([f, n]) => [f, n]);
      console.log(table([["field", "bytes"], ...rows]));
    }
    await project.stack.destroy();
  } finally {
    await project.cleanup();
    await emulator.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
