/**
 * Writes docs/benchmarks.md and the wall-time chart (SVG, and PNG through `rsvg-convert` when it
 * is installed: Debian package librsvg2-bin) from the JSON the benchmark scripts left in
 * bench/results/. Run it after any of them: `node bench/run.js bench/report.ts`.
 */
import type { LinearityResults } from "./linearity";
import { linearitySection, profileSection } from "./report-linearity";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../testkit/pulumi";
import { lineChartSvg } from "./chart";
import { readResult, seconds } from "./lib";
import { wallChartSeries, wallSection } from "./report-wall-time";
import type { ListMembersResult } from "./list-members";
import { estimates } from "./rate-limit";
import type { StateSizeResult } from "./state-size";
import type { WallTimeResults } from "./wall-time-results";

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
  /** Per operation (from issue 23 on): time against what the limit demands, and the progress lines. */
  ops?: Array<{ op: string; ms: number; calls: number; minimumCalls: number; demandedMs: number; progress: Array<{ atMs: number; line: string }>; longestSilenceMs?: number }>;
}

const s = seconds;

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

"read" is \`pulumi refresh\`; the SendingKey and ApiKey "update" is a rotation, which Mailgun can only do
as a replacement (create, then delete). The stack: one Domain, one Route, one Webhook on one event
(two after the update), one SendingKey, one ApiKey (a \`basic\` user key, called through the EU host so
its calls are told apart from the SendingKey's), one AccountWebhook on one event (two after the
update), one DomainVerification of a domain whose DNS is published, one DomainCredential, one
IpAllowlistEntry, one active DkimKey (a new key is inactive: its create is a POST and an
activate), one entry on each suppression list (Bounce, Unsubscribe, Complaint,
SuppressionAllowlist), one MailingList with one MailingListMember, and one Template with one
active TemplateVersion; the update turns on open tracking, changes the route's priority, adds an event to each
webhook, rotates both keys, adds a category to the verification, sets a new SMTP password, changes
the allowlist entry's description, deactivates the DKIM key (an active one could not be deleted:
it is the domain's only active key), changes the bounce's code and the unsubscribe's tags, the
list's description and the member's subscription, the template's description and the version's
content. Domain delete polls once because Mailgun deletes in
the background (here the emulator finished at once; a real account may poll a few times).
`;
}

/** Issue 23's targets under a limit: each operation within the time its calls demand plus 10%, progress at least every 15 s, no failure. */
const RATE_TARGET = { slack: 1.1, silenceMs: 15_000 };

/** Dated: why `up` misses at 2,000 resources, from the run above and the linearity benchmark's floor. */
const RATE_WHY = `- **Why \`up\` misses (2026-12-07, from the run of 14:07):** its first five windows used 100% of the limit, its sixth and
  seventh 75% and 64%, and the progress lines of those minutes show at most 1 call waiting for the
  window: the provider had nothing to send while the engine stepped the stack. The engine rewrites
  the whole state after every step, so each step costs more as the stack grows: the no-op floor's
  \`up\` of 2,000 resources takes 448.9 s with no API at all ((f) below), more than the 400 s the
  limit demands here. \`destroy\`'s first two windows (71% and 79%) are the same, the other way
  round (the state is largest when it starts); it meets the target all the same (five runs this
  day: 1.07-1.09x, and 1.12x in one whose first windows ran at 56-65%).
- **The estimate of the time left** is the longer of the calls left at the limit's rate and the
  resources left at the last minute's pace (provider/client/progress.ts). Before that rule (the
  calls left at the last minute's call rate) the same \`destroy\` said 919 s left where 588 s were,
  a quarter of the way in. Windows are fixed: once the limit paces the run and the calls left are
  more than the window has left, the time left now counts the wait for the window's end. A
  \`refresh\` starts in a window the \`up\` has nearly spent, and without that wait its estimate said
  9 s (58 were), 4 s (38), 56 s (18) in the run before this one; in this one 43 s (83), 62 s (53),
  15 s (23). This run's engine was slower than the day's others (\`up\` 1.23x, where the three before
  took 1.15-1.20x), and its \`destroy\` went unpaced for its first 3.8 minutes at 184-208 calls a
  minute: until the limit holds a call back, the calls left are counted at the last minute's rate,
  which said 930 s a quarter of the way in, where 592 s were (the engine speeds up as the state
  shrinks).
- **No 429s.** Two runs before the pacer's families were mended had 4 and 9 (retried, no failure):
  every suppression and template-version delete was a family of its own, and a family that has not
  reported a window goes ahead unpaced.`;

