/**
 * Benchmark (e): one mailing list with BENCH_MEMBERS members (default 1,000), each member a
 * MailingListMember resource: `pulumi up`, `refresh` and `destroy` against the emulator in its own
 * process (a fixed latency per request), next to the same stack of no-op resources (the engine's
 * floor). Wall time, API calls against the minimum, provider memory. Results go to
 * bench/results/list-members.json; bench/report.ts writes them into docs/benchmarks.md.
 *
 *   npm run build && node bench/run.js bench/list-members.ts
 *   BENCH_MEMBERS=1000 BENCH_LATENCY_MS=50 BENCH_PARALLEL=8 node bench/run.js bench/list-members.ts
 */
import type { TestEmulator } from "../testkit/emulator";
import type { ResourceSpec } from "../testkit/mailgun-stack";
import { envNumber, machine, table, writeResult } from "./lib";
import { mailgunRun, noopRun } from "./lifecycle";
import { OPERATIONS, Operation, SideResult } from "./wall-time-results";

const MEMBERS = envNumber("BENCH_MEMBERS", 1000);
const LATENCY_MS = envNumber("BENCH_LATENCY_MS", 50);
const PARALLEL = envNumber("BENCH_PARALLEL", 8);
const LIST = "newsletter@mg.bench.example.com";

export interface ListMembersResult {
  machine: ReturnType<typeof machine>;
  members: number;
  latencyMs: number;
  parallel: number;
  minimumCalls: Record<Operation, number>;
  minimumRule: Record<Operation, string>;
  mailgun: SideResult;
  noop: SideResult;
}

function stack(members: number): ResourceSpec[] {
  const specs: ResourceSpec[] = [{ kind: "MailingList", name: "list", args: { address: LIST, name: "Newsletter", accessLevel: "readonly" } }];
  for (let i = 0; i < members; i++) {
    specs.push({
      kind: "MailingListMember",
      name: `m${i}`,
      args: { list: { $ref: "list.address" }, address: `reader${i}@example.org`, name: `Reader ${i}`, vars: { plan: i % 3 ? "free" : "team", n: i }, subscribed: i % 10 !== 0 },
    });
  }
  return specs;
}

/** A member list of more than 100 entries takes one paged listing call per 100 members. */
const pages = (members: number) => Math.max(1, Math.ceil(members / 100));

function minimum(members: number): Pick<ListMembersResult, "minimumCalls" | "minimumRule"> {
  return {
    minimumCalls: { up: 1 + members, refresh: 1 + pages(members), destroy: 2 + members },
    minimumRule: {
      up: "one create per object (the list, each member)",
      refresh: "one read of the list, and its members listed 100 to a page (Mailgun's largest page)",
      destroy: "one delete per object, and the list's members listed once before its delete (a list never takes members no resource manages with it, unless forceDestroy)",
    },
  };
}

async function checkEmpty(emulator: TestEmulator): Promise<void> {
  const listed = await emulator.api("us", "GET", "/v3/lists/pages");
  if (listed.items.length) throw new Error(`destroy left ${listed.items.length} mailing list(s) behind`);
}

async function main(): Promise<void> {
  const specs = stack(MEMBERS);
  process.stdout.write(`measuring 1 list with ${MEMBERS} members, --parallel ${PARALLEL} (mailgun:maxConcurrency ${PARALLEL}), ${LATENCY_MS} ms latency...\n`);
  const mailgun = await mailgunRun(specs, { latencyMs: LATENCY_MS, parallel: PARALLEL, export: "none", checkEmpty });
  const noop = await noopRun(specs, { parallel: PARALLEL, export: "none" });
  const result: ListMembersResult = { machine: machine(), members: MEMBERS, latencyMs: LATENCY_MS, parallel: PARALLEL, ...minimum(MEMBERS), mailgun, noop };
  writeResult("list-members", result);
  const rows: (string | number)[][] = [["op", "mailgun s", "no-op s", "ratio", "API calls", "minimum", "provider peak MiB"]];
  for (const op of OPERATIONS) {
    const m = mailgun[op];
    rows.push([op, (m.wallMs / 1000).toFixed(1), (noop[op].wallMs / 1000).toFixed(1), `${(m.wallMs / noop[op].wallMs).toFixed(2)}x`, m.apiCalls ?? "", result.minimumCalls[op], m.peakMiB.provider.toFixed(0)]);
  }
  console.log(table(rows));
  console.log(`state after up: ${mailgun.stateBytes} bytes (${Math.round(mailgun.stateBytes / specs.length)} per resource; no-op ${Math.round(noop.stateBytes / specs.length)})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
