import * as path from "node:path";
import { Prng } from "../../emulator/knobs";
import { TestEmulator } from "../../testkit/emulator";
import { mailgunStack, ResourceSpec } from "../../testkit/mailgun-stack";
import { cli, cliEnv, runCli, runCommand } from "../../testkit/pulumi-cli";
import { killAfterWrites, writesSoFar } from "../../testkit/kill";
import { repoRoot, TestProject } from "../../testkit/pulumi";
import { expectReconciled } from "../faults/lifecycle";
import { mixedStack, PlanSize, updatedStack } from "../../testkit/mixed-stack";

/**
 * Crash safety: `pulumi up` (and `destroy`) is killed with SIGKILL, with its language host and
 * provider process, after a seeded number of write requests reached Mailgun, so the kill lands
 * mid-operation. After the documented recovery (docs/crash-recovery.md: `pulumi-mailgun recover
 * --release-lock`, then `pulumi up`) Mailgun must hold exactly the declared objects and
 * Pulumi's state must match it. Short: a handful of kills; MAILGUN_LONG_TESTS=1: many.
 * MAILGUN_CRASH_SEED replays the kill points.
 */
const LONG = process.env.MAILGUN_LONG_TESTS === "1";
const SEED = Number(process.env.MAILGUN_CRASH_SEED ?? 7);
const SIZE: PlanSize = LONG ? { domains: 4, routes: 8, webhooks: 6, keys: 5 } : { domains: 2, routes: 3, webhooks: 3, keys: 2 };
const KILLS = LONG ? 20 : 4;
/** Every request takes this long, so a kill finds requests in flight (sent, maybe applied, never answered). */
const LATENCY_MS = 150;

type Project = TestProject & { setResources(r: ResourceSpec[]): Promise<void> };
const CLI = path.join(repoRoot, "dist", "cli", "index.js");
/** Unusual things the recoveries met, printed with the history. */
const notes: string[] = [];

/**
 * Pending operations as the killed run left them, read from the checkpoint file itself: the file
 * is always whole (Pulumi renames it into place), while its `.attrs` sidecar may be the empty one a
 * kill can leave, which makes every pulumi command fail until `recover` repairs it.
 */
function pendingOperations(project: Project): number {
  return (JSON.parse(project.rawState()).checkpoint.latest?.pending_operations ?? []).length;
}

/** The documented recovery (docs/crash-recovery.md), then the interrupted command again. */
async function recover(project: Project, command: "up" | "destroy"): Promise<string> {
  // The killed run left its lock behind; none of its processes is alive (killAfterWrites checked).
  const recovered = await runCommand(process.execPath, [CLI, "recover", "--cwd", project.dir, "--stack", "test", "--release-lock"], cliEnv(project));
  const repairs = recovered.split("\n").filter((l) => l.startsWith("repaired "));
  if (repairs.length) notes.push(...repairs);
  return recovered + (await cli(project, [command, "--yes", "--skip-preview"]));
}

describe(`crash safety: ${KILLS} seeded SIGKILLs of pulumi up, then one of destroy (seed ${SEED})`, () => {
  let emulator: TestEmulator;
  let project: Project;

  beforeAll(async () => {
    emulator = await TestEmulator.start({ knobs: { latencyMs: LATENCY_MS } });
    project = await mailgunStack(emulator, []);
  }, 60_000);
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
  });

  test("after each kill and the documented recovery, Mailgun holds exactly the declared objects", async () => {
    const rng = new Prng(SEED);
    const initial = mixedStack(SIZE, "crash");
    const updated = updatedStack(initial);
    const history: string[] = [];
    let pendingSeen = 0;
    try {
      for (let i = 0; i < KILLS; i++) {
        // Alternate between the two programs: creates first, then updates and replacements both ways.
        const target = i % 2 === 0 ? initial : updated;
        await project.setResources(target);
        await emulator.clearRequests();
        const n = 1 + Math.floor(rng.next() * (i === 0 ? 12 : 6));
        const run = runCli(project, ["up", "--yes", "--skip-preview"]);
        const killed = await killAfterWrites(emulator, run, n);
        const pending = pendingOperations(project);
        pendingSeen += pending;
        history.push(`kill ${i + 1}: up ${i % 2 === 0 ? "initial" : "updated"} program, ${killed ? `killed after ${n} writes, ${pending} pending operations` : `finished before ${n} writes`}`);
        await recover(project, "up");
        await expectReconciled(emulator, project, target, `kill ${i + 1} and recovery`);
      }
      await emulator.clearRequests();
      const n = 1 + Math.floor(rng.next() * 10);
      const killed = await killAfterWrites(emulator, runCli(project, ["destroy", "--yes", "--skip-preview"]), n);
      history.push(`destroy: ${killed ? `killed after ${n} writes` : "finished first"}`);
      await recover(project, "destroy");
      await expectReconciled(emulator, project, [], "the killed destroy and recovery");
      process.stdout.write(`[crash] seed=${SEED}\n${[...history, ...notes].join("\n")}\n`);
      // The kills must have interrupted operations, or the recovery was never exercised.
      expect(pendingSeen).toBeGreaterThan(0);
    } catch (e) {
      (e as Error).message = `seed=${SEED} (replay: MAILGUN_CRASH_SEED=${SEED})\n${[...history, ...notes].join("\n")}\n${(e as Error).message}`;
      throw e;
    }
  }, LONG ? 3_600_000 : 900_000);
});