function rateTargets(r: RateLimit): string {
  if (!r.ops) return "- **Targets not evaluated:** measured before the per-operation figures existed.";
  return r.ops
    .map((o) => {
      const ratio = o.ms / o.demandedMs;
      const timeOk = ratio <= RATE_TARGET.slack;
      // From the operation's start to the first line counts as silence too.
      const silence = o.longestSilenceMs === undefined ? undefined : Math.max(o.progress[0].atMs, o.longestSilenceMs);
      const silenceOk = silence !== undefined && silence <= RATE_TARGET.silenceMs;
      const time = `${s(o.ms)} s for ${o.calls} calls (the fewest the API needs: ${o.minimumCalls}), ${ratio.toFixed(2)}x the ${s(o.demandedMs)} s the limit demands for that fewest (target ${RATE_TARGET.slack}x: ${timeOk ? "met" : `missed by ${(ratio - RATE_TARGET.slack).toFixed(2)}x`})`;
      const progress = o.longestSilenceMs === undefined
        ? "no progress line (target: a line at least every 15 s: missed)"
        : `${o.progress.length} progress lines, the first at ${s(o.progress[0].atMs)} s, then at most ${s(o.longestSilenceMs)} s apart (target: never more than 15 s without one: ${silenceOk ? "met" : "missed"})`;
      const withLeft = o.progress.filter((p) => / calls and \S+ left$/.test(p.line)).length;
      const said = estimates(o).map((e) => `at ${e.share}% of the way it said ${s(e.saidMs)} s left, ${s(e.leftMs)} s were`);
      const left = o.progress.length ? `; ${withLeft} of the lines with the calls and time left${said.length ? ` (${said.join("; ")})` : ""}` : "";
      return `- **\`${o.op}\`:** ${time}; ${progress}${left}.`;
    })
    .join("\n");
}

function rateSection(r: RateLimit | undefined): string {
  if (!r) return "_Not measured yet: run `node bench/run.js bench/rate-limit.ts`._\n";
  const windows = r.windows.map((w, i) => `| ${i + 1} | ${s(w.startMs)} | ${w.fullyIn ?? "(an operation starts or ends in it)"} | ${w.accepted} | ${((100 * w.accepted) / r.limit).toFixed(0)}% | ${w.rejected429} |`);
  return `\`pulumi ${(r.ops ?? r.spans).map((x) => x.op).join("`, `pulumi ")}\` of ${r.resources} resources in one region under a limit of
**${r.limit} requests per ${r.windowMs / 1000} s** (fixed windows, \`X-RateLimit-*\` headers, 429 over the limit),
${r.latencyMs} ms per request: ${r.spans.map((x) => `${x.op} ${s(x.ms)} s`).join(", ")}, ${r.requests} requests.

${rateTargets(r)}
${RATE_WHY}
- **Throughput: ${r.fullWindows ? `${(100 * r.fullWindowShare).toFixed(1)}% of the limit` : "not measured"}** in the ${r.fullWindows} window(s) spent wholly inside an operation.
- **429s: ${r.rejected429}.** **Failed operations: ${r.failures.length}.**${r.failures.map((f) => `\n  - ${f}`).join("")}

\`refresh\` and \`destroy\` ran as users run them, without \`--run-program\`: their total of resources is the state's.
What the progress lines say, with an example: [faults-and-scale.md](faults-and-scale.md#under-a-rate-limit-progress).

| window | starts at s | inside | accepted | share of the limit | 429s |
| --- | --- | --- | --- | --- | --- |
${windows.join("\n")}
`;
}

function chart(w: WallTimeResults | undefined): void {
  const data = wallChartSeries(w);
  if (!data) return;
  fs.mkdirSync(CHART, { recursive: true });
  const svg = path.join(CHART, "wall-time.svg");
  fs.writeFileSync(svg, lineChartSvg(data.title, "resources in the stack (log scale)", "seconds", data.series));
}

function stateSection(st: StateSizeResult | undefined): string {
  if (!st) return "_Not measured yet: run `node bench/run.js bench/state-size.ts`._\n";
  const kinds = Object.entries(st.perKind).map(([kind, k]) => {
    const top = Object.entries(k.fields).sort((x, y) => y[1] - x[1]).slice(0, 6).map(([f, n]) => `${f} ${n}`).join(", ");
    return `| ${kind} | ${k.count} | ${k.bytesPerResource} | ${top} |`;
  });
  return `A stack of ${st.resources} Mailgun resources after \`up\`: **${st.stateBytes} bytes** of state,
${Math.round(st.stateBytes / st.resources)} per resource with the stack and provider entries included.

| resource | count | bytes per resource | largest fields (bytes) |
| --- | --- | --- | --- |
${kinds.join("\n")}
`;
}

