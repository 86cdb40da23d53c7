import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { objectCounts, TestEmulator } from "../../testkit/emulator";
import { backendSnapshot, exampleStack } from "../../testkit/examples";
import { mailgunStack } from "../../testkit/mailgun-stack";
import type { TestProject } from "../../testkit/pulumi";
import { runWorkflowStep } from "../../testkit/gitops-workflow";
import { runDriftCli, type ProcessResult } from "../../testkit/process";

/**
 * `pulumi-mailgun drift` run as a user runs it (its own process, the built CLI, the real Pulumi
 * CLI on PATH) on the gitops example, after the kind of edits people make in the Mailgun dashboard.
 * The markdown reports come from the example's workflow steps, run as GitHub runs them: one
 * deployed stack serves both the command and the workflow that calls it.
 */
const NAME = "mg.drift-test.example.com";
const PASSWORD = "first-smtp-pass";

interface JsonReport {
  inSync: boolean;
  drifted: boolean;
  resourceCount: number;
  resources: Array<{ name: string; type: string; change: string; action: string; presence: Record<string, boolean | null>; properties: Array<Record<string, unknown>> }>;
}

describe("pulumi-mailgun drift", () => {
  let emulator: TestEmulator;
  let project: TestProject;
  let sendingKeySecret: string;
  const drift = (...args: string[]) => runDriftCli(["--cwd", project.dir, "--stack", "test", ...args], project.env);

  /** Runs the command and checks it changed nothing: only GETs reached Mailgun, the backend's files are as they were. */
  const readOnlyDrift = (...args: string[]) => readOnly(() => drift(...args));
  /** One of the gitops workflow's drift steps, read-only the same way. */
  const readOnlyStep = (job: string) => readOnly(() => runWorkflowStep(project, job, "pulumi-mailgun drift"));

  async function readOnly<T extends ProcessResult>(run: () => Promise<T>): Promise<T> {
    await emulator.clearRequests();
    const before = backendSnapshot(project);
    const result = await run();
    const requests = await emulator.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(backendSnapshot(project)).toEqual(before);
    for (const secret of [emulator.apiKey, sendingKeySecret, PASSWORD]) {
      expect(result.stdout).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
    return result;
  }

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    project = await exampleStack(emulator, "gitops", { "mailgun-gitops:domain": NAME });
    await project.stack.setConfig("mailgun-gitops:smtpPassword", { value: PASSWORD, secret: true });
    const up = await project.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 5 });
    sendingKeySecret = up.outputs.sendingKey.value;
    expect(sendingKeySecret).toMatch(/\S{8,}/);
  }, 180_000);
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
  });

  test("in sync: exit 0 and a one-line all-clear, in every format", async () => {
    const table = await readOnlyDrift();
    expect(table.stderr).toContain("nothing is changed");
    expect(table.code).toBe(0);
    expect(table.stdout).toBe("No drift in stack test (project mailgun-gitops): the program, the state and Mailgun agree on all 4 resources.\n");

    const json = await drift("--format", "json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ project: "mailgun-gitops", stack: "test", inSync: true, drifted: false, resourceCount: 4, resources: [] });

    // The workflow's scheduled check: the markdown report goes to the run's summary.
    const scheduled = await readOnlyStep("drift");
    expect(scheduled.code).toBe(0);
    expect(scheduled.stdout).toContain("Mailgun matches the program.");
    expect(scheduled.summary).toMatch(/^### Mailgun drift report: stack `test`\n\nNo drift in stack test/);
  }, 240_000);

  test("edits made in the dashboard: each resource and property named, exit 2, nothing changed; then 0 after up --refresh", async () => {
    const before = await emulator.state();
    const route = before.eu.routes.find((r: { expression: string }) => r.expression.includes(NAME));
    const key = before.keys.find((k: { domain_name: string | null }) => k.domain_name === NAME);
    await emulator.api("eu", "PUT", `/v3/routes/${route.id}`, { priority: "3" });
    await emulator.api("eu", "DELETE", `/v3/domains/${NAME}/webhooks/temporary_fail`);
    await emulator.api("eu", "DELETE", `/v1/keys/${key.id}`);
    await emulator.api("eu", "PUT", `/v3/domains/${NAME}/tracking/click`, { active: "no" });
    await emulator.api("eu", "PUT", `/v3/domains/${NAME}/tracking/open`, { active: "no" });

    const table = await readOnlyDrift();
    expect(table.code).toBe(2);
    const out = table.stdout;
    expect(out).toMatch(/^Drift in stack test \(project mailgun-gitops\): 4 of 4 resources differ\.$/m);
    expect(out).toMatch(/^RESOURCE\s+PROPERTY\s+PROGRAM\s+STATE\s+MAILGUN\s+UP WOULD$/m);
    expect(out).toMatch(/^Domain transactional\s+clickTracking\s+true\s+true\s+false\s+update$/m);
    expect(out).toMatch(/^Domain transactional\s+openTracking\s+true\s+true\s+false\s+update$/m);
    expect(out).toMatch(/^Route support\s+priority\s+10\s+10\s+3\s+update$/m);
    expect(out).toMatch(/^Webhook failures\s+events\s+\[permanent_fail, temporary_fail\]\s+\[permanent_fail, temporary_fail\]\s+\[permanent_fail\]\s+update$/m);
    expect(out).toMatch(/^SendingKey app\s+\(resource\)\s+declared\s+recorded\s+deleted\s+create$/m);
    expect(out).toMatch(/^SendingKey app: deleted in Mailgun$/m);
    expect(out).toMatch(/^Route support: changed in Mailgun$/m);
    expect(out).toContain("To put Mailgun back as the program declares, run: pulumi up --refresh --stack test");
    // Only what the program sets counts: no output-only fields, no secrets that did not change.
    expect(out).not.toMatch(/createdAt|dnsRecords|smtpPassword|state\s/);

    const json = await readOnlyDrift("--format", "json");
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report).toMatchObject({ inSync: false, drifted: true, resourceCount: 4 });
    const byName = Object.fromEntries(report.resources.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["app", "failures", "support", "transactional"]);
    expect(byName.support).toMatchObject({ type: "Route", change: "changed-in-mailgun", action: "update", properties: [{ name: "priority", program: 10, state: 10, mailgun: 3, origin: "mailgun" }] });
    expect(byName.failures.properties).toEqual([
      { name: "events", program: ["permanent_fail", "temporary_fail"], state: ["permanent_fail", "temporary_fail"], mailgun: ["permanent_fail"], origin: "mailgun" },
    ]);
    expect(byName.transactional.properties).toEqual([
      { name: "clickTracking", program: true, state: true, mailgun: false, origin: "mailgun" },
      { name: "openTracking", program: true, state: true, mailgun: false, origin: "mailgun" },
    ]);
    expect(byName.app).toMatchObject({ type: "SendingKey", id: key.id, change: "deleted-in-mailgun", action: "create", presence: { program: true, state: true, mailgun: false }, properties: [] });

    // The workflow's scheduled check fails the run, with the markdown report in its summary.
    const scheduled = await readOnlyStep("drift");
    expect(scheduled.code).toBe(2);
    expect(scheduled.stdout).toContain("::error::Mailgun differs from the program");
    const markdown = scheduled.summary;
    expect(markdown).toContain("| Resource | Property | Program | State | Mailgun | `pulumi up` would |");
    expect(markdown).toContain("| `Route support` | `priority` | `10` | `10` | **`3`** | update |");
    expect(markdown).toContain("| `Domain transactional` | `clickTracking` | `true` | `true` | **`false`** | update |");
    expect(markdown).toContain("| `Domain transactional` | `openTracking` | `true` | `true` | **`false`** | update |");
    expect(markdown).toContain("| `SendingKey app` | `(resource)` | `declared` | `recorded` | **`deleted`** | create |");
    expect(markdown).toContain("| `Webhook failures` | `events` | `[permanent_fail, temporary_fail]` | `[permanent_fail, temporary_fail]` | **`[permanent_fail]`** | update |");
    expect(markdown).toContain("To put Mailgun back as the program declares, run `pulumi up --refresh --stack test`.");
    // On a pull request a difference is the point, not a failure: the step passes and records the code.
    const pr = await readOnlyStep("preview");
    expect(pr.code).toBe(0);
    expect(pr.output).toBe("exit-code=2\n");
    expect(fs.readFileSync(path.join(project.dir, "drift.md"), "utf8")).toContain("openTracking");

    // Remediation: the program wins again, and the report is clean.
    await project.stack.up({ refresh: true });
    const after = await emulator.state();
    expect(after.eu.routes.find((r: { id: string }) => r.id === route.id).priority).toBe(10);
    expect(after.eu.webhooks[NAME].temporary_fail).toBeDefined();
    expect(after.eu.domains[0].tracking.click.active).toBe(true);
    expect(after.keys.filter((k: { domain_name: string | null }) => k.domain_name === NAME)).toHaveLength(1);
    const clean = await readOnlyDrift();
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^No drift in stack test/);
  }, 600_000);

  test("a program change not applied yet, including a secret one, is reported as such, secrets as [secret]", async () => {
    await project.stack.setConfig("mailgun-gitops:inboundUrl", { value: "https://helpdesk.example.com/v2/inbound" });
    await project.stack.setConfig("mailgun-gitops:smtpPassword", { value: "second-smtp-pass", secret: true });
    try {
      const json = await readOnlyDrift("--format", "json");
      expect(json.code).toBe(2);
      expect(json.stdout).not.toContain("second-smtp-pass");
      const report = JSON.parse(json.stdout) as JsonReport;
      expect(report).toMatchObject({ inSync: false, drifted: false });
      const byName = Object.fromEntries(report.resources.map((r) => [r.name, r]));
      expect(byName.support).toMatchObject({ change: "changed-in-program", action: "update" });
      expect(byName.support.properties).toEqual([
        {
          name: "actions",
          program: ['forward("https://helpdesk.example.com/v2/inbound")', "stop()"],
          state: ['forward("https://helpdesk.example.com/inbound/mailgun")', "stop()"],
          mailgun: ['forward("https://helpdesk.example.com/inbound/mailgun")', "stop()"],
          origin: "program",
        },
      ]);
      expect(byName.transactional).toMatchObject({ change: "changed-in-program", properties: [{ name: "smtpPassword", program: "[secret]", state: "[secret]", mailgun: "[secret]", secret: true }] });

      const table = await readOnlyDrift();
      expect(table.code).toBe(2);
      expect(table.stdout).toMatch(/^Pending changes in stack test/m);
      expect(table.stdout).toMatch(/^Domain transactional\s+smtpPassword \(secret\)\s+\[secret\]\s+\[secret\]\s+\[secret\]\s+update$/m);
      expect(table.stdout).toMatch(/^Route support: changed in the program, not applied yet$/m);
      expect(table.stdout).toContain("To apply the program's changes, run: pulumi up --stack test");
    } finally {
      await project.stack.setConfig("mailgun-gitops:inboundUrl", { value: "https://helpdesk.example.com/inbound/mailgun" });
      await project.stack.setConfig("mailgun-gitops:smtpPassword", { value: PASSWORD, secret: true });
    }
  }, 300_000);

  test("renaming the domain in the program: replacements and in-place updates, told apart", async () => {
    const renamed = "mg.renamed.example.com";
    await project.stack.setConfig("mailgun-gitops:domain", { value: renamed });
    try {
      const json = await readOnlyDrift("--format", "json");
      expect(json.code).toBe(2);
      const report = JSON.parse(json.stdout) as JsonReport;
      const byName = Object.fromEntries(report.resources.map((r) => [r.name, r]));
      const moved = { program: renamed, state: NAME, mailgun: NAME, origin: "program" };
      expect(byName.transactional).toMatchObject({ change: "changed-in-program", action: "replace", properties: [{ name: "name", ...moved }] });
      expect(byName.app).toMatchObject({ action: "replace", properties: [{ name: "domain", ...moved }] });
      expect(byName.failures).toMatchObject({ action: "replace", properties: [{ name: "domain", ...moved }] });
      expect(byName.support).toMatchObject({ action: "update", properties: [{ name: "expression", program: `match_recipient("support@${renamed}")` }] });

      const table = await readOnlyDrift();
      expect(table.stdout).toMatch(/^Domain transactional\s+name\s+mg\.renamed\.example\.com\s+mg\.drift-test\.example\.com\s+mg\.drift-test\.example\.com\s+replace$/m);
      // Cut to fit a terminal; JSON has the whole value.
      expect(table.stdout).toContain('Route support         expression  match_recipient("sup…named.example.com")  match_recipient("sup…-test.example.com")  match_recipient("sup…-test.example.com")  update\n');
    } finally {
      await project.stack.setConfig("mailgun-gitops:domain", { value: NAME });
    }
  }, 300_000);

  test("errors exit 1 with a message naming the problem and the fix", async () => {
    const noStack = await drift("--stack", "no-such-stack");
    expect(noStack.code).toBe(1);
    expect(noStack.stderr).toContain('pulumi-mailgun: stack "no-such-stack" does not exist in this project\'s backend');
    expect(noStack.stderr).toContain("Existing stacks: test");

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "pm-no-project-"));
    try {
      const noProject = await runDriftCli(["--cwd", empty, "--stack", "test"], project.env);
      expect(noProject.code).toBe(1);
      expect(noProject.stderr).toContain(`pulumi-mailgun: no Pulumi.yaml in ${empty}`);
      expect(noProject.stderr).toContain("--cwd <dir>");
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }

    const noCli = await runDriftCli(["--cwd", project.dir, "--stack", "test"], { ...project.env, PATH: path.dirname(process.execPath) });
    expect(noCli.code).toBe(1);
    expect(noCli.stderr).toContain("pulumi-mailgun: the Pulumi CLI (pulumi) was not found on PATH");

    const { PULUMI_CONFIG_PASSPHRASE: _passphrase, ...withoutPassphrase } = project.env;
    const noPassphrase = await runDriftCli(["--cwd", project.dir, "--stack", "test"], withoutPassphrase);
    expect(noPassphrase.code).toBe(1);
    expect(noPassphrase.stderr).toContain("PULUMI_CONFIG_PASSPHRASE");

    const badFormat = await drift("--format", "yaml");
    expect(badFormat.code).toBe(1);
    expect(badFormat.stderr).toContain('--format must be one of table, json, markdown (got "yaml")');

    const unknownFlag = await drift("--stak", "x");
    expect(unknownFlag.code).toBe(1);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--stak'/);
    expect(unknownFlag.stderr).toContain("usage: pulumi-mailgun drift");

    const help = await drift("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit code: 0 in sync, 2 differences found, 1 error.");
  }, 300_000);

  test("destroy leaves the emulator empty", async () => {
    await project.stack.destroy();
    expect(await objectCounts(emulator)).toEqual({ us: { domains: 0, routes: 0, webhookUrls: 0 }, eu: { domains: 0, routes: 0, webhookUrls: 0 }, keys: 0 });
  }, 180_000);
});

