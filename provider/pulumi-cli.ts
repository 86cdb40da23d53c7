import { readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

/**
 * The Pulumi CLI that runs this provider process: its binary, arguments and directory, read from
 * /proc (Linux only). It tells the operation and the stack, which the engine does not hand a
 * provider. Built-in modules only: a unit test runs this file under a `pulumi` of its own.
 */

/** The `pulumi` process running the operation: its binary, arguments and working directory. */
export interface PulumiCli {
  exe: string;
  args: string[];
  cwd: string;
}

/** The nearest ancestor of `pid` that is the Pulumi CLI (providers run under a shell wrapper). */
export function pulumiCliAbove(pid: number = process.pid, proc = "/proc"): PulumiCli | undefined {
  try {
    for (let at = parentOf(pid, proc), hops = 0; at > 1 && hops < 8; at = parentOf(at, proc), hops++) {
      const args = readFileSync(`${proc}/${at}/cmdline`, "utf8").replace(/\0$/, "").split("\0");
      if (args.length && /^pulumi(\.exe)?$/.test(basename(args[0]))) {
        return { exe: readlinkSync(`${proc}/${at}/exe`), args, cwd: readlinkSync(`${proc}/${at}/cwd`) };
      }
    }
  } catch {
    // No /proc (macOS, Windows), or a process gone meanwhile.
  }
  return undefined;
}

function parentOf(pid: number, proc: string): number {
  const stat = readFileSync(`${proc}/${pid}/stat`, "utf8");
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

const OPERATIONS = new Set(["up", "update", "preview", "refresh", "destroy", "import", "watch"]);

/** The CLI's command: `refresh` for `pulumi --cwd infra refresh --yes`. */
export function operationOf(args: readonly string[]): string | undefined {
  return args.slice(1).find((a) => OPERATIONS.has(a));
}

/** The stack the command line names (the last `--stack`, as the CLI's flag library keeps), if any. */
export function stackFlag(args: readonly string[]): string | undefined {
  let stack: string | undefined;
  for (let i = 1; i < args.length; i++) {
    // --stack dev, --stack=dev, -s dev, -s=dev, -sdev (the CLI's flag library takes all five); --cwd's value is skipped.
    const m = /^(--stack|--cwd|-s|-C)(?:=(.*))?$/.exec(args[i]) ?? /^(-s|-C)(.+)$/.exec(args[i]);
    if (!m) continue;
    const value = m[2] ?? args[++i];
    if (value !== undefined && (m[1] === "-s" || m[1] === "--stack")) stack = value;
  }
  return stack;
}

/**
 * The flags that pick the stack, to hand on to `pulumi stack export`. Not `--cwd`: the CLI has
 * moved into that directory before it starts the provider, and its working directory is the one
 * the export runs in (a relative `--cwd` given again would point below it).
 */
export function stackArguments(args: readonly string[]): string[] {
  const stack = stackFlag(args);
  return stack === undefined ? [] : ["--stack", stack];
}
