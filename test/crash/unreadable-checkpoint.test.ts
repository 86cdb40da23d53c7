import * as fs from "node:fs";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { mailgunStack, MailgunTestProject, ResourceSpec } from "../../testkit/mailgun-stack";
import { cli, cliEnv, killAndReap, runCli, runCommand } from "../../testkit/pulumi-cli";
import { repoRoot } from "../../testkit/pulumi";
import { expectReconciled } from "../faults/lifecycle";

/**
 * The one thing a kill can break in Pulumi's file backend: gocloud's fileblob renames the
 * checkpoint into place atomically but rewrites its `.attrs` sidecar in place, so a kill between
 * truncating and writing the sidecar leaves it empty. This test makes exactly that state (an
 * empty sidecar, and the lock of a killed `pulumi up`) and checks that `pulumi-mailgun recover
 * --release-lock` brings the stack back to its latest checkpoint, not an older one.
 */
const RECOVER = path.join(repoRoot, "dist", "cli", "index.js");
const ROUTE = (priority: number): ResourceSpec => ({ kind: "Route", name: "support", args: { expression: 'match_recipient("support@mg.ckpt.example.com")', actions: ['forward("https://h.example.com/in")'], priority } });
const DOMAIN: ResourceSpec = { kind: "Domain", name: "main", args: { name: "mg.ckpt.example.com" } };
const KEY: ResourceSpec = { kind: "SendingKey", name: "key", args: { domain: { $ref: "main.name" }, description: "ci" } };

function stackFiles(project: MailgunTestProject) {
  const dir = path.join(project.dir, ".state", ".pulumi");
  return { checkpoint: path.join(dir, "stacks", "mailgun-stack", "test.json"), locks: path.join(dir, "locks", "organization", "mailgun-stack", "test") };
}

/** Starts `pulumi up` and kills it (with its plugins) once it holds the stack's lock. */
async function killHoldingLock(project: MailgunTestProject): Promise<void> {
  const { locks } = stackFiles(project);
  const run = runCli(project, ["up", "--yes", "--skip-preview"]);
  let exited = false;
  void run.done.then(() => (exited = true));
  while (!(fs.existsSync(locks) && fs.readdirSync(locks).some((f) => f.endsWith(".json")))) {
    if (exited) throw new Error(`pulumi up ended before its lock appeared in ${locks}:\n${(await run.done).output}`);
    await new Promise((res) => setTimeout(res, 5));
  }
  await killAndReap(run);
}

describe("a checkpoint whose .attrs sidecar a kill left empty", () => {
  let emulator: TestEmulator;
  let project: MailgunTestProject;
  beforeAll(async () => {
    emulator = await TestEmulator.start();
    project = await mailgunStack(emulator, [DOMAIN, ROUTE(10), KEY]);
    await cli(project, ["up", "--yes", "--skip-preview"]);
  }, 120_000);
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
  });

  test("blocks every pulumi command; recover --release-lock repairs it, keeps the latest checkpoint, and up finishes", async () => {
    const { checkpoint } = stackFiles(project);
    await project.setResources([DOMAIN, ROUTE(20), KEY]);
    await killHoldingLock(project);
    const latest = fs.readFileSync(checkpoint, "utf8");
    fs.truncateSync(`${checkpoint}.attrs`, 0);

    // What a user meets: the state cannot be read, and the lock cannot be released.
    await expect(cli(project, ["stack", "export"])).rejects.toThrow(/failed to load checkpoint: EOF/);
    await expect(cli(project, ["cancel", "--yes"])).rejects.toThrow(/failed to load checkpoint: EOF/);

    const env = cliEnv(project);
    const dry = await runCommand(process.execPath, [RECOVER, "recover", "--cwd", project.dir, "--stack", "test", "--release-lock", "--dry-run"], env);
    expect(dry).toMatch(/would repair \.pulumi\/stacks\/mailgun-stack\/test\.json\.attrs: this 0-byte sidecar is unreadable/);
    expect(fs.statSync(`${checkpoint}.attrs`).size).toBe(0);

    const out = await runCommand(process.execPath, [RECOVER, "recover", "--cwd", project.dir, "--stack", "test", "--release-lock"], env);
    expect(out).toMatch(/^repaired \.pulumi\/stacks\/mailgun-stack\/test\.json\.attrs: .*the file it describes is intact$/m);
    expect(out).toMatch(/^released the stack's lock$/m);
    expect(out).toMatch(/done: now run `pulumi up` \(or `pulumi destroy`, if a destroy was interrupted\)/);
    // The latest checkpoint, not the backup: the refresh rewrote it, but from the same resources.
    const ids = (text: string) => (JSON.parse(text).checkpoint.latest.resources as { id?: string }[]).map((r) => r.id).filter(Boolean).sort();
    expect(ids(fs.readFileSync(checkpoint, "utf8"))).toEqual(ids(latest));

    await cli(project, ["up", "--yes", "--skip-preview"]);
    await expectReconciled(emulator, project, [DOMAIN, ROUTE(20), KEY], "repair and up");
    await cli(project, ["preview", "--expect-no-changes"]);
  }, 300_000);
});
