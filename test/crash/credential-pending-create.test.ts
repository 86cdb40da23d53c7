import * as path from "node:path";
import { repairBrokenAttrs } from "../../cli/recover/file-backend";
import { TestEmulator } from "../../testkit/emulator";
import { mailgunStack, ResourceSpec } from "../../testkit/mailgun-stack";
import { cli, cliEnv, killAndReap, runCli, runCommand } from "../../testkit/pulumi-cli";
import { repoRoot } from "../../testkit/pulumi";

/**
 * A DomainCredential whose `pulumi up` was killed after Mailgun made it. Mailgun never shows a
 * password, so the next create cannot tell that credential from someone else's: a plain `up`
 * refuses with advice, and `pulumi-mailgun recover` (docs/crash-recovery.md) is the way on.
 */
const NAME = "mg.cred-crash.example.com";
const DOMAIN: ResourceSpec = { kind: "Domain", name: "d", args: { name: NAME } };
const CRED: ResourceSpec = { kind: "DomainCredential", name: "smtp", args: { domain: { $ref: "d.name" }, login: "app", password: { $secret: "pw" } } };
const RECOVER = path.join(repoRoot, "dist", "cli", "index.js");
const POST = `/v3/domains/${NAME}/credentials`;

describe("a DomainCredential created by a killed pulumi up", () => {
  let emulator: TestEmulator;
  beforeEach(async () => {
    emulator = await TestEmulator.start({ knobs: { latencyMs: 300 } });
  });
  afterEach(() => emulator.close());

  test("a plain up refuses with advice and changes nothing; recover records it, and up goes on with the program's password", async () => {
    const project = await mailgunStack(emulator, [DOMAIN], { secrets: { pw: "crash-pass-1" } });
    try {
      await project.stack.up();
      await project.setResources([DOMAIN, CRED]);
      await emulator.clearRequests();
      const run = runCli(project, ["up", "--yes", "--skip-preview"]);
      while (!(await emulator.requests()).some((r) => r.method === "POST" && r.path === POST)) await new Promise((res) => setTimeout(res, 5));
      await killAndReap(run);
      repairBrokenAttrs(path.join(project.dir, ".state"), false);
      await new Promise((res) => setTimeout(res, 500));
      expect((await emulator.state()).us.credentials[NAME]).toEqual([`app@${NAME}`]);
      await cli(project, ["cancel", "--yes"]);
      const pending = async () => ((await project.stack.exportStack()).deployment.pending_operations ?? []).map((p: { type: string; resource: { urn: string } }) => [p.type, p.resource.urn.split("::").pop()]);
      expect(await pending()).toEqual([["creating", "smtp"]]);

      // A plain up: the credential exists and nothing proves it is this resource's, so it is left alone.
      await emulator.clearRequests();
      await expect(cli(project, ["up", "--yes", "--skip-preview"])).rejects.toThrow(/SMTP credential app@mg\.cred-crash\.example\.com already exists in region us[\s\S]*pulumi-mailgun recover[\s\S]*adopt: true/);
      expect((await emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([`POST ${POST} 400`]);
      // Pulumi 3.259 keeps the pending create through that failed up, so the advice's first way still works.
      expect(await pending()).toEqual([["creating", "smtp"]]);

      // The documented way on: recover records it by its full login, the refresh reads it.
      const out = await runCommand(process.execPath, [RECOVER, "recover", "--cwd", project.dir, "--stack", "test"], cliEnv(project));
      expect(out).toMatch(/^import +urn:pulumi:test::mailgun-stack::pulumi-nodejs:dynamic\/mailgun:DomainCredential::smtp \(id app@mg\.cred-crash\.example\.com\)/m);
      // The up that follows has nothing to write: the password recorded is the program's, which Mailgun has.
      await emulator.clearRequests();
      await cli(project, ["up", "--yes", "--skip-preview"]);
      expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);
      expect((await emulator.state()).us.credentials[NAME]).toEqual([`app@${NAME}`]);
      await cli(project, ["preview", "--expect-no-changes"]);
      const smtp = (await project.stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith(":DomainCredential"));
      // The password stays a secret: an envelope in the export, never plain text in the state file.
      expect(smtp).toMatchObject({ id: `app@${NAME}`, outputs: { address: `app@${NAME}`, password: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" } } });
      expect(project.rawState()).not.toContain("crash-pass-1");
    } finally {
      await project.cleanup();
    }
  }, 300_000);
});
