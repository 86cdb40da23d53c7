/**
 * A refresh's reads, sent ahead of the engine. `pulumi refresh` reads every resource of the state,
 * but the engine asks a provider for them `--parallel` at a time in the state's order, and each of
 * its lanes waits for the read's calls: a 200-resource refresh at 50 ms a request spent 0.9-1.0 s
 * in reads where the engine alone (a provider that calls nothing) spent 0.35-0.45 s. At the
 * engine's first read, the provider reads the state itself (stack-resources.ts: the read the
 * progress lines use too) and runs every other resource's read ahead, `maxConcurrency` at a time,
 * in the same order. Those reads only send GETs, one attempt each, and keep the answers
 * (client/early-answers.ts); when the engine's read of a resource comes, its calls take them
 * instead of going out again, and it runs as it always did (parses, retries, waits out
 * consistency, returns what it read). Nothing is sent that the refresh would not send.
 *
 * Only the resources of the provider resource whose process this is are read ahead: the engine
 * starts a plugin process per provider resource (each with its own account, region and key), and
 * the first read's resource in the state tells which one this is.
 *
 * Not done: for `--target`/`--exclude` runs (the engine reads only some resources, and reading the
 * rest would be calls nobody takes); for dynamic resources whose Mailgun account key is stored with
 * them (the state has it encrypted, and a read in the stack's own account instead must not happen);
 * off Linux or when the state cannot be exported (no reads ahead: the refresh is as before).
 */
import { ahead } from "./client/early-answers";
import { ACCOUNT_KEY, without } from "./accounts";
import { asReader } from "./resources/listings";
import type { Props } from "./resources/types";
import { runWide } from "./run-state";
import { operationOf, type PulumiCli, pulumiCliAbove } from "./pulumi-cli";
import { sameProvider, type StateResource, stateRead } from "./stack-resources";

/** Whether the operation the CLI runs reads every resource of the state (refresh, or `--refresh`), and all of them. */
export function readsWholeState(args: readonly string[]): boolean {
  const flags = args.slice(1);
  const refreshes = operationOf(args) === "refresh" || flags.some((a) => a === "--refresh" || a === "-r" || a === "--refresh=true");
  const narrowed = flags.some((a) => /^(--target|--exclude|-t$|-t.)/.test(a));
  return refreshes && !narrowed;
}

/** Pulumi marks a secret in exported state with this key (its value is the ciphertext's envelope). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** The outputs with every encrypted value left out: a read ahead needs ids and names, never secrets. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (!value || typeof value !== "object") return value;
  if (SECRET_SIG in value) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const plain = withoutSecrets(v);
    if (plain !== undefined) out[k] = plain;
  }
  return out;
}

/**
 * Reads ahead at a time, per call the client may have under way: many reads wait on a listing
 * another one fetches (a domain's webhooks, a region's keys) without a call of their own, and the
 * client holds the calls to `maxConcurrency` whatever the reads. With one read per call lane, a
 * 200-resource refresh kept 3-4 calls under way of the 8 it may.
 */
const READS_PER_CALL = 8;

/**
 * Whether a read ahead works in the account the engine's read will: the plugin reads every
 * resource in its own configuration's account (plugin/server.ts leaves the Account's fields out);
 * a dynamic resource with its Account's key stored has it encrypted in the state.
 */
function readable(r: StateResource): boolean {
  return r.front === "plugin" || r.outputs[ACCOUNT_KEY] === undefined;
}

export type Read = (kind: string, id: string, props: Props) => Promise<unknown>;

export function readerKey(kind: string, id: string): string {
  return `${kind}/${id}`;
}

export class ReadAhead {
  private started = false;
  private running: Promise<void> = Promise.resolve();
  /** Resources the engine has asked for: not read ahead. */
  private readonly engineRead = new Set<string>();

  private state: () => Promise<StateResource[] | undefined>;
  private cli: () => PulumiCli | undefined;

  constructor(state: () => Promise<StateResource[] | undefined>, cli: () => PulumiCli | undefined) {
    this.state = state;
    this.cli = cli;
  }

  /**
   * The engine reads a resource; at its first read in a run that reads the whole state, the rest
   * are read ahead through `read`, with `lanes` calls under way (the client's maxConcurrency).
   */
  engineReads(kind: string, id: string, front: StateResource["front"], read: Read, lanes: number): void {
    this.engineRead.add(readerKey(kind, id));
    if (this.started) return;
    this.started = true;
    const cli = this.cli();
    if (!cli || !readsWholeState(cli.args)) return;
    this.running = this.state()
      // Reading another provider resource's would be calls in the wrong account: none when unsure.
      .then((resources) => this.readAll((sameProvider(resources ?? [], [{ kind, id }]) ?? []).filter((r) => r.front === front && readable(r)), read, lanes))
      .catch(() => undefined);
  }

  /** When the run's reads ahead are over (tests wait for it). */
  settled(): Promise<void> {
    return this.running;
  }

  /** Where the state and the CLI's arguments come from: tests, which run under no Pulumi CLI, give their own. */
  useSources(state: () => Promise<StateResource[] | undefined>, cli: () => PulumiCli | undefined): void {
    this.state = state;
    this.cli = cli;
  }

  private async readAll(resources: StateResource[], read: Read, lanes: number): Promise<void> {
    let next = 0;
    const lane = async () => {
      for (let r = resources[next++]; r; r = resources[next++]) {
        const key = readerKey(r.kind, r.id);
        if (this.engineRead.has(key)) continue;
        const props = withoutSecrets(r.front === "plugin" ? without(r.outputs) : r.outputs) as Props;
        try {
          await ahead(() => asReader(key, () => read(r.kind, r.id, props)));
        } catch {
          // A read ahead that fails costs nothing: the engine's read of the resource sends its calls itself.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, lanes) * READS_PER_CALL }, lane));
  }

  clear(): void {
    this.started = false;
    this.running = Promise.resolve();
    this.engineRead.clear();
  }
}

runWide(stateRead);
export const readAhead = runWide(new ReadAhead(() => stateRead.get(), () => pulumiCliAbove()));
