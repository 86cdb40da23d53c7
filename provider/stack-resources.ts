import { execFile } from "node:child_process";
import { defaultLogger, type Logger } from "./client/log";
import { diyStateFile, readStateFile } from "./diy-state";
import { operationOf, type PulumiCli, pulumiCliAbove, stackArguments, stackFlag } from "./pulumi-cli";

/**
 * The stack's Mailgun resources as its state records them, for the progress lines of `refresh`
 * and `destroy`: those run no program, so no count is declared (declared-resources.ts), and the
 * engine hands a provider neither the stack's name nor its size. The Pulumi CLI that started this
 * process knows the stack (its arguments, its working directory), and `pulumi stack export` of
 * that stack, run with the same binary, environment and directory, reads the state the operation
 * works on, from any backend, without its passphrase (secrets stay encrypted, and are not looked at).
 * Where the backend is a local directory and the stack is named or selected, the state's file is
 * read instead (diy-state.ts), without starting a second CLI.
 *
 * Linux only (the process tree is read from /proc); elsewhere the lines say how many are done.
 */

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
 * The stack's Mailgun resources: from the file a DIY backend keeps, where the CLI's rules name it
 * (diy-state.ts), else through `pulumi stack export`. MAILGUN_DEBUG says which.
 */
export async function readStateResources(cli: PulumiCli, log: Logger = defaultLogger(), env: NodeJS.ProcessEnv = process.env): Promise<StateResource[] | undefined> {
  try {
    const file = await diyStateFile(cli, stackFlag(cli.args), env);
    if (file) {
      const resources = mailgunResources(await readStateFile(file));
      log(`mailgun: the state's resources read from ${file}`);
      return resources;
    }
  } catch {
    // A file half there or in a format this Node cannot read: the export reads it.
  }
  log("mailgun: the state's resources read through `pulumi stack export`");
  return exportedResources(cli);
}

/**
 * The state's resources, read once a run (the progress lines and the reads sent ahead share
 * them): not before an operation that reads or deletes the state's resources asks for them.
 */
export class OneStateRead {
  private pending?: Promise<StateResource[] | undefined>;
  private readonly cli: () => PulumiCli | undefined;
  constructor(cli: () => PulumiCli | undefined) {
    this.cli = cli;
  }
  get(): Promise<StateResource[] | undefined> {
    if (!this.pending) {
      const cli = this.cli();
      this.pending = cli ? readStateResources(cli) : Promise.resolve(undefined);
    }
    return this.pending;
  }
  clear(): void {
    this.pending = undefined;
  }
}

/** The process's own (read-ahead.ts registers it to be forgotten with the run). */
export const stateRead = new OneStateRead(() => pulumiCliAbove());

/** Whether an operation's total is the state's: a `refresh` or a `destroy` (an `up`'s state lacks what the program adds: it has the program's count). */
export function totalFromState(args: readonly string[]): boolean {
  const operation = operationOf(args);
  return operation === "refresh" || operation === "destroy";
}

/** The state's Mailgun resources when this process serves a `refresh` or a `destroy`; undefined when that cannot be known. */
export async function stackResources(): Promise<StateResource[] | undefined> {
  const cli = pulumiCliAbove();
  return cli && totalFromState(cli.args) ? stateRead.get() : undefined;
}

/** The state's resources, fetched once a run in the background: none until the state is read. */
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
