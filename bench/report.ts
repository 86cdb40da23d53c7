/**
 * Writes docs/benchmarks.md and the wall-time chart (SVG, and PNG through `rsvg-convert` when it
 * is installed: Debian package librsvg2-bin) from the JSON the benchmark scripts left in
 * bench/results/. Run it after any of them: `node bench/run.js bench/report.ts`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../test/helpers/pulumi";
import { lineChartSvg, Series } from "./chart";
import { readResult } from "./lib";
import type { WallTimeResults } from "./wall-time";

const DOCS = path.join(repoRoot, "docs");
const CHART = path.join(DOCS, "benchmarks");

interface ApiCalls {
  machine: Record<string, unknown>;
  previewCalls: number;
  rows: Array<{ kind: string; op: string; calls: number; minimum: number; minimumCalls: string; made: string[]; extra: string[] }>;
}
interface RateLimit {
  machine: Record<string, unknown>;
  resources: number;
  limit: number;
  windowMs: number;
  latencyMs: number;
  spans: Array<{ op: string; ms: number }>;
  requests: number;
  rejected429: number;
  windows: Array<{ startMs: number; accepted: number; rejected429: number; fullyIn?: string }>;
  fullWindows: number;
  fullWindowShare: number;
  failures: string[];
}

const s = (ms: number) => (ms / 1000).toFixed(1);

function machineSection(machineInfo: object | undefined): string {
  const m = machineInfo as Record<string, unknown> | undefined;
  if (!m) return "";
  return `| nproc | memory | CPU | Node | Pulumi CLI | @pulumi/pulumi | measured |
| --- | --- | --- | --- | --- | --- | --- |
| ${m.nproc} | ${m.memoryGiB} GiB | ${m.cpu} | ${m.node} | ${m.pulumi} | ${m.pulumiSdk} | ${String(m.date).slice(0, 16).replace("T", " ")} UTC |
`;
}

function apiSection(a: ApiCalls | undefined): string {
  if (!a) return "_Not measured yet: run `node bench/run.js bench/api-calls.ts`._\n";
  const rows = a.rows.map((r) => `| ${r.kind} | ${r.op} | ${r.calls} | ${r.minimum} (${r.minimumCalls}) | ${r.made.join(", ")} | ${r.extra.length ? r.extra.join("<br>") : "—"} |`);
  return `A \`pulumi preview\` with no changes (check and diff of every resource) made **${a.previewCalls} API calls**.

| resource | operation | calls | minimum the API needs | calls made | why the extra calls |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

"read" is \`pulumi refresh\`; the SendingKey "update" is a rotation, which Mailgun can only do as a
replacement (create, then delete). The stack: one Domain, one Route, one Webhook on one event
(two after the update), one SendingKey; the update turns on open tracking, changes the route's
priority, adds an event and rotates the key. Domain delete polls once because Mailgun deletes in
the background (here the emulator finished at once; a real account may poll a few times).
`;
}

function wallSection(w: WallTimeResults | undefined): string {
  if (!w) return "_Not measured yet: run `node bench/run.js bench/wall-time.ts`._\n";
  const sizes = Object.values(w.sizes).sort((a, b) => a.size - b.size);
  const rows: string[] = [];
  for (const r of sizes) {
    for (const op of ["up", "refresh", "destroy"] as const) {
      rows.push(`| ${r.size} | ${op} | ${s(r.mailgun[op])} | ${s(r.noop[op])} | **${(r.mailgun[op] / r.noop[op]).toFixed(2)}×** | ${op === "up" ? r.requests : ""} | ${r.repeat ?? 1} |`);
    }
  }
  const latency = sizes[0]?.latencyMs ?? 50;
  return `Mixed stacks (10% domains, 20% webhooks, 20% sending keys, the rest routes, over both
regions) against the emulator with **${latency} ms** added to every request, next to the same
stack (same names, same dependencies) of dynamic resources whose provider does nothing: the
engine's own floor (starting the program and the provider process, checkpointing the state).
Each figure is the median of the runs shown in the last column.

| resources | operation | Mailgun s | no-op floor s | ratio | API requests (up + refresh + destroy) | runs |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

![wall time against stack size](benchmarks/wall-time.png)
`;
}

function rateSection(r: RateLimit | undefined): string {
  if (!r) return "_Not measured yet: run `node bench/run.js bench/rate-limit.ts`._\n";
  const windows = r.windows.map((w, i) => `| ${i + 1} | ${s(w.startMs)} | ${w.fullyIn ?? "(an operation starts or ends in it)"} | ${w.accepted} | ${((100 * w.accepted) / r.limit).toFixed(0)}% | ${w.rejected429} |`);
  return `\`pulumi up\` then \`pulumi destroy\` of ${r.resources} resources in one region under a limit of
**${r.limit} requests per ${r.windowMs / 1000} s** (fixed windows, \`X-RateLimit-*\` headers, 429 over the limit),
${r.latencyMs} ms per request: ${r.spans.map((x) => `${x.op} ${s(x.ms)} s`).join(", ")}, ${r.requests} requests.

- **Throughput: ${r.fullWindows ? `${(100 * r.fullWindowShare).toFixed(1)}% of the limit` : "not measured"}** in the ${r.fullWindows} window(s) spent wholly inside an operation.
- **429s: ${r.rejected429}.** **Failed operations: ${r.failures.length}.**${r.failures.map((f) => `\n  - ${f}`).join("")}

| window | starts at s | inside | accepted | share of the limit | 429s |
| --- | --- | --- | --- | --- | --- |
${windows.join("\n")}
`;
}

function chart(w: WallTimeResults | undefined): void {
  if (!w) return;
  const sizes = Object.values(w.sizes).sort((a, b) => a.size - b.size);
  const colors = { up: "#1f77b4", refresh: "#2ca02c", destroy: "#d62728" };
  const series: Series[] = [];
  for (const op of ["up", "refresh", "destroy"] as const) {
    series.push({ label: `${op} (Mailgun)`, color: colors[op], points: sizes.map((r) => ({ x: r.size, y: r.mailgun[op] / 1000 })) });
    series.push({ label: `${op} (no-op floor)`, color: colors[op], dashed: true, points: sizes.map((r) => ({ x: r.size, y: r.noop[op] / 1000 })) });
  }
  const latency = sizes[0]?.latencyMs ?? 50;
  fs.mkdirSync(CHART, { recursive: true });
  const svg = path.join(CHART, "wall-time.svg");
  fs.writeFileSync(svg, lineChartSvg(`Wall time, ${latency} ms per Mailgun request`, "resources in the stack (log scale)", "seconds", series));
  try {
    execFileSync("rsvg-convert", ["-o", path.join(CHART, "wall-time.png"), svg]);
  } catch {
    console.error("rsvg-convert not found (apt-get install librsvg2-bin): wrote the SVG only");
  }
}

function main(): void {
  const api = readResult<ApiCalls>("api-calls");
  const wall = readResult<WallTimeResults>("wall-time");
  const rate = readResult<RateLimit>("rate-limit");
  chart(wall);
  const doc = `# Benchmarks

Figures printed by the scripts in \`bench/\` (they measure; they assert nothing) against the
local Mailgun emulator, with the real Pulumi CLI. Written by \`bench/report.ts\` from
\`bench/results/*.json\`. The machine is shared with other work (tests of other branches may
have run at the same time), so treat single wall-time figures as ±15%.

## Machine

${machineSection(wall?.machine ?? api?.machine ?? rate?.machine)}
## Commands

\`\`\`sh
source scripts/env.sh && npm run build
node bench/run.js bench/api-calls.ts                               # (a) ~30 s
BENCH_SIZES=10,100,500 BENCH_LATENCY_MS=50 node bench/run.js bench/wall-time.ts   # (b) the 500 run takes minutes
BENCH_RATE_RESOURCES=200 BENCH_LIMIT=300 BENCH_WINDOW_MS=60000 node bench/run.js bench/rate-limit.ts   # (c) ~4 min
node bench/run.js bench/report.ts                                  # this page and the chart
\`\`\`

## (a) API calls per operation

${apiSection(api)}
## (b) Wall time against the engine's floor

${wallSection(wall)}
## (c) Under a 300 requests/minute rate limit

${rateSection(rate)}`;
  fs.writeFileSync(path.join(DOCS, "benchmarks.md"), doc);
  console.log(`wrote ${path.join(DOCS, "benchmarks.md")}`);
}

main();
