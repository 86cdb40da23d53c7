import type { TestEmulator } from "./emulator";
import { killAndReap, type CliRun } from "./pulumi-cli";

/** Writes (anything but GET) the emulator has seen since its log was last cleared. */
export async function writesSoFar(emulator: TestEmulator): Promise<number> {
  return (await emulator.requests()).filter((r) => r.method !== "GET").length;
}

/**
 * Kills the run, with SIGKILL, once `n` writes reached the emulator: the kill lands mid-operation,
 * with requests in flight. False when the run finished first.
 */
export async function killAfterWrites(emulator: TestEmulator, run: CliRun, n: number): Promise<boolean> {
  let exited = false;
  void run.done.then(() => (exited = true), () => (exited = true));
  while (!exited) {
    if ((await writesSoFar(emulator)) >= n) {
      // The CLI, its language host and its provider process: all gone, or the "crash" is not one.
      expect((await killAndReap(run)).length).toBeGreaterThanOrEqual(3);
      return true;
    }
    await new Promise((res) => setTimeout(res, 10));
  }
  return false;
}
