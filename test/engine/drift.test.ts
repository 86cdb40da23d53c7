import * as fs from "node:fs";
import * as path from "node:path";
import { objectCounts, TestEmulator } from "../../testkit/emulator";
import { backendSnapshot, exampleStack } from "../../testkit/examples";
import type { TestProject } from "../../testkit/pulumi";
import { runWorkflowStep } from "../../testkit/gitops-workflow";
import { runDriftCli, type ProcessResult } from "../../testkit/process";
import type { DriftReport } from "../../cli/drift/report";
import { renderMarkdown } from "../../cli/drift/render-markdown";
import { renderTable } from "../../cli/drift/render-table";

/**
 * `pulumi-mailgun drift` run as a user runs it (its own process, the built CLI, the real Pulumi
 * CLI on PATH) on the gitops example, after the kind of edits people make in the Mailgun dashboard.
 * The markdown reports come from the example's workflow steps, run as GitHub runs them: one
 * deployed stack serves both the command and the workflow that calls it.
 *
 * Each scenario runs the command once for its JSON report (each run is a `pulumi preview --refresh`
 * of several seconds); the table of that scenario is the same report put through the table
 * renderer here. The default format is still run for real (after remediation), and so is the
 * workflow's markdown step. Argument and preflight errors, decided before Pulumi runs, are
 * proven in test/unit/drift-options.test.ts.
 */
const NAME = "mg.drift-test.example.com";
const PASSWORD = "first-smtp-pass";


