import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { typeCheck } from "../../testkit/typecheck";
import { parse as parseYaml } from "yaml";
import { objectCounts, TestEmulator } from "../../testkit/emulator";
import { exampleStack } from "../../testkit/examples";
import { repoRoot, TestProject } from "../../testkit/pulumi";
import { pathWithPulumi, runProcess } from "../../testkit/process";

/** Each example under examples/ is a complete project: up, a preview with no changes, destroy leaving Mailgun empty. */
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

  /** up, then a preview that must show no changes; returns the stack outputs. */
  async function upAndPreview(p: TestProject) {
    const up = await p.stack.up();
    await p.stack.preview({ expectNoChanges: true });
    await p.stack.preview({ refresh: true, expectNoChanges: true });
    return up;
  }

  async function destroyLeavesNothing(p: TestProject) {
    await p.stack.destroy();
    expect(await objectCounts(emulator)).toEqual(EMPTY);
  }

  test("minimal-us-domain: one US domain and its DNS records", async () => {
    project = await exampleStack(emulator, "minimal-us-domain");
    const up = await upAndPreview(project);
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(up.outputs.state.value).toBe("unverified");
    expect(up.outputs.dnsRecords.value.mx.map((r: { value: string }) => r.value)).toEqual(["mxa.mailgun.org", "mxb.mailgun.org"]);
    expect(await objectCounts(emulator)).toMatchObject({ us: { domains: 1 }, eu: { domains: 0 } });
    await destroyLeavesNothing(project);
  }, 300_000);

  test("multi-region: each region's objects live in that region", async () => {
    project = await exampleStack(emulator, "multi-region", { "mailgun-multi-region:baseDomain": "shop.example.com" });
    const up = await upAndPreview(project);
    expect(up.summary.resourceChanges).toMatchObject({ create: 8 });
    expect(await objectCounts(emulator)).toEqual({ us: { domains: 1, routes: 1, webhookUrls: 3 }, eu: { domains: 1, routes: 1, webhookUrls: 3 }, keys: 1 });
    const state = await emulator.state();
    expect(state.eu.domains[0].name).toBe("mg-eu.shop.example.com");
    expect(state.us.domains[0].name).toBe("mg-us.shop.example.com");
    expect(state.keys.find((k: { primary: boolean }) => !k.primary).domain_name).toBe("mg-eu.shop.example.com");
    expect(up.outputs.dnsRecords.value.eu.mx[0].value).toBe("mxa.eu.mailgun.org");
    expect(up.outputs.dnsRecords.value.us.mx[0].value).toBe("mxa.mailgun.org");
    expect(up.outputs.euSendingKey.secret).toBe(true);
    await destroyLeavesNothing(project);
  }, 300_000);

  test("adopt-existing: a setup made by hand is taken over, not duplicated, and converged to the program", async () => {
    const name = "mg.legacy.example.com";
    // What a person made in the dashboard, through the same API.
    await emulator.api("us", "POST", "/v4/domains", { name, spam_action: "disabled" });
    const route = await emulator.api("us", "POST", "/v3/routes", {
      expression: `match_recipient("billing@${name}")`,
      action: ['forward("https://old-billing.example.com/in")'],
      priority: "1",
      description: "made by hand",
    });
    await emulator.api("us", "POST", `/v3/domains/${name}/webhooks`, { id: "permanent_fail", url: "https://billing.example.com/mailgun/bounces" });
    const handMade = await emulator.state();

    project = await exampleStack(emulator, "adopt-existing");
    const up = await upAndPreview(project);
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
    const state = await emulator.state();
    expect(await objectCounts(emulator)).toEqual({ ...EMPTY, us: { domains: 1, routes: 1, webhookUrls: 1 } });
    // The very same objects, now as the program says.
    expect(state.us.domains[0]).toMatchObject({ id: handMade.us.domains[0].id, spam_action: "block" });
    expect(state.us.domains[0].tracking.click.active).toBe(true);
    expect(state.us.routes[0]).toMatchObject({ id: route.route.id, priority: 5, actions: ['forward("https://billing.example.com/inbound")', "stop()"] });
    expect(up.outputs.domainId.value).toBe(handMade.us.domains[0].id);
    // Adopted means owned: destroy deletes what was made by hand too.
    await destroyLeavesNothing(project);
  }, 300_000);

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

  describe("gitops", () => {
    const workflowFile = path.join(repoRoot, "examples", "gitops", ".github", "workflows", "mailgun.yml");
    type Step = { name?: string; id?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
    type Job = { if: string; "runs-on": string; permissions?: Record<string, string>; steps: Step[] };
    const workflow = () => parseYaml(fs.readFileSync(workflowFile, "utf8")) as { name: string; on: Record<string, any>; env: Record<string, string>; jobs: Record<string, Job> };
    const stepRunning = (job: Job, text: string) => job.steps.find((s) => s.run?.includes(text));

    test("the workflow is valid YAML: drift check on a schedule, preview and drift comment on pull requests, up on main", () => {
      const wf = workflow();
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

    test("up, the workflow's drift steps run as GitHub would run them (in sync, then after a dashboard edit), destroy", async () => {
      project = await exampleStack(emulator, "gitops", { "mailgun-gitops:domain": "mg.gitops.example.com" });
      const p = project;
      const up = await upAndPreview(p);
      expect(up.summary.resourceChanges).toMatchObject({ create: 5 });

      // npm makes a package's bin executable when it installs the package; this repo's own
      // `tsc` build writes dist/cli/index.js without the x bit, and npx then answers "Permission denied".
      fs.chmodSync(path.join(repoRoot, "dist", "cli", "index.js"), 0o755);
      const wf = workflow();
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "pm-gha-"));
      /** One `run:` step the way GitHub runs it: bash -eo pipefail, with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
      const runStep = async (job: string, text: string) => {
        const script = path.join(work, "step.sh");
        fs.writeFileSync(script, stepRunning(wf.jobs[job], text)!.run!);
        for (const f of ["output", "summary"]) fs.writeFileSync(path.join(work, f), "");
        const result = await runProcess("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
          cwd: p.dir,
          env: { HOME: process.env.HOME, PATH: pathWithPulumi(), ...p.env, STACK: "test", GITHUB_OUTPUT: path.join(work, "output"), GITHUB_STEP_SUMMARY: path.join(work, "summary") },
          timeoutMs: 240_000,
        });
        return { ...result, output: fs.readFileSync(path.join(work, "output"), "utf8"), summary: fs.readFileSync(path.join(work, "summary"), "utf8") };
      };
      try {
        const clean = await runStep("drift", "pulumi-mailgun drift");
        expect(clean.code).toBe(0);
        expect(clean.stdout).toContain("Mailgun matches the program.");
        expect(clean.summary).toContain("No drift in stack test");

        await emulator.api("eu", "PUT", "/v3/domains/mg.gitops.example.com/tracking/open", { active: "no" });
        const drifted = await runStep("drift", "pulumi-mailgun drift");
        expect(drifted.code).toBe(2);
        expect(drifted.stdout).toContain("::error::Mailgun differs from the program");
        expect(drifted.summary).toContain("| `Domain transactional` | `openTracking` | `true` | `true` | **`false`** | update |");

        // On a pull request a difference is the point, not a failure: the step passes and records the code.
        const pr = await runStep("preview", "pulumi-mailgun drift");
        expect(pr.code).toBe(0);
        expect(pr.output).toBe("exit-code=2\n");
        expect(fs.readFileSync(path.join(p.dir, "drift.md"), "utf8")).toContain("openTracking");
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
      await p.stack.up({ refresh: true });
      await destroyLeavesNothing(p);
    }, 600_000);
  });
});