describe("pulumi-mailgun drift on resources added to and removed from the program", () => {
  let emulator: TestEmulator;
  let project: Awaited<ReturnType<typeof mailgunStack>>;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
  });

  test("a resource not created yet and one still deployed but gone from the program", async () => {
    const route = (name: string, user: string) => ({ kind: "Route" as const, name, args: { expression: `match_recipient("${user}@mg.example.com")`, actions: ["stop()"] } });
    project = await mailgunStack(emulator, [route("old", "old")]);
    await project.stack.up();
    await project.setResources([route("new", "new")]);

    // Another stack is selected: --stack checks the one named and leaves the user's selection alone.
    const workspace = project.stack.workspace;
    await workspace.createStack("other");
    await emulator.clearRequests();
    const result = await runDriftCli(["--cwd", project.dir, "--stack", "test"], project.env);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^Pending changes in stack test \(project mailgun-stack\): 2 of 2 resources differ\.$/m);
    expect(result.stdout).toMatch(/^Route new\s+\(resource\)\s+declared\s+none\s+not checked\s+create$/m);
    expect(result.stdout).toMatch(/^Route old\s+\(resource\)\s+not declared\s+recorded\s+exists\s+delete$/m);
    expect(result.stdout).toMatch(/^Route new: in the program, not created yet$/m);
    expect(result.stdout).toMatch(/^Route old: removed from the program, still exists$/m);
    expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    expect((await emulator.state()).us.routes).toHaveLength(1);
    expect((await workspace.stack())?.name).toBe("other");

    // Without --stack, the selected stack is checked.
    await workspace.removeStack("other");
    await workspace.selectStack("test");
    const selected = await runDriftCli(["--cwd", project.dir], project.env);
    expect(selected.code).toBe(2);
    expect(selected.stdout).toMatch(/^Pending changes in stack test /m);

    await project.stack.destroy();
  }, 300_000);
});
