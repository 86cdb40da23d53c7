import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * How many Mailgun resources the program declared, handed from the program process to the
 * provider process of the same Pulumi operation, so that progress lines can say how much is left.
 * The engine tells a provider nothing of the work to come (it steps each resource at most
 * `--parallel` ahead), but the program declares every resource within seconds of starting.
 *
 * The two processes share nothing but the engine: both are given its gRPC address (the program in
 * PULUMI_NODEJS_ENGINE, a provider as its argument), unique while the operation runs. The file is
 * keyed by that address and names the program's pid; a reader takes it only while that process
 * lives, so a file left by an earlier operation on a reused port is never read as this one's.
 * `refresh` and `destroy` run no program unless given `--run-program`: then there is no count.
 */
interface Declared {
  pid: number;
  /** By kind: "Route": 671. */
  kinds: Record<string, number>;
}

// One directory per user: another user's would not be writable, and could hand us a false count.
const DIRECTORY = join(tmpdir(), `pulumi-mailgun-${process.getuid?.() ?? "user"}`);

export function declaredFile(engineAddress: string): string {
  return join(DIRECTORY, `declared-${engineAddress.replace(/[^0-9A-Za-z.-]/g, "_")}.json`);
}

/** The engine's address as a provider process is given it: its first argument of the form host:port. */
export function engineAddressOfProvider(argv: readonly string[] = process.argv): string | undefined {
  return argv.slice(2).find((a) => /^(\[[0-9a-fA-F:]+\]|[\w.-]+):\d+$/.test(a));
}

/** Counts the program's resources into the file of its operation; writes at most every `everyMs`. */
export class DeclaredResources {
  private readonly kinds: Record<string, number> = {};
  private timer: NodeJS.Timeout | undefined;
  private written = false;
  private readonly file: string;
  private readonly everyMs: number;
  constructor(file: string, everyMs = 250) {
    this.file = file;
    this.everyMs = everyMs;
  }

  declare(kind: string): void {
    this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
    if (!this.written) return this.write();
    this.timer ??= setTimeout(() => this.write(), this.everyMs).unref();
  }

  private write(): void {
    this.timer = undefined;
    try {
      if (!this.written) {
        mkdirSync(DIRECTORY, { recursive: true, mode: 0o700 });
        process.once("exit", () => this.remove());
      }
      this.written = true;
      const temporary = `${this.file}.${process.pid}`;
      writeFileSync(temporary, JSON.stringify({ pid: process.pid, kinds: this.kinds } satisfies Declared));
      // A reader never sees half a file.
      renameSync(temporary, this.file);
    } catch {
      // Progress lines lose their estimate; the operation itself does not depend on it.
    }
  }

  remove(): void {
    if (this.timer) clearTimeout(this.timer);
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone.
    }
  }
}

/** The program's count by kind for the operation at `engineAddress`, while the program that wrote it runs. */
export function declaredResources(engineAddress: string | undefined): Record<string, number> | undefined {
  if (!engineAddress) return undefined;
  try {
    const d = JSON.parse(readFileSync(declaredFile(engineAddress), "utf8")) as Declared;
    if (typeof d.kinds !== "object" || !isRunning(d.pid)) return undefined;
    return d.kinds;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, under another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

let programCount: DeclaredResources | undefined;

/** Called by the SDK for every resource the program declares (a no-op outside a Pulumi operation). */
export function programDeclaredResource(kind: string): void {
  const engine = process.env.PULUMI_NODEJS_ENGINE;
  if (!engine) return;
  programCount ??= new DeclaredResources(declaredFile(engine));
  programCount.declare(kind);
}

/**
 * The resources the engine has checked in this process's run, by kind: the program's count for a
 * front end whose program writes no file (the plugin, under YAML or Go). The engine checks each
 * resource as the program registers it, and a program registers its resources within seconds.
 */
export class CheckedResources {
  private readonly kindOf = new Map<string, string>();

  checked(urn: string, kind: string): void {
    this.kindOf.set(urn, kind);
  }

  counts(): Record<string, number> | undefined {
    if (!this.kindOf.size) return undefined;
    const counts: Record<string, number> = {};
    for (const kind of this.kindOf.values()) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }

  clear(): void {
    this.kindOf.clear();
  }
}