function listMembersSection(r: ListMembersResult | undefined): string {
  if (!r) return "_Not measured yet: run `node bench/run.js bench/list-members.ts`._\n";
  const rows = (["up", "refresh", "destroy"] as const).map((op) => {
    const m = r.mailgun[op];
    const n = r.noop[op];
    return `| ${op} | ${s(m.wallMs)} | ${s(n.wallMs)} | ${(m.wallMs / n.wallMs).toFixed(2)}× | ${m.apiCalls} | ${r.minimumCalls[op]} (${r.minimumRule[op]}) | ${m.peakMiB.provider.toFixed(0)} |`;
  });
  return `One MailingList and **${r.members} MailingListMember resources** (one per address, with a name,
\`vars\` and \`subscribed\`), ${r.latencyMs} ms per request, \`--parallel ${r.parallel}\` and
\`mailgun:maxConcurrency ${r.parallel}\`, next to the same stack of no-op resources (the engine's floor).
Measured ${String(r.machine.date).slice(0, 16).replace("T", " ")} UTC.

| operation | wall s | no-op s | ratio | API calls | minimum | provider peak MiB |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

\`refresh\` reads the list with one GET and its members from one listing shared by the
operation (100 a page; Mailgun's paging ends on an empty page), after the first member's own GET
(it starts before the listing is shared). \`up\` and \`destroy\` are one call per object, the
minimum; their wall time is mostly the engine's. The no-op floor is slower than the Mailgun side here
because each of its resources carries a serialized provider in state (see the state line below), and
the engine rewrites the whole state after every step.

State after \`up\`: ${r.mailgun.stateBytes} bytes, ${Math.round(r.mailgun.stateBytes / (r.members + 1))} per resource (no-op: ${Math.round(r.noop.stateBytes / (r.members + 1))}).
`;
}

function main(): void {
  const api = readResult<ApiCalls>("api-calls");
  const wall = readResult<WallTimeResults>("wall-time");
  const rate = readResult<RateLimit>("rate-limit");
  const stateSize = readResult<StateSizeResult>("state-size");
  const listMembers = readResult<ListMembersResult>("list-members");
  const linearity = readResult<LinearityResults>("linearity");
  const profileBefore = readResult<Parameters<typeof profileSection>[0]>("cpu-profile-before");
  const profileAfter = readResult<Parameters<typeof profileSection>[0]>("cpu-profile-after");
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
BENCH_SIZES=10,100,500 BENCH_LATENCY_MS=50 BENCH_PARALLEL=8,16,32 BENCH_REPEAT=3 node bench/run.js bench/wall-time.ts   # (b) the 500 runs take a long time
node bench/run.js bench/state-size.ts                              # (d) ~1 min
BENCH_RATE_RESOURCES=500 BENCH_LIMIT=300 BENCH_WINDOW_MS=60000 node bench/run.js bench/rate-limit.ts   # (c) ~4.5 min
BENCH_MEMBERS=1000 BENCH_LATENCY_MS=50 BENCH_PARALLEL=8 node bench/run.js bench/list-members.ts   # (e) a few minutes
BENCH_SIZES=200,2000 BENCH_LATENCY_MS=50 BENCH_PARALLEL=16 node bench/run.js bench/linearity.ts   # (f) ~15 min
BENCH_PROFILE_LABEL=after node bench/run.js bench/profile.ts      # (g) ~3 min; "before" from an older checkout
node bench/run.js bench/report.ts                                  # this page and the chart
\`\`\`

## (a) API calls per operation

${apiSection(api)}
## (b) Wall time against the engine's floor

${wallSection(wall)}
## (c) Under a 300 requests/minute rate limit

${rate ? `Measured ${String(rate.machine.date).slice(0, 16).replace("T", " ")} UTC; where that is older than the figures above, it describes the code of that day.\n\n` : ""}${rateSection(rate)}
## (d) State bytes per resource

${stateSection(stateSize)}
## (e) One mailing list and its members

${listMembersSection(listMembers)}
## (f) Linear to 2,000 resources

${linearitySection(linearity)}
## (g) CPU profiles

${profileSection(profileBefore, profileAfter)}`;
  fs.writeFileSync(path.join(DOCS, "benchmarks.md"), doc);
  console.log(`wrote ${path.join(DOCS, "benchmarks.md")}`);
}

main();
