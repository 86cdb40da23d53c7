/**
 * The emulator in its own process (`node dist/emulator/cli.js`), so its CPU is measured apart
 * from the benchmark's and it does not share an event loop with the Automation API driver.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { TestEmulator } from "../testkit/emulator";
import { repoRoot } from "../testkit/pulumi";

export interface EmulatorProcess {
  emulator: TestEmulator;
  pid: number;
}

export async function spawnEmulator(options: { latencyMs: number }): Promise<EmulatorProcess> {
  const cli = path.join(repoRoot, "dist", "emulator", "cli.js");
  const child = spawn(process.execPath, [cli, "--latency-ms", String(options.latencyMs)], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code} before printing its URLs (run \`npm run build\` first?): ${stderr}`)));
  });
  const info = JSON.parse(line) as { us: string; eu: string; apiKey: string };
  const emulator = TestEmulator.connect({
    urls: { us: info.us, eu: info.eu },
    apiKey: info.apiKey,
    async close() {
      child.kill("SIGTERM");
      const code = await exited;
      if (code !== 0) throw new Error(`emulator exited with ${code}: ${stderr}`);
    },
  });
  return { emulator, pid: child.pid! };
}
