/**
 * `pulumi-mailgun recover`: repairs a stack after `pulumi up` was interrupted (killed, machine
 * lost, CI timeout), so that the next `pulumi up` ends with exactly the declared Mailgun objects.
 * Steps: repair a checkpoint a kill left unreadable (file-backend.ts), optionally release the
 * killed run's lock, export the state, resolve the pending operations (plan.ts), import the
 * state, refresh.
 * See docs/crash-recovery.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileBackendDir, repairBrokenAttrs } from "./file-backend";
import { planRecovery } from "./plan";

export const RECOVER_USAGE = `usage: pulumi-mailgun recover [--stack NAME] [--cwd DIR] [--release-lock] [--dry-run] [--no-refresh]

With a local file backend (file://), first repairs what a kill during Pulumi's checkpoint write
can leave behind (an empty .attrs file beside the checkpoint: "failed to load checkpoint: EOF").
Then resolves the pending operations an interrupted \`pulumi up\` left in the stack's state:
  Domain, Webhook and DomainCredential creates are recorded with their Mailgun id (Domain: its name; Webhook: the domain and a digest of the URL;
  DomainCredential: its full login) for refresh to read;
  Route, SendingKey, IpAllowlistEntry and other Mailgun pending operations are cleared (their next create takes over what was made).
Then runs \`pulumi refresh --yes\`. Afterwards, run the interrupted command again (\`pulumi up\`, or \`pulumi destroy\`).

If the stack is still locked by the interrupted run, first make sure no pulumi process of that run
is alive, then pass --release-lock (it runs \`pulumi cancel\` after the repair).

  --stack NAME     the stack (default: the selected stack)
  --cwd DIR        the Pulumi project directory (default: the current directory)
  --release-lock   release the lock the interrupted run left (only once none of its processes is alive)
  --dry-run        print what would be done, change nothing
  --no-refresh     edit the state but do not run the refresh`;

export interface RecoverIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export class RecoverError extends Error {}

interface Options {
  stack?: string;
  cwd: string;
  dryRun: boolean;
  refresh: boolean;
  releaseLock: boolean;
}

function parse(args: string[]): Options | "help" {
  const o: Options = { cwd: process.cwd(), dryRun: false, refresh: true, releaseLock: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith("--")) throw new RecoverError(`${a} needs a value\n${RECOVER_USAGE}`);
      return v;
    };
    if (a === "--help" || a === "-h") return "help";
    else if (a === "--stack" || a === "-s") o.stack = value();
    else if (a === "--cwd" || a === "-C") o.cwd = path.resolve(value());
    else if (a === "--dry-run") o.dryRun = true;
    else if (a === "--no-refresh") o.refresh = false;
    else if (a === "--release-lock") o.releaseLock = true;
    else throw new RecoverError(`unknown option ${a}\n${RECOVER_USAGE}`);
  }
  return o;
}

function pulumi(o: Options, args: string[], inherit = false): string {
  const stackScoped = args[0] !== "whoami";
  const full = [...args, "--non-interactive", ...(o.stack && stackScoped ? ["--stack", o.stack] : [])];
  const r = spawnSync("pulumi", full, { cwd: o.cwd, encoding: "utf8", stdio: inherit ? ["ignore", "inherit", "inherit"] : "pipe", maxBuffer: 512 * 1024 * 1024 });
  if (r.error) throw new RecoverError(`could not run pulumi (${r.error.message}); is the Pulumi CLI on PATH?`);
  if (r.status !== 0) {
    const text = `${r.stderr ?? ""}${r.stdout ?? ""}`.trim();
    const hint = /locked/i.test(text) ? "\nThe interrupted run still holds the stack's lock: make sure none of its processes is alive, then run `pulumi-mailgun recover --release-lock` (or `pulumi cancel`)." : "";
    throw new RecoverError(`pulumi ${args.join(" ")} failed (exit ${r.status}):\n${text}${hint}`);
  }
  return r.stdout ?? "";
}

/** Runs before anything reads the stack: an unreadable checkpoint stops every pulumi command. */
function repairFileBackend(o: Options, io: RecoverIo): number {
  let url: string;
  try {
    url = (JSON.parse(pulumi(o, ["whoami", "--json"])) as { url?: string }).url ?? "";
  } catch {
    return 0; // not logged in: the export below reports it with pulumi's own message
  }
  const dir = fileBackendDir(url, o.cwd);
  if (!dir) return 0;
  const repaired = repairBrokenAttrs(dir, o.dryRun);
  for (const r of repaired) {
    io.stdout(
      `${o.dryRun ? "would repair" : "repaired"} ${path.relative(dir, r.file)}: this ${r.bytes}-byte sidecar is unreadable, as a kill during ` +
        `Pulumi's write leaves it (pulumi then fails with "failed to load checkpoint: EOF"); ${o.dryRun ? "it would be removed" : "removed it"}, the file it describes is intact\n`,
    );
  }
  return repaired.length;
}

export async function runRecover(args: string[], io: RecoverIo): Promise<number> {
  const o = parse(args);
  if (o === "help") {
    io.stdout(`${RECOVER_USAGE}\n`);
    return 0;
  }
  if (repairFileBackend(o, io) && o.dryRun) {
    io.stdout("the state cannot be read until this repair is made: run again without --dry-run to make it and see the pending operations\n");
    return 0;
  }
  if (o.releaseLock && !o.dryRun) {
    pulumi(o, ["cancel", "--yes"]);
    io.stdout("released the stack's lock\n");
  }
  const exported = JSON.parse(pulumi(o, ["stack", "export"]));
  const { deployment, steps, foreign, resume } = planRecovery(exported.deployment ?? {});
  if (!steps.length) {
    io.stdout("no pending operations: nothing to recover\n");
  } else {
    for (const s of steps) io.stdout(`${s.action.padEnd(6)} ${s.urn}${s.id ? ` (id ${s.id})` : ""}: ${s.why}\n`);
  }
  if (o.dryRun) return 0;
  if (steps.some((s) => s.action !== "keep")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-mailgun-recover-"));
    const file = path.join(dir, "state.json");
    try {
      // Secrets stay encrypted: the export was made without --show-secrets and goes back as it came.
      fs.writeFileSync(file, JSON.stringify({ ...exported, deployment }, null, 2), { mode: 0o600 });
      pulumi(o, ["stack", "import", "--file", file]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (o.refresh) {
    io.stdout("refreshing: reading every resource back from Mailgun\n");
    pulumi(o, ["refresh", "--yes", "--skip-preview"], true);
  }
  if (foreign) io.stderr(`${foreign} pending create(s) of resources pulumi-mailgun does not manage remain: resolve them with \`pulumi refresh\` interactively or --clear-pending-creates.\n`);
  io.stdout(
    resume === "destroy"
      ? "done: the interrupted run was deleting; to finish a destroy, run `pulumi destroy` (if it was a `pulumi up`, run that instead)\n"
      : "done: now run `pulumi up` (or `pulumi destroy`, if a destroy was interrupted)\n",
  );
  return 0;
}
