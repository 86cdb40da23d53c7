import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { mailgunStack, ResourceSpec } from "../../testkit/mailgun-stack";
import { cli, cliEnv, killAndReap, runCli, runCommand } from "../../testkit/pulumi-cli";
import { repoRoot } from "../../testkit/pulumi";

/**
 * A DkimKey replaced (a new selector) whose `pulumi up` is killed once the new key is made and
 * activated, before the engine hears back: the checkpoint holds the old key and a pending create of
 * the new one. `pulumi-mailgun recover` records the new key and marks the old for deletion; the
 * next `up` deletes the old key and changes nothing else.
 */
const EU = "mg.dkim-crash.example.com";
const RECOVER = path.join(repoRoot, "dist", "cli", "index.js");
const domain: ResourceSpec = { kind: "Domain", name: "eu", args: { name: EU, region: "eu" } };
const key = (selector: string): ResourceSpec => ({ kind: "DkimKey", name: "dkim", args: { signingDomain: { $ref: "eu.name" }, region: "eu", selector, bits: 1024, active: true } });

test("a DkimKey replacement killed after the new key was activated: recover, then up, leaves the new key alone and deletes the old", async () => {
  const emulator = await TestEmulator.start({ knobs: { latencyMs: 200 } });
  const project = await mailgunStack(emulator, [domain, key("s1")]);
  try {
    await cli(project, ["up", "--yes", "--skip-preview"]);
    await project.setResources([domain, key("s2")]);
    await emulator.clearRequests();
    const run = runCli(project, ["up", "--yes", "--skip-preview"]);
    while (!(await emulator.requests()).some((r) => r.method === "PUT" && r.path.includes("/keys/s2/activate"))) await new Promise((res) => setTimeout(res, 5));
    await killAndReap(run);
    await new Promise((res) => setTimeout(res, 500));
    const out = await runCommand(process.execPath, [RECOVER, "recover", "--cwd", project.dir, "--stack", "test", "--release-lock"], cliEnv(project));
    expect(out).toMatch(/^import +urn:\S+DkimKey::dkim \(id mg\.dkim-crash\.example\.com\/s2\): a replacement under way/m);
    const state = (await project.stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.endsWith(":DkimKey"));
    expect(state.map((r: { id: string; delete?: boolean }) => `${r.id}${r.delete ? " (to delete)" : ""}`)).toEqual([`${EU}/s1 (to delete)`, `${EU}/s2`]);
    await emulator.clearRequests();
    await cli(project, ["up", "--yes", "--skip-preview"]);
    expect((await emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).toEqual([`DELETE /v1/dkim/keys`]);
    const keys = (await emulator.api("eu", "GET", `/v1/dkim/keys?signing_domain=${EU}`)).items.map((k: { selector: string; dns_record?: { is_active?: boolean } }) => `${k.selector}${k.dns_record?.is_active ? " active" : ""}`);
    expect(keys.filter((k: string) => k.startsWith("s"))).toEqual(["s2 active"]);
    await cli(project, ["preview", "--refresh", "--expect-no-changes"]);
  } finally {
    await project.cleanup();
    await emulator.close();
  }
}, 300_000);