describe("pulumi-mailgun drift", () => {
  let emulator: TestEmulator;
  let project: TestProject;
  let sendingKeySecret: string;
  const drift = (...args: string[]) => runDriftCli(["--cwd", project.dir, "--stack", "test", ...args], project.env);

  /** Runs the command and checks it changed nothing: only GETs reached Mailgun, the backend's files are as they were. */
  const readOnlyDrift = async (...args: string[]) => (await readOnly(() => drift(...args)))[0];

  /**
   * Runs read-only commands side by side (each one a `pulumi preview --refresh` of about 4 s;
   * two together took 5 s on a quiet 2-core machine) and checks they changed nothing: only GETs
   * reached Mailgun, the backend's files are as they were, no secret was printed. Commands that
   * write the same file (the workflow's steps both write drift.md) must not share a call.
   */
  async function readOnly<T extends ProcessResult[]>(...runs: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
    await emulator.clearRequests();
    const before = backendSnapshot(project);
    const results = (await Promise.all(runs.map((run) => run()))) as T;
    const requests = await emulator.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(backendSnapshot(project)).toEqual(before);
    for (const result of results) {
      for (const secret of [emulator.apiKey, sendingKeySecret, PASSWORD]) {
        expect(result.stdout).not.toContain(secret);
        expect(result.stderr).not.toContain(secret);
      }
    }
    return results;
  }
  /** One of the gitops workflow's drift steps, run as GitHub runs it. */
  const workflowStep = (job: string) => () => runWorkflowStep(project, job, "pulumi-mailgun drift");

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
    // Without --stack, the stack selected in the project (test) is checked. Beside it, the
    // workflow's scheduled check: the markdown report goes to the run's summary.
    const [json, scheduled] = await readOnly(() => runDriftCli(["--cwd", project.dir, "--format", "json"], project.env), workflowStep("drift"));
    expect(json.code).toBe(0);
    expect(json.stderr).toContain("nothing is changed");
    const report = JSON.parse(json.stdout) as DriftReport;
    expect(report).toMatchObject({ project: "mailgun-gitops", stack: "test", inSync: true, drifted: false, resourceCount: 4, resources: [] });
    expect(renderTable(report)).toBe("No drift in stack test (project mailgun-gitops): the program, the state and Mailgun agree on all 4 resources.\n");

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

    // Beside the JSON report, the workflow's scheduled check.
    const [json, scheduled] = await readOnly(() => drift("--format", "json"), workflowStep("drift"));
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as DriftReport;
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

    // The same report as the table (the default format) shows it.
    const out = renderTable(report);
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

    // The workflow's scheduled check fails the run, with the markdown report in its summary.
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

    // Remediation: the program wins again, and the report is clean: the default format, run for real.
    await project.stack.up({ refresh: true });
    const after = await emulator.state();
    expect(after.eu.routes.find((r: { id: string }) => r.id === route.id).priority).toBe(10);
    expect(after.eu.webhooks[NAME].temporary_fail).toBeDefined();
    expect(after.eu.domains[0].tracking.click.active).toBe(true);
    expect(after.keys.filter((k: { domain_name: string | null }) => k.domain_name === NAME)).toHaveLength(1);
    const clean = await readOnlyDrift();
    expect(clean.code).toBe(0);
    expect(clean.stderr).toContain("nothing is changed");
    expect(clean.stdout).toBe("No drift in stack test (project mailgun-gitops): the program, the state and Mailgun agree on all 4 resources.\n");
  }, 600_000);

  test("program changes not applied yet (a secret one, a resource added, one removed) are reported as such, secrets as [secret]", async () => {
    await project.stack.setConfig("mailgun-gitops:inboundUrl", { value: "https://helpdesk.example.com/v2/inbound" });
    await project.stack.setConfig("mailgun-gitops:smtpPassword", { value: "second-smtp-pass", secret: true });
    // A pull request that adds a route and drops the sending key (and the output that read it).
    const program = path.join(project.dir, "index.ts");
    const original = fs.readFileSync(program, "utf8");
    const keyDeclaration = /\nconst key = new mailgun\.SendingKey\("app", \{[^}]*\}\);\n/;
    const keyOutput = "export const sendingKey = pulumi.secret(key.secret);\n";
    expect(original).toMatch(keyDeclaration);
    expect(original).toContain(keyOutput);
    fs.writeFileSync(
      program,
      `${original.replace(keyDeclaration, "\n").replace(keyOutput, "")}\nnew mailgun.Route("sales", { region, expression: \`match_recipient("sales@\${name}")\`, actions: ["stop()"] });\n`,
    );
    // Another stack is selected meanwhile: --stack checks the one named and leaves the user's selection alone.
    const workspace = project.stack.workspace;
    await workspace.createStack("other");
    try {
      // Beside the JSON report, the pull request's drift step, the workflow's view of such a change.
      const [json, pr] = await readOnly(() => drift("--format", "json"), workflowStep("preview"));
      expect((await workspace.stack())?.name).toBe("other");
      expect(json.code).toBe(2);
      expect(json.stdout).not.toContain("second-smtp-pass");
      const report = JSON.parse(json.stdout) as DriftReport;
      // On a pull request a difference is the point, not a failure: the step passes and records the
      // code; the comment it posts is this same report in markdown.
      expect(pr.code).toBe(0);
      expect(pr.output).toBe("exit-code=2\n");
      const comment = fs.readFileSync(path.join(project.dir, "drift.md"), "utf8");
      expect(comment).toContain("| `Route sales` | `(resource)` |");
      expect(comment).toBe(renderMarkdown(report));
      expect(pr.summary).toBe(comment);

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
      expect(byName.sales).toMatchObject({ type: "Route", change: "not-yet-created", action: "create", presence: { program: true, state: false, mailgun: null }, properties: [] });
      expect(byName.app).toMatchObject({ type: "SendingKey", change: "removed-from-program", action: "delete", presence: { program: false, state: true, mailgun: true }, properties: [] });

      const table = renderTable(report);
      expect(table).toMatch(/^Pending changes in stack test \(project mailgun-gitops\): 4 of 5 resources differ\.$/m);
      expect(table).toMatch(/^Domain transactional\s+smtpPassword \(secret\)\s+\[secret\]\s+\[secret\]\s+\[secret\]\s+update$/m);
      expect(table).toMatch(/^Route sales\s+\(resource\)\s+declared\s+none\s+not checked\s+create$/m);
      expect(table).toMatch(/^SendingKey app\s+\(resource\)\s+not declared\s+recorded\s+exists\s+delete$/m);
      expect(table).toMatch(/^Route support: changed in the program, not applied yet$/m);
      expect(table).toMatch(/^Route sales: in the program, not created yet$/m);
      expect(table).toMatch(/^SendingKey app: removed from the program, still exists$/m);
      expect(table).toContain("To apply the program's changes, run: pulumi up --stack test");
    } finally {
      await workspace.selectStack("test");
      await workspace.removeStack("other");
      fs.writeFileSync(program, original);
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
      const report = JSON.parse(json.stdout) as DriftReport;
      const byName = Object.fromEntries(report.resources.map((r) => [r.name, r]));
      const moved = { program: renamed, state: NAME, mailgun: NAME, origin: "program" };
      expect(byName.transactional).toMatchObject({ change: "changed-in-program", action: "replace", properties: [{ name: "name", ...moved }] });
      expect(byName.app).toMatchObject({ action: "replace", properties: [{ name: "domain", ...moved }] });
      expect(byName.failures).toMatchObject({ action: "replace", properties: [{ name: "domain", ...moved }] });
      expect(byName.support).toMatchObject({ action: "update", properties: [{ name: "expression", program: `match_recipient("support@${renamed}")` }] });

      const table = renderTable(report);
      expect(table).toMatch(/^Domain transactional\s+name\s+mg\.renamed\.example\.com\s+mg\.drift-test\.example\.com\s+mg\.drift-test\.example\.com\s+replace$/m);
      // Cut to fit a terminal; JSON has the whole value.
      expect(table).toContain('Route support         expression  match_recipient("sup…named.example.com")  match_recipient("sup…-test.example.com")  match_recipient("sup…-test.example.com")  update\n');
    } finally {
      await project.stack.setConfig("mailgun-gitops:domain", { value: NAME });
    }
  }, 300_000);

  test("errors the backend decides exit 1 with a message naming the problem and the fix", async () => {
    const { PULUMI_CONFIG_PASSPHRASE: _passphrase, ...withoutPassphrase } = project.env;
    const [noStack, noPassphrase] = await Promise.all([drift("--stack", "no-such-stack"), runDriftCli(["--cwd", project.dir, "--stack", "test"], withoutPassphrase)]);
    expect(noStack.code).toBe(1);
    expect(noStack.stderr).toContain('pulumi-mailgun: stack "no-such-stack" does not exist in this project\'s backend');
    expect(noStack.stderr).toContain("Existing stacks: test");
    expect(noPassphrase.code).toBe(1);
    expect(noPassphrase.stderr).toContain("PULUMI_CONFIG_PASSPHRASE");
  }, 300_000);

  test("destroy leaves the emulator empty", async () => {
    await project.stack.destroy();
    expect(await objectCounts(emulator)).toEqual({ us: { domains: 0, routes: 0, webhookUrls: 0 }, eu: { domains: 0, routes: 0, webhookUrls: 0 }, keys: 0 });
  }, 180_000);
});
