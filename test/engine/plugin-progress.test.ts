/**
 * Progress lines of a rate-limited `up` through the plugin (pulumi-resource-mailgun) under the real
 * CLI with Pulumi's YAML host. The CLI shows a plugin's stderr only under `--debug`, so the plugin
 * sends its lines to the engine's log (plugin/engine-log.ts); and a YAML program writes no count
 * of its resources, so the plugin counts the resources the engine checks (provider/declared-resources.ts).
 * The engine starts a plugin process per provider resource: at a refresh, each counts the state's
 * resources of its own provider resource (provider/stack-resources.ts).
 * The same lines of the dynamic provider: test/engine/progress.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { pluginCliProject, projectHeader, type PluginCliProject } from "../../testkit/plugin-cli";
import { emulatorLeftovers } from "../../testkit/tour";

jest.setTimeout(240_000);

const LISTS = 20;
const PROGRESS = /mailgun: \d+ calls made in .*/g;

const lists = (n: number, prefix: string, provider?: string) =>
  Array.from({ length: n }, (_, i) => `  ${prefix}${i}:\n    type: mailgun:index:MailingList\n    properties:\n      address: ${prefix}${i}@plugin-progress.example.com\n${provider ? `    options:\n      provider: \${${provider}}\n` : ""}`).join("");
const program = `${projectHeader("plugin-progress")}resources:\n${lists(LISTS, "list")}`;
/** The same, and a second provider resource (the same account) with 16 lists: the engine starts a plugin process for each. */
const TEAM = 16;
const twoProviders = `${projectHeader("plugin-progress")}config:
  key: { type: string, secret: true }
  usUrl: { type: string }
  euUrl: { type: string }
resources:
  team:
    type: pulumi:providers:mailgun
    properties:
      apiKey: \${key}
      apiUrlUs: \${usUrl}
      apiUrlEu: \${euUrl}
${lists(LISTS, "list")}${lists(TEAM, "team", "team")}`;

let emulator: TestEmulator;
let cli: PluginCliProject;

beforeAll(async () => {
  // 2 calls a second: 20 creates take about 10 s, past the first line at 8 s.
  emulator = await TestEmulator.start({ knobs: { rateLimit: { limit: 4, windowMs: 2_000 } } });
  cli = pluginCliProject("plugin-progress", program);
  await cli.ok("stack", "init", "test");
  await cli.ok("config", "set", "mailgun:apiUrlUs", emulator.urls.us);
  await cli.ok("config", "set", "mailgun:apiUrlEu", emulator.urls.eu);
  await cli.ok("config", "set", "--secret", "mailgun:apiKey", emulator.apiKey);
});

afterAll(async () => {
  await emulator?.close();
  cli?.cleanup();
});

test("a rate-limited up through the plugin shows its progress lines: calls made, the rate, the program's resources done and the time left", async () => {
  const up = await cli.ok("up", "--yes", "--skip-preview");
  const lines = up.match(PROGRESS) ?? [];
  expect(lines[0]).toMatch(/paced by the rate limit \(Mailgun allows 4 a window\)/);
  expect(lines.some((l) => new RegExp(`; \\d+ of ${LISTS} resources done, about \\d+ calls and \\d+s left$`).test(l))).toBe(true);
  expect(up).not.toContain(emulator.apiKey);

  await emulator.setKnobs({ rateLimit: null });
  await cli.ok("destroy", "--yes", "--skip-preview");
  expect(await emulatorLeftovers(emulator)).toEqual([]);
});

test("a rate-limited refresh of two provider resources' lists: each plugin process counts the state's resources it serves", async () => {
  fs.writeFileSync(path.join(cli.dir, "Pulumi.yaml"), twoProviders);
  await cli.ok("config", "set", "--secret", "key", emulator.apiKey);
  await cli.ok("config", "set", "usUrl", emulator.urls.us);
  await cli.ok("config", "set", "euUrl", emulator.urls.eu);
  await cli.ok("up", "--yes", "--skip-preview");
  await emulator.setKnobs({ rateLimit: { limit: 4, windowMs: 2_000 } });
  try {
    const refresh = await cli.ok("refresh", "--yes", "--skip-preview");
    // A process whose reads end before its first line says "N resources done so far" instead.
    const totals = (refresh.match(PROGRESS) ?? []).map((l) => / of (\d+) resources done/.exec(l)?.[1]).filter((t) => t !== undefined);
    expect(totals.length).toBeGreaterThan(0);
    for (const total of totals) expect([String(LISTS), String(TEAM)]).toContain(total);
  } finally {
    await emulator.setKnobs({ rateLimit: null });
  }
  await cli.ok("destroy", "--yes", "--skip-preview");
  expect(await emulatorLeftovers(emulator)).toEqual([]);
});
