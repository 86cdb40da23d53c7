import { TestEmulator } from "../../testkit/emulator";
import { mailgunStack, OutputLog } from "../../testkit/mailgun-stack";
import { expectReconciled, runLifecycle } from "./lifecycle";
import { LONG_PLAN, SHORT_PLAN, mixedStack, updatedStack } from "../../testkit/mixed-stack";
import { FaultProfile, PROFILES, together, withFaults } from "./profiles";

/**
 * A mixed stack over both regions goes through up, update, refresh and destroy while the
 * emulator injects faults. Short variant always (every fault at once); long variant with
 * MAILGUN_LONG_TESTS=1 (about 50 resources, each fault alone, then all together).
 * MAILGUN_FAULT_SEED replays a failing run's fault draws.
 */
const LONG = process.env.MAILGUN_LONG_TESTS === "1";
const SEED = Number(process.env.MAILGUN_FAULT_SEED ?? 20261121);
const ALL = together(Object.values(PROFILES));

/**
 * Provider settings for fault runs: the consistency budget must outlast the 10 s window. Retries
 * stay at the default 8: 429s do not count against them, and the other faults rarely strike one
 * call 9 times in a row. The budget test below shows the failure mode.
 */
const FAULT_CONFIG = { "mailgun:consistencyBudgetMs": "30000" };

async function lifecycleUnder(profile: FaultProfile, size: typeof SHORT_PLAN, seed: number, tag: string): Promise<void> {
  const emulator = await TestEmulator.start();
  const specs = mixedStack(size, tag);
  const project = await mailgunStack(emulator, specs);
  for (const [key, value] of Object.entries(FAULT_CONFIG)) await project.stack.setConfig(key, { value });
  const log = new OutputLog();
  try {
    const result = await withFaults(emulator, profile, seed, () => runLifecycle(emulator, project, specs, updatedStack(specs), log.onOutput));
    // The faults must really have fired, or this test proves nothing.
    process.stdout.write(`[faults] ${profile.name} seed=${seed} ${specs.length} resources: ${JSON.stringify(result.faults)}\n`);
    expect(Object.keys(result.faults).length).toBeGreaterThan(1);
    expect(log.text).not.toContain(emulator.apiKey);
  } catch (e) {
    (e as Error).message = `[${profile.name}] seed=${seed} (replay: MAILGUN_FAULT_SEED=${seed}): ${(e as Error).message}\n--- pulumi output (tail) ---\n${log.text.slice(-4000)}`;
    throw e;
  } finally {
    await project.cleanup();
    await emulator.close();
  }
}

describe("faults, short: a mixed stack under every fault at once", () => {
  test(`${SHORT_PLAN.domains + SHORT_PLAN.routes + SHORT_PLAN.webhooks + SHORT_PLAN.keys} resources: up, update, refresh, destroy`, async () => {
    await lifecycleUnder(ALL, SHORT_PLAN, SEED, "short");
  }, 900_000);
});

(LONG ? describe : describe.skip)("faults, long (MAILGUN_LONG_TESTS=1): ~50 resources, each fault alone then together", () => {
  for (const [i, profile] of [...Object.values(PROFILES), ALL].entries()) {
    test(profile.name, async () => {
      await lifecycleUnder(profile, LONG_PLAN, SEED + i, `long${i}`);
    }, 1_800_000);
  }
});

describe("a retry budget exceeded on purpose", () => {
  test("a long 503 burst with a 1 s retry budget fails with a message naming the setting; the next up recovers", async () => {
    const emulator = await TestEmulator.start();
    const specs = mixedStack({ domains: 1, routes: 1, webhooks: 1, keys: 1 }, "budget");
    const project = await mailgunStack(emulator, specs);
    try {
      await project.stack.setAllConfig({ "mailgun:retryBudgetMs": { value: "1000" }, "mailgun:maxRetries": { value: "100" } });
      await emulator.setKnobs({ faults: { burst: { status: 503, count: 10_000 } } as any });
      const err = await project.stack.up().then(() => undefined, (e: Error) => e);
      expect(err?.message).toMatch(/gave up after \d+ attempts over \d+\.\ds \(the 1\.0s retry budget is spent; last failure: 503 Internal server error\)\. To keep retrying longer, raise mailgun:retryBudgetMs \(MAILGUN_RETRY_BUDGET_MS\)/);
      // Mailgun recovers; so does the stack, with nothing duplicated or left behind.
      await emulator.setKnobs({ faults: { burst: null } as any });
      await project.stack.up();
      await expectReconciled(emulator, project, specs, "the budget failure and a second up");
      await project.stack.destroy();
      await expectReconciled(emulator, project, [], "destroy");
    } finally {
      await project.cleanup();
      await emulator.close();
    }
  }, 300_000);
});
