import { execFile } from "node:child_process";
import { readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

/**
 * The stack's Mailgun resources as its state records them, for the progress lines of `refresh`
 * and `destroy`: those run no program, so no count is declared (declared-resources.ts), and the
 * engine hands a provider neither the stack's name nor its size. The Pulumi CLI that started this
 * process knows the stack (its arguments, its working directory), and `pulumi stack export` of
 * that stack, run with the same binary, environment and directory, reads the state the operation
 * works on, from any backend, without its passphrase (secrets stay encrypted, and are not looked at).
 *
 * Linux only (the process tree is read from /proc); elsewhere the lines say how many are done.
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

/**
 * The flags that pick the stack, to hand on to `pulumi stack export`. Not `--cwd`: the CLI has
 * moved into that directory before it starts the provider, and its working directory is the one
 * the export runs in (a relative `--cwd` given again would point below it).
 */
export function stackArguments(args: readonly string[]): string[] {
  const picked: string[] = [];
  for (let i = 1; i < args.length; i++) {
    // --stack dev, --stack=dev, -s dev, -s=dev, -sdev (the CLI's flag library takes all five); --cwd's value is skipped.
    const m = /^(--stack|--cwd|-s|-C)(?:=(.*))?$/.exec(args[i]) ?? /^(-s|-C)(.+)$/.exec(args[i]);
    if (!m) continue;
    const value = m[2] ?? args[++i];
    if (value !== undefined && (m[1] === "-s" || m[1] === "--stack")) picked.push("--stack", value);
  }
  return picked;
}

// The dynamic provider's text names its kind (provider-source.ts); the plugin's resources carry it in their type.
const DYNAMIC_KIND = /require\("pulumi-mailgun\/provider"\)\.dynamicProvider\("(\w+)"\)/;
const PLUGIN_KIND = /^mailgun:index:(\w+)$/;

/** A Mailgun resource as the state holds it: secrets stay encrypted (objects, not strings). */
export interface StateResource {
  kind: string;
  id: string;
  outputs: Record<string, unknown>;
  /** Which provider serves it: Pulumi's dynamic-provider process or the plugin. */
  front: "dynamic" | "plugin";
  /** Its provider resource's reference (`<urn>::<id>`): the engine starts a plugin process per provider resource. */
  provider?: string;
}

/** An exported stack's Mailgun resources, in the state's order. */
export function mailgunResources(exported: unknown): StateResource[] {
  const resources = (exported as { deployment?: { resources?: unknown[] } })?.deployment?.resources;
  const out: StateResource[] = [];
  for (const r of Array.isArray(resources) ? resources : []) {
    const { type, id, inputs, outputs, provider: providerRef } = (r ?? {}) as { type?: unknown; id?: unknown; inputs?: { __provider?: unknown }; outputs?: unknown; provider?: unknown };
    if (typeof id !== "string" || id === "") continue;
    const provider = inputs?.__provider;
    const plugin = typeof type === "string" ? PLUGIN_KIND.exec(type)?.[1] : undefined;
    const kind = plugin || (typeof provider === "string" && DYNAMIC_KIND.exec(provider)?.[1]);
    if (!kind) continue;
    const props = outputs && typeof outputs === "object" && !Array.isArray(outputs) ? (outputs as Record<string, unknown>) : {};
    out.push({ kind, id, outputs: props, front: plugin ? "plugin" : "dynamic", ...(typeof providerRef === "string" ? { provider: providerRef } : {}) });
  }
  return out;
}

/** The ids of resources, by kind. */
export function idsByKind(resources: readonly StateResource[]): Record<string, string[]> {
  const ids: Record<string, string[]> = {};
  for (const r of resources) (ids[r.kind] ??= []).push(r.id);
  return ids;
}

/**
 * The resources served by the same provider resource as the first of `handled` (resources this
 * process has handled) that the state holds once: the engine starts a plugin process per provider
 * resource (each with its own account), and the dynamic resources share one of their own.
 * Undefined when none of them is in the state once (two accounts' domains of one name are twice).
 */
export function sameProvider(resources: readonly StateResource[], handled: Iterable<{ kind: string; id: string }>): StateResource[] | undefined {
  const providerOf = new Map<string, string | undefined | null>();
  for (const r of resources) {
    const key = `${r.kind}/${r.id}`;
    // null: held twice, so it cannot tell which provider resource this process serves.
    providerOf.set(key, providerOf.has(key) ? null : r.provider);
  }
  for (const h of handled) {
    const provider = providerOf.get(`${h.kind}/${h.id}`);
    if (provider !== null && providerOf.has(`${h.kind}/${h.id}`)) return resources.filter((r) => r.provider === provider);
  }
  return undefined;
}

/** `pulumi stack export` of the stack the CLI above works on: its Mailgun resources, undefined when that fails. */
export function exportedResources(cli: PulumiCli): Promise<StateResource[] | undefined> {
  return new Promise((resolve) => {
    execFile(
      cli.exe,
      ["stack", "export", ...stackArguments(cli.args)],
      { cwd: cli.cwd, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" }, maxBuffer: 1 << 30, timeout: 120_000, windowsHide: true },
      (error, stdout) => {
        try {
          resolve(error ? undefined : mailgunResources(JSON.parse(stdout)));
        } catch {
          resolve(undefined);
        }
      },
    );
  });
}

/**
 * The export, once a run (the progress lines and the reads sent ahead share it): none before an
 * operation that reads or deletes the state's resources asks for it.
 */
export class OneExport {
  private pending?: Promise<StateResource[] | undefined>;
  private readonly cli: () => PulumiCli | undefined;
  constructor(cli: () => PulumiCli | undefined) {
    this.cli = cli;
  }
  get(): Promise<StateResource[] | undefined> {
    if (!this.pending) {
      const cli = this.cli();
      this.pending = cli ? exportedResources(cli) : Promise.resolve(undefined);
    }
    return this.pending;
  }
  clear(): void {
    this.pending = undefined;
  }
}

/** The process's own (read-ahead.ts registers it to be forgotten with the run). */
export const stateExport = new OneExport(() => pulumiCliAbove());

/**
 * The state's Mailgun resources when this process serves a `refresh` or a `destroy` (an `up`'s
 * state lacks what the program adds: it has the program's count); undefined when that cannot be known.
 */
export async function stackResources(given?: PulumiCli): Promise<StateResource[] | undefined> {
  const cli = given ?? pulumiCliAbove();
  const operation = cli && operationOf(cli.args);
  if (!cli || (operation !== "refresh" && operation !== "destroy")) return undefined;
  // The process's own CLI: the run's one export; another (tests): its own.
  return given ? exportedResources(given) : stateExport.get();
}

/** The state's resources, fetched once a run in the background: none until the export is read. */
export class StateResources {
  private resources: StateResource[] | undefined;
  private run = 0;
  private started = false;
  private readonly fetch: () => Promise<StateResource[] | undefined>;
  constructor(fetch: () => Promise<StateResource[] | undefined> = () => stackResources()) {
    this.fetch = fetch;
  }

  current(): StateResource[] | undefined {
    if (!this.started) {
      this.started = true;
      const run = this.run;
      void this.fetch().then((resources) => {
        if (run === this.run) this.resources = resources;
      });
    }
    return this.resources;
  }

  clear(): void {
    this.run++;
    this.started = false;
    this.resources = undefined;
  }
}
