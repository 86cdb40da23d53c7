import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as path from "node:path";
import { repoRoot, TestProject } from "./pulumi";

/**
 * The Pulumi CLI as a plain child process (not the Automation API), so a test can kill it
 * mid-operation. kill() takes down the CLI and every process it started, as a crashed CI runner
 * or a lost machine would. The CLI starts its plugins (language host, dynamic provider) in
 * process groups of their own, so killing the CLI's group alone would leave them running: they
 * would go on calling Mailgun after the "crash" and never exit.
 */
export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process exits, with its exit code (null when killed by a signal) and output. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** SIGKILL to the CLI and every process it started; returns their pids. */
  kill(): number[];
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
      return killTree(child.pid!);
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

/** Runs any command to completion (e.g. `node dist/cli/index.js recover`); throws with its output when it fails. */
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

/**
 * SIGKILL to a process, all its descendants, and each one's process group. The root is stopped
 * first so it cannot start another plugin between the listing and the kill. Returns the pids.
 */
export function killTree(root: number): number[] {
  try {
    process.kill(root, "SIGSTOP");
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" }).split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const all: number[] = [];
  const visit = (pid: number) => {
    all.push(pid);
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  for (const pid of all) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // no such group, or already gone
      }
    }
  }
  return all;
}

/**
 * Kills a run with everything it started and waits until none of those processes exists (a
 * crash that leaves its provider running is not one). Returns the pids, or throws naming survivors.
 */
export async function killAndReap(run: CliRun): Promise<number[]> {
  const pids = run.kill();
  await run.done;
  // SIGKILL is immediate, but the kernel reaps a busy process group on its own schedule: poll briefly.
  for (let waited = 0; survivors(pids).length && waited < 5_000; waited += 100) await new Promise((res) => setTimeout(res, 100));
  const alive = survivors(pids);
  if (alive.length) throw new Error(`processes of the killed run still alive 5 s after SIGKILL: ${alive.join(", ")}`);
  return pids;
}

/** Whether any of these processes still exists (zombies aside: a killed child is reaped by its parent). */
export function survivors(pids: number[]): number[] {
  const alive = new Set(
    execFileSync("ps", ["-eo", "pid=,stat="], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter(([, stat]) => stat && !stat.startsWith("Z"))
      .map(([pid]) => Number(pid)),
  );
  return pids.filter((p) => alive.has(p));
}
