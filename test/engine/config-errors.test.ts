import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { SETTINGS } from "../../provider/config";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";
import { repoRoot } from "../../testkit/pulumi";
import { runCli } from "../../testkit/pulumi-cli";

const domain = (name: string): ResourceSpec => ({ kind: "Domain", name, args: { name: `${name}.config-test.example.com` } });
const route: ResourceSpec = { kind: "Route", name: "r", args: { expression: 'match_recipient("x@config-test.example.com")', actions: ["stop()"] } };

/** What the CLI lists under "Diagnostics:" (each diagnostic once; the progress lines above repeat them). */
function diagnosticsSection(output: string): string {
  const start = output.indexOf("\nDiagnostics:\n");
  return start < 0 ? "" : output.slice(start, output.indexOf("\nResources:\n", start));
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;
const STACK_LINE = /\.ts:\d+|^\s+at .+\(.*\)$/m;

describe("provider configuration through the real Pulumi engine", () => {
  const t = useMailgunStack([domain("a")]);

  /** `pulumi preview` through the Automation API, with the engine's diagnostic events and the API calls made. */
  async function preview() {
    await t.emulator.clearRequests();
    let output = "";
    const diagnostics: { severity: string; message: string }[] = [];
    const onEvent = (e: EngineEvent) => {
      if (e.diagnosticEvent) diagnostics.push({ severity: e.diagnosticEvent.severity, message: e.diagnosticEvent.message });
    };
    const failed = await t.project.stack.preview({ onOutput: (s) => (output += s), onEvent }).then(() => false, () => true);
    return { failed, output, diagnostics, calls: (await t.emulator.requests()).length };
  }

  afterEach(async () => {
    for (const key of ["mailgun:maxRetries", "mailgun:domainDeleteTimeoutSeconds", "mailgun:apiUrlUS"]) await t.project.stack.removeConfig(key);
    await t.project.setResources([domain("a")]);
  });

  test.each([
    ["one resource", [domain("a")]],
    ["several resources", [domain("a"), domain("b"), route]],
  ])("a bad setting fails preview with its message once and no stack trace (%s)", async (_label, resources) => {
    await t.project.setResources(resources);
    await t.project.stack.setConfig("mailgun:maxRetries", { value: "abc" });
    const message = 'mailgun:maxRetries: expected a whole number of 0 or more, got "abc"';
    const run = await preview();
    expect(run.failed).toBe(true);
    expect(run.calls).toBe(0);
    expect(run.diagnostics.filter((d) => d.message.includes(message))).toHaveLength(1);
    expect(occurrences(diagnosticsSection(run.output), message)).toBe(1);
    expect(run.output).not.toMatch(STACK_LINE);
  }, 120_000);

  test("mailgun:domainDeleteTimeoutSeconds is validated at preview, from config and from the environment; a typo'd key is warned about once", async () => {
    await t.project.stack.setConfig("mailgun:domainDeleteTimeoutSeconds", { value: "abc" });
    const run = await preview();
    expect(run.failed).toBe(true);
    expect(run.calls).toBe(0);
    expect(occurrences(diagnosticsSection(run.output), 'mailgun:domainDeleteTimeoutSeconds: expected a number of seconds of 0 or more, got "abc"')).toBe(1);
    await t.project.stack.removeConfig("mailgun:domainDeleteTimeoutSeconds");

    t.project.env.MAILGUN_DOMAIN_DELETE_TIMEOUT_SECONDS = "ten";
    try {
      const cli = await runCli(t.project, ["preview"]).done;
      expect(cli.code).not.toBe(0);
      expect(occurrences(diagnosticsSection(cli.output), 'MAILGUN_DOMAIN_DELETE_TIMEOUT_SECONDS: expected a number of seconds of 0 or more, got "ten"')).toBe(1);
      expect(cli.output).not.toMatch(STACK_LINE);
    } finally {
      delete t.project.env.MAILGUN_DOMAIN_DELETE_TIMEOUT_SECONDS;
    }
    expect((await t.emulator.requests()).length).toBe(0);

    // A fraction of a second is a valid timeout; the same preview shows a typo'd key is warned about
    // once, naming the closest known key, and is the only warning.
    await t.project.stack.setConfig("mailgun:domainDeleteTimeoutSeconds", { value: "0.5" });
    await t.project.stack.setConfig("mailgun:apiUrlUS", { value: t.emulator.urls.us });
    const run2 = await preview();
    expect(run2.failed).toBe(false);
    const warning = "mailgun:apiUrlUS is not a pulumi-mailgun setting and is ignored; did you mean mailgun:apiUrlUs?";
    expect(run2.diagnostics.filter((d) => d.severity === "warning")).toEqual([{ severity: "warning", message: `${warning}\n` }]);
    expect(occurrences(diagnosticsSection(run2.output), warning)).toBe(1);
  }, 120_000);

  test("docs/configuration.md's table lists every setting with its environment variable and default, and each default passes preview", async () => {
    const section = fs.readFileSync(path.join(repoRoot, "docs", "configuration.md"), "utf8");
    const rows = section.split("\n").filter((l) => /^\| `/.test(l) || /^\| \(environment only\)/.test(l)).map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
    const documented = new Map(rows.map(([key, env, , def]) => [key.replace(/`/g, ""), { env: env.replace(/`/g, ""), def: def.replace(/`/g, "") }]));
    for (const s of SETTINGS) {
      expect(documented.get(s.config)).toMatchObject({ env: s.env, def: expect.stringMatching(/\S/) });
    }
    expect(documented.get("(environment only)")).toMatchObject({ env: "MAILGUN_DEBUG" });
    expect([...documented.keys()].sort()).toEqual([...SETTINGS.map((s) => s.config), "(environment only)"].sort());

    // The documented defaults are real values: set explicitly, preview accepts them and warns about nothing.
    const numeric = SETTINGS.filter((s) => /^\d+$/.test(documented.get(s.config)!.def));
    expect(numeric.map((s) => s.config)).toContain("mailgun:domainDeleteTimeoutSeconds");
    for (const s of numeric) await t.project.stack.setConfig(s.config, { value: documented.get(s.config)!.def });
    try {
      const run = await preview();
      expect(run.failed).toBe(false);
      expect(run.diagnostics.filter((d) => d.severity === "warning" || d.severity === "error")).toEqual([]);
    } finally {
      for (const s of numeric) if (s.config !== "mailgun:consistencyBudgetMs") await t.project.stack.removeConfig(s.config);
      await t.project.stack.setConfig("mailgun:consistencyBudgetMs", { value: "5000" });
    }
  }, 120_000);
});
