import * as fs from "node:fs";
import * as path from "node:path";
import { typeCheck } from "../../testkit/typecheck";
import { parse as parseYaml } from "yaml";
import { objectCounts, TestEmulator } from "../../testkit/emulator";
import { exampleStack } from "../../testkit/examples";
import { gitopsWorkflow, stepRunning } from "../../testkit/gitops-workflow";
import { repoRoot, TestProject } from "../../testkit/pulumi";

/**
 * Every example under examples/ is a complete project that type-checks. Through the CLI runs only
 * what no other test shows:
 * - verified-sending-domain (here): up waits on DNS before it makes what sends.
 * - adopt-from-pulumi-mailgun, transactional-mail: their own files.
 * - gitops: its workflow's drift steps run in drift.test.ts, on the stack that file deploys.
 * Not run: minimal-us-domain and multi-region (a US domain's records, each region's objects in
 * their region: tour.test.ts), adopt-existing (adopt sets a hand-made domain, route and webhook
 * as declared: test/handlers/domain, route, webhook; adopt through the engine and destroy deleting
 * what was adopted: adopt-from-pulumi-mailgun.test.ts).
 */
const EXAMPLES = ["minimal-us-domain", "multi-region", "adopt-existing", "verified-sending-domain", "gitops", "adopt-from-pulumi-mailgun", "transactional-mail"];
const EMPTY = { us: { domains: 0, routes: 0, webhookUrls: 0 }, eu: { domains: 0, routes: 0, webhookUrls: 0 }, keys: 0 };

describe("examples/", () => {
  test.each(EXAMPLES)("%s is a complete project with a README, listed in examples/README.md", (name) => {
    const dir = path.join(repoRoot, "examples", name);
    for (const file of ["Pulumi.yaml", "package.json", "index.ts", "README.md"]) expect(fs.existsSync(path.join(dir, file))).toBe(true);
    // Without its own entry point a project would run the repo root's package.json "main".
    expect(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"))).toMatchObject({ main: "index.ts" });
    expect(parseYaml(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"))).toMatchObject({ runtime: "nodejs" });
    expect(fs.readFileSync(path.join(repoRoot, "examples", "README.md"), "utf8")).toContain(`[${name}](${name}/)`);
  });

  test("every example type-checks against the package's types", () => {
    const files = EXAMPLES.map((name) => path.join(repoRoot, "examples", name, "index.ts"));
    const diagnostics = typeCheck(files);
    expect(diagnostics).toEqual([]);
  }, 120_000);

  describe("gitops", () => {
    test("the workflow is valid YAML: drift check on a schedule, preview and drift comment on pull requests, up on main", () => {
      const wf = gitopsWorkflow();
      expect(wf.on.schedule[0].cron).toMatch(/^(\S+\s+){4}\S+$/);
      expect(wf.on.push.branches).toEqual(["main"]);
      expect(wf.on).toHaveProperty("pull_request");
      for (const job of Object.values(wf.jobs)) {
        expect(job["runs-on"]).toBe("ubuntu-latest");
        for (const step of job.steps) {
          expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
          if (step.uses) expect(step.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
        }
      }
      const { preview, deploy, drift } = wf.jobs;
      expect(preview.if).toContain("pull_request");
      expect(preview.permissions).toMatchObject({ "pull-requests": "write" });
      expect(stepRunning(preview, "pulumi-mailgun drift")?.run).toContain("--format markdown > drift.md");
      expect(stepRunning(preview, "gh pr comment")?.run).toContain("--body-file drift.md");
      expect(stepRunning(preview, "pulumi preview")).toBeDefined();
      expect(deploy.if).toContain("refs/heads/main");
      expect(stepRunning(deploy, "pulumi up")?.run).toContain("--refresh");
      expect(drift.if).toContain("schedule");
      expect(stepRunning(drift, "pulumi-mailgun drift")?.run).toContain("GITHUB_STEP_SUMMARY");
      // The key reaches the provider from the repository's secrets, never from the file.
      expect(wf.env.MAILGUN_API_KEY).toBe("${{ secrets.MAILGUN_API_KEY }}");
    });
  });
});

describe("example projects through the real Pulumi engine", () => {
  let emulator: TestEmulator;
  let project: TestProject | undefined;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
    await emulator.reset();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  async function destroyLeavesNothing(p: TestProject) {
    await p.stack.destroy();
    expect(await objectCounts(emulator)).toEqual(EMPTY);
  }

  test("verified-sending-domain: up waits for the DNS records, then makes what sends; secrets stay secret; destroy leaves nothing", async () => {
    const name = "mg.send.example.com";
    project = await exampleStack(emulator, "verified-sending-domain", {
      "mailgun-verified-sending-domain:domain": name,
      "mailgun-verified-sending-domain:verifyTimeoutSeconds": "60",
    });
    const p = project;
    const running = p.stack.up();
    // The records are published while `up` waits on the verification: nothing that sends exists before.
    const deadline = Date.now() + 120_000;
    while (!(await emulator.state()).us.domains.some((d: { name: string }) => d.name === name)) {
      if (Date.now() > deadline) throw new Error(`${name} was never created`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const before = await emulator.state();
    expect(before.us.credentials[name]).toBeUndefined();
    expect(before.keys.filter((k: { kind: string; primary: boolean }) => !k.primary && k.kind === "domain")).toEqual([]);
    await emulator.dns(name, true);
    const up = await running;

    expect(up.summary.resourceChanges).toMatchObject({ create: 10 }); // nine resources and the stack
    expect(up.stdout).toMatch(new RegExp(`verifying ${name.replace(/\./g, "\\.")}`));
    expect(up.outputs.verification.value).toBe("active");
    expect(up.outputs.dkimRecord.value.name).toBe(`s2026._domainkey.${name}`);
    for (const secret of ["smtpPassword", "appSendingKey", "ciApiKey"]) {
      expect(up.outputs[secret].secret).toBe(true);
      expect(up.stdout).not.toContain(up.outputs[secret].value);
    }
    expect(p.rawState()).not.toContain(up.outputs.smtpPassword.value);
    expect(up.outputs.smtpLogin.value).toBe(`app@${name}`);

    const state = await emulator.state();
    const domain = state.us.domains.find((d: { name: string }) => d.name === name);
    expect(domain.dkim_keys).toEqual(expect.arrayContaining([{ selector: "s2026", key_size: 2048, active: true }]));
    expect(state.us.credentials[name]).toEqual([`app@${name}`]);
    expect(state.ipAllowlist.map((e: { ip_address: string }) => e.ip_address).sort()).toEqual(["2001:db8::/32", "203.0.113.0/24"]);
    expect(state.keys.filter((k: { primary: boolean }) => !k.primary).map((k: { kind: string; role: string }) => `${k.kind}/${k.role}`).sort()).toEqual(["domain/sending", "user/developer"]);
    expect(await objectCounts(emulator)).toMatchObject({ us: { domains: 1, webhookUrls: 2 } });

    await p.stack.preview({ expectNoChanges: true });
    await p.stack.preview({ refresh: true, expectNoChanges: true });
    await destroyLeavesNothing(p);
    const after = await emulator.state();
    expect(after.ipAllowlist).toEqual([]);
    expect(after.us.credentials).toEqual({});
  }, 600_000);
});
