import type { TestEmulator } from "../../testkit/emulator";
import type { ResourceSpec } from "../../testkit/mailgun-stack";
import type { TestProject } from "../../testkit/pulumi";
import { reconcile } from "./reconcile";

type Project = TestProject & { setResources(r: ResourceSpec[]): Promise<void> };

/** Fails with everything that differs between Pulumi's state, the emulator and the program. */
export async function expectReconciled(emulator: TestEmulator, project: Project, declared: ResourceSpec[], when: string): Promise<void> {
  const deployment = (await project.stack.exportStack()).deployment;
  const dump = await emulator.state();
  const mismatch = reconcile(deployment, dump, declared);
  if (mismatch) throw new Error(`after ${when}, Pulumi's state, Mailgun and the program disagree:\n${JSON.stringify(mismatch, null, 2)}`);
}

/** Counts what the emulator saw, for the test's log: proof the faults really fired. */
export async function faultCounts(emulator: TestEmulator): Promise<Record<string, number>> {
  const counts: Record<string, number> = { requests: 0 };
  for (const r of await emulator.requests()) {
    counts.requests++;
    if (r.fault) counts[r.fault] = (counts[r.fault] ?? 0) + 1;
    // The consistency window shows as 404s for objects that exist (the request log has no fault for it).
    else if (r.status === 404) counts["404"] = (counts["404"] ?? 0) + 1;
  }
  return counts;
}

export interface LifecycleResult {
  faults: Record<string, number>;
}

/**
 * up, update, refresh, destroy; after each one Pulumi's state must equal what the emulator
 * holds, and what it holds must be what the program declares (nothing after destroy).
 */
export async function runLifecycle(emulator: TestEmulator, project: Project, initial: ResourceSpec[], updated: ResourceSpec[], onOutput?: (s: string) => void): Promise<LifecycleResult> {
  const { stack } = project;
  await emulator.clearRequests();
  await project.setResources(initial);
  await stack.up({ onOutput });
  await expectReconciled(emulator, project, initial, "up");

  await project.setResources(updated);
  await stack.up({ onOutput });
  await expectReconciled(emulator, project, updated, "the update");

  await stack.refresh({ onOutput });
  await expectReconciled(emulator, project, updated, "refresh");
  // What refresh recorded must agree with the program: a stale read would show up as a change here.
  await stack.preview({ expectNoChanges: true, onOutput });

  await stack.destroy({ onOutput });
  await expectReconciled(emulator, project, [], "destroy");
  return { faults: await faultCounts(emulator) };
}
