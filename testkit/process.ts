import { spawn } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "./pulumi";

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a real process to completion and collects what it printed. */
export function runProcess(command: string, args: string[], options: { cwd?: string; env: Record<string, string | undefined>; timeoutMs?: number }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGTERM"), options.timeoutMs) : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** PATH with the project's Pulumi CLI first, as scripts/env.sh sets it (users have `pulumi` on PATH). */
export function pathWithPulumi(): string {
  return [path.join(repoRoot, ".toolchain", "bin"), path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter);
}

/** `pulumi-mailgun drift ...` as a user runs it: the built CLI in its own process, only the backend's environment. */
export function runDriftCli(args: string[], env: Record<string, string>, cwd = repoRoot): Promise<ProcessResult> {
  return runProcess(process.execPath, [path.join(repoRoot, "dist", "cli", "index.js"), "drift", ...args], {
    cwd,
    env: { HOME: process.env.HOME, PATH: pathWithPulumi(), ...env },
    timeoutMs: 240_000,
  });
}
