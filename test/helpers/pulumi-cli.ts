import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { repoRoot, TestProject } from "./pulumi";

/**
 * The Pulumi CLI as a plain child process (not the Automation API), so a test can kill it
 * mid-operation. It runs in its own process group: killing the group takes the language host
 * and the dynamic-provider process down with it, as a crashed CI runner or a lost machine would.
 */
export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process exits, with its exit code (null when killed by a signal) and output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** SIGKILL to the whole process group. */
  kill(): void;
}

export function cliEnv(project: TestProject): NodeJS.ProcessEnv {
  const bin = path.join(repoRoot, ".toolchain", "bin");
  return { ...process.env, ...project.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, PULUMI_SKIP_CONFIRMATIONS: "true" };
}

export function runCli(project: TestProject, args: string[]): CliRun {
  const child = spawn(path.join(repoRoot, ".toolchain", "bin", "pulumi"), [...args, "--non-interactive", "--stack", "test"], {
    cwd: project.dir,
    env: cliEnv(project),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, output }));
  });
  return {
    child,
    done,
    kill() {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    },
  };
}

/** Runs a CLI command to completion; throws with its output when it fails. */
export async function cli(project: TestProject, args: string[]): Promise<string> {
  const run = runCli(project, args);
  const { code, output } = await run.done;
  if (code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${code}:\n${output}`);
  return output;
}

/** Runs any command to completion (e.g. `node dist/cli/recover/main.js`); throws with its output when it fails. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(command)} ${args.join(" ")} exited ${code}:\n${out}`))));
  });
}
