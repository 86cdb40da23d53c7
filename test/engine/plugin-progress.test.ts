/**
 * Progress lines of a rate-limited `up` through the plugin (pulumi-resource-mailgun) under the real
 * CLI with Pulumi's YAML host. The CLI shows a plugin's stderr only under `--debug`, so the plugin
 * sends its lines to the engine's log (plugin/engine-log.ts); and a YAML program writes no count
 * of its resources, so the plugin counts the resources the engine checks (provider/declared-resources.ts).
 * The same lines of the dynamic provider: test/engine/progress.test.ts.
 */
import { TestEmulator } from "../../testkit/emulator";
import { pluginCliProject, projectHeader, type PluginCliProject } from "../../testkit/plugin-cli";
import { emulatorLeftovers } from "../../testkit/tour";

jest.setTimeout(240_000);

const LISTS = 20;
const PROGRESS = /mailgun: \d+ calls made in .*/g;

const program = `${projectHeader("plugin-progress")}resources:
${Array.from({ length: LISTS }, (_, i) => `  list${i}:\n    type: mailgun:index:MailingList\n    properties:\n      address: list${i}@plugin-progress.example.com\n`).join("")}`;

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
