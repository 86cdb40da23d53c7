/**
 * The versioned plugin tarball (`npm run plugin:pack`, docs/languages.md#install) as a user installs
 * it: `pulumi plugin install resource mailgun <version> --file <tarball>` into a fresh PULUMI_HOME,
 * `pulumi plugin ls` lists it, and a YAML program with one Domain and no plugin path in Pulumi.yaml
 * goes up and is destroyed against the emulator through the installed copy. PATH holds only the
 * CLI's folder, node's and the system's, so no other pulumi-resource-mailgun can stand in for it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { runProcess } from "../../testkit/process";
import { repoRoot } from "../../testkit/pulumi";
import { emulatorLeftovers, stateResources } from "../../testkit/tour";

jest.setTimeout(180_000);

const VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const DOMAIN = "plugin-tarball.example.com";
const PROGRAM = `name: plugin-tarball
runtime: yaml
resources:
  domain:
    type: mailgun:index:Domain
    properties:
      name: ${DOMAIN}
outputs:
  state: \${domain.state}
`;

let emulator: TestEmulator;
let work: string;
let env: Record<string, string | undefined>;

async function pulumi(...args: string[]): Promise<string> {
  const r = await runProcess(path.join(repoRoot, ".toolchain", "bin", "pulumi"), [...args, "--non-interactive"], { cwd: path.join(work, "project"), env, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

beforeAll(async () => {
  emulator = await TestEmulator.start();
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pm-plugin-tarball-"));
  for (const d of ["project", "home", "state", "out"]) fs.mkdirSync(path.join(work, d));
  env = {
    HOME: process.env.HOME,
    PATH: [path.join(repoRoot, ".toolchain", "bin"), path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
});

afterAll(async () => {
  await emulator?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("npm run plugin:pack makes a tarball that pulumi plugin install takes; a YAML program runs through the installed plugin", async () => {
  const packed = await runProcess("bash", [path.join(repoRoot, "scripts", "pack-plugin.sh")], {
    cwd: repoRoot,
    env: { ...process.env, PLUGIN_PACK_OUT: path.join(work, "out"), PLUGIN_PACK_NO_BUILD: "1" },
    timeoutMs: 150_000,
  });
  expect({ code: packed.code, stderr: packed.code === 0 ? "" : packed.stderr }).toEqual({ code: 0, stderr: "" });
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch as string] ?? process.arch;
  const tarball = path.join(work, "out", `pulumi-resource-mailgun-v${VERSION}-${process.platform}-${arch}.tar.gz`);
  expect(packed.stdout.trim()).toBe(tarball);

  await pulumi("plugin", "install", "resource", "mailgun", VERSION, "--file", tarball);
  expect(await pulumi("plugin", "ls")).toMatch(new RegExp(`mailgun\\s+resource\\s+${VERSION.replace(/\./g, "\\.")}\\s`));
  const installed = path.join(work, "home", "plugins", `resource-mailgun-v${VERSION}`, "pulumi-resource-mailgun");
  expect(fs.statSync(installed).mode & 0o111).not.toBe(0);

  fs.writeFileSync(path.join(work, "project", "Pulumi.yaml"), PROGRAM);
  await pulumi("stack", "init", "test");
  await pulumi("config", "set", "mailgun:apiUrlUs", emulator.urls.us);
  await pulumi("config", "set", "mailgun:apiUrlEu", emulator.urls.eu);
  await pulumi("config", "set", "--secret", "mailgun:apiKey", emulator.apiKey);
  const up = await pulumi("up", "--yes", "--skip-preview");
  expect(up).not.toMatch(/from \$PATH/);
  const state = fs.readFileSync(path.join(work, "state", ".pulumi", "stacks", "plugin-tarball", "test.json"), "utf8");
  expect(stateResources(state).map((r) => r.type)).toContain("mailgun:index:Domain");
  expect((await emulator.state()).us.domains.map((d: { name: string }) => d.name)).toEqual([DOMAIN]);

  await pulumi("destroy", "--yes", "--skip-preview");
  expect(await emulatorLeftovers(emulator)).toEqual([]);
});
