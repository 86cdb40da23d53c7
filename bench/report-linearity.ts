/**
 * Parts of docs/benchmarks.md for issue 23: (f) linearity from 200 to 2,000 resources, and (g)
 * the CPU profiles before and after the cuts, with their top frames.
 */
import { seconds } from "./lib";
import type { LinearCase, LinearityResults, LinearOp } from "./linearity";

const LINEAR_OPS: LinearOp[] = ["up", "preview", "refresh", "destroy"];
/** Issue 23: per resource, the largest size within this factor of the smallest. */
export const LINEAR_TARGET = 1.2;

const s = seconds;

function growth(small: LinearCase, large: LinearCase, op: LinearOp, side: "mailgun" | "noop", what: "wall" | "calls"): number | undefined {
  const per = (c: LinearCase) => {
    const m = c[side].ops[op];
    return what === "wall" ? m.wallMs / c.size : (m.apiCalls ?? 0) / c.size;
  };
  const a = per(small);
  return a > 0 ? per(large) / a : undefined;
}

export function linearitySection(r: LinearityResults | undefined): string {
  if (!r?.cases.length) return "_Not measured yet: run `node bench/run.js bench/linearity.ts`._\n";
  const cases = [...r.cases].sort((a, b) => a.size - b.size);
  const rows = cases.flatMap((c) =>
    LINEAR_OPS.map((op) => {
      const m = c.mailgun.ops[op];
      const n = c.noop.ops[op];
      const min = c.singleMinimum?.[op];
      return `| ${c.size} | ${op} | ${s(m.wallMs)} | ${s(n.wallMs)} | ${(m.wallMs / n.wallMs).toFixed(2)}× | ${(m.wallMs / c.size).toFixed(1)} / ${(n.wallMs / c.size).toFixed(1)} | ${((1000 * m.cpuSeconds) / c.size).toFixed(1)} / ${((1000 * n.cpuSeconds) / c.size).toFixed(1)} | ${m.apiCalls}${m.apiWrites ? ` (${m.apiWrites} writes)` : ""} | ${min ?? "?"} | ${m.providerPeakMiB.toFixed(0)} / ${n.providerPeakMiB.toFixed(0)} |`;
    }),
  );
  const small = cases[0];
  const large = cases[cases.length - 1];
  const checks: string[] = [];
  if (large !== small) {
    for (const op of LINEAR_OPS) {
      const wall = growth(small, large, op, "mailgun", "wall");
      const floor = growth(small, large, op, "noop", "wall");
      const calls = op === "preview" ? undefined : growth(small, large, op, "mailgun", "calls");
      const verdict = (g: number | undefined) => (g === undefined ? "n/a" : `${g.toFixed(2)}× (${g <= LINEAR_TARGET ? "met" : `missed by ${(g - LINEAR_TARGET).toFixed(2)}×`})`);
      // A growth the floor shows as much or more is the engine's (it rewrites the whole state after every step).
      const engines = wall !== undefined && floor !== undefined && wall > LINEAR_TARGET && floor >= wall ? `: the engine's, its floor grows ${floor.toFixed(2)}× on the same stack` : `, the floor's time ${floor?.toFixed(2) ?? "n/a"}×`;
      checks.push(`- **\`${op}\`**, per resource at ${large.size} against ${small.size}: time ${verdict(wall)}${engines}${calls === undefined ? "" : `; API calls ${verdict(calls)}`}.`);
    }
    const state = (c: LinearCase) => c.mailgun.stateBytes / c.size;
    checks.push(`- **State per resource:** ${Math.round(state(small))} bytes at ${small.size}, ${Math.round(state(large))} at ${large.size} (${(state(large) / state(small)).toFixed(2)}×); the floor's ${Math.round(small.noop.stateBytes / small.size)} and ${Math.round(large.noop.stateBytes / large.size)}.`);
  }
  const kinds = Object.entries(large.kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ");
  return `A stack shaped like a large account (\`bench/large-account.ts\`, every kind; at ${large.size}: ${kinds}),
${r.latencyMs} ms per request, \`--parallel ${r.parallel}\` and \`mailgun:maxConcurrency ${r.parallel}\`, one run per size, next to the
same stack of no-op resources. Measured ${String(r.machine.date).slice(0, 16).replace("T", " ")} UTC${cases.some((c) => c.noopMeasuredAt) ? ` (the no-op side in an earlier run, ${String(cases.find((c) => c.noopMeasuredAt)!.noopMeasuredAt).slice(0, 16).replace("T", " ")} UTC: the floor runs none of this package's code)` : ""}. Target: per resource, time and API calls at
the largest size within ${LINEAR_TARGET}× of the smallest's.

${checks.join("\n")}

| resources | operation | Mailgun s | no-op s | ratio | ms a resource (Mailgun / no-op) | program + provider CPU ms a resource | API calls | sum of one-resource minimums | provider peak MiB |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}
`;
}

interface ProfileOps {
  size: number;
  ops: Array<{ side: string; op: string; processes: Array<{ processClass: string; cpuMs: number; frames: Array<[string, number]> }> }>;
}

export function profileSection(before: ProfileOps | undefined, after: ProfileOps | undefined): string {
  if (!before || !after) return "_Not measured yet: run `bench/profile.ts` with BENCH_PROFILE_LABEL=before and after._\n";
  const cpu = (p: ProfileOps, side: string, op: string, cls: string) => p.ops.find((o) => o.side === side && o.op === op)?.processes.filter((x) => x.processClass === cls).reduce((n, x) => n + x.cpuMs, 0) ?? 0;
  const rows: string[] = [];
  for (const op of ["up", "refresh", "destroy"]) {
    for (const cls of op === "up" ? ["program", "provider"] : ["provider"]) {
      rows.push(`| ${op} | ${cls} | ${cpu(before, "mailgun", op, cls).toFixed(0)} | ${cpu(after, "mailgun", op, cls).toFixed(0)} | ${cpu(before, "noop", op, cls).toFixed(0)} / ${cpu(after, "noop", op, cls).toFixed(0)} |`);
    }
  }
  const top = (p: ProfileOps, op: string, cls: string) =>
    (p.ops.find((o) => o.side === "mailgun" && o.op === op)?.processes.find((x) => x.processClass === cls)?.frames ?? []).slice(0, 8).map(([f, ms]) => `${ms.toFixed(0)} ms  ${f}`).join("\n");
  const frames = [["up", "program"], ["up", "provider"], ["destroy", "provider"]].map(([op, cls]) => `\`${op}\`, ${cls} process, before:\n\n\`\`\`\n${top(before, op, cls)}\n\`\`\`\n\nafter:\n\n\`\`\`\n${top(after, op, cls)}\n\`\`\`\n`);
  return `Sampled CPU (V8's profiler, \`--cpu-prof\`, idle left out) of the processes behind each operation of a
${after.size}-resource mixed stack (\`bench/profile.ts\`), before this session's cuts (commit cd13cb5) and after, on the
same quiet machine. The profiles are in \`bench/profiles/before/\` and \`bench/profiles/after/\`
(gzipped; open one in Chrome DevTools or speedscope).

| operation | process | before ms | after ms | no-op floor ms (before run / after run) |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

Top frames by self time:

${frames.join("\n")}`;
}
