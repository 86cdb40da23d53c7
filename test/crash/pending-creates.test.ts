import * as path from "node:path";
import { repairBrokenAttrs } from "../../cli/recover/file-backend";
import { TestEmulator } from "../../testkit/emulator";
import { mailgunStack, ResourceSpec } from "../../testkit/mailgun-stack";
import { cli, cliEnv, killAndReap, runCli, runCommand } from "../../testkit/pulumi-cli";
import { repoRoot } from "../../testkit/pulumi";
import { expectReconciled } from "../faults/lifecycle";

/**
 * Why `pulumi-mailgun recover` exists: what Pulumi 3.259's own flags do with the pending create
 * of a Domain whose `pulumi up` was killed after Mailgun made it, and what the helper does.
 */
const DOMAIN: ResourceSpec = { kind: "Domain", name: "main", args: { name: "mg.crash.example.com", region: "eu", clickTracking: true } };
const HOOK: ResourceSpec = { kind: "Webhook", name: "hook", args: { domain: { $ref: "main.name" }, region: "eu", url: "https://hooks.example.com/c", events: ["opened"] } };
const RECOVER = path.join(repoRoot, "dist", "cli", "index.js");

async function killDuringDomainCreate(emulator: TestEmulator, project: Awaited<ReturnType<typeof mailgunStack>>) {
  await emulator.clearRequests();
  const run = runCli(project, ["up", "--yes", "--skip-preview"]);
  for (;;) {
    const posted = (await emulator.requests()).some((r) => r.method === "POST" && r.path === "/v4/domains");
    if (posted) break;
    await new Promise((res) => setTimeout(res, 5));
  }
  await killAndReap(run);
  // Rarely the kill empties a checkpoint's .attrs sidecar (docs/crash-recovery.md); this test is
  // about pending creates, so it makes the repair `recover` would make before reading the state.
  repairBrokenAttrs(path.join(project.dir, ".state"), false);
  // The request was sent: after the emulator's latency, the domain exists, unknown to Pulumi.
  await new Promise((res) => setTimeout(res, 500));
  expect((await emulator.state()).eu.domains.map((d: { name: string }) => d.name)).toEqual(["mg.crash.example.com"]);
  const pending = (await project.stack.exportStack()).deployment.pending_operations ?? [];
  expect(pending.map((p: { type: string; resource: { urn: string } }) => [p.type, p.resource.urn.split("::").pop()])).toEqual([["creating", "main"]]);
  await cli(project, ["cancel", "--yes"]);
}

describe("a Domain created by a killed pulumi up", () => {
  let emulator: TestEmulator;
  beforeEach(async () => {
    emulator = await TestEmulator.start({ knobs: { latencyMs: 300 } });
  });
  afterEach(() => emulator.close());

  test("Pulumi's flags alone: --import-pending-creates imports nothing, and the next up fails with 'already exists'", async () => {
    const project = await mailgunStack(emulator, [DOMAIN]);
    try {
      await killDuringDomainCreate(emulator, project);
      const urn = (await project.stack.exportStack()).deployment.pending_operations[0].resource.urn;
      await cli(project, ["refresh", "--yes", "--import-pending-creates", urn, "--import-pending-creates", "mg.crash.example.com"]);
      const after = (await project.stack.exportStack()).deployment;
      expect(after.resources.filter((r: { type: string }) => r.type.endsWith(":Domain"))).toEqual([]);
      expect(after.pending_operations ?? []).toEqual([]);
      await expect(cli(project, ["up", "--yes", "--skip-preview"])).rejects.toThrow(/mg\.crash\.example\.com already exists in region eu[\s\S]*adopt: true/);
      // The way out once the pending create is gone: adopt the domain once.
      await project.setResources([{ ...DOMAIN, args: { ...DOMAIN.args, adopt: true } }]);
      await cli(project, ["up", "--yes", "--skip-preview"]);
      await expectReconciled(emulator, project, [DOMAIN], "adopting");
    } finally {
      await project.cleanup();
    }
  }, 300_000);

  test("pulumi-mailgun recover records it with its name, refresh reads it, and up finishes the job", async () => {
    const project = await mailgunStack(emulator, [DOMAIN, HOOK]);
    try {
      await killDuringDomainCreate(emulator, project);
      const out = await runCommand(process.execPath, [RECOVER, "recover", "--cwd", project.dir, "--stack", "test"], cliEnv(project));
      expect(out).toMatch(/^import +urn:pulumi:test::mailgun-stack::pulumi-nodejs:dynamic\/mailgun:Domain::main \(id mg\.crash\.example\.com\)/m);
      const recovered = (await project.stack.exportStack()).deployment;
      expect(recovered.pending_operations ?? []).toEqual([]);
      expect(recovered.resources.find((r: { type: string }) => r.type.endsWith(":Domain"))).toMatchObject({ id: "mg.crash.example.com", outputs: { name: "mg.crash.example.com", region: "eu", state: "unverified" } });
      await cli(project, ["up", "--yes", "--skip-preview"]);
      await expectReconciled(emulator, project, [DOMAIN, HOOK], "recovery");
      await cli(project, ["preview", "--expect-no-changes"]);
    } finally {
      await project.cleanup();
    }
  }, 300_000);
});
