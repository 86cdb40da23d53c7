/**
 * The provider plugin (pulumi-resource-mailgun) under the real CLI with Pulumi's YAML language
 * host, against the emulator: a YAML program of eight kinds (one route on an explicit provider in
 * the EU) goes up, previews with no changes, keeps its secret out of the state file's plain text,
 * shows drift made by hand in a refreshing preview, is repaired by up, and is destroyed without leftovers; then a
 * domain, a template, a list and a member made by hand are imported with `pulumi import --file`
 * (no write at Mailgun) and a program stating them previews with no changes. The engine finds the plugin through the project's plugin path
 * (Pulumi.yaml `plugins.providers`), pointing at the repo's bin/.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { runProcess } from "../../testkit/process";
import { repoRoot } from "../../testkit/pulumi";
import { emulatorLeftovers, stateResources } from "../../testkit/tour";

jest.setTimeout(180_000);

const DOMAIN = "plugin-yaml.example.com";
const IMPORTED = "imported.example.com";
const PASSWORD = "smtp-Secret-4711";

const header = (name: string) => `name: ${name}
runtime: yaml
plugins:
  providers:
    - name: mailgun
      path: ${path.join(repoRoot, "bin")}
`;

const EIGHT_KINDS = `${header("plugin-yaml")}config:
  smtpPassword:
    type: string
    secret: true
  euKey:
    type: string
    secret: true
  euUrl:
    type: string
  usUrl:
    type: string
resources:
  # An explicit provider: its own settings (here the EU region), as a mailgun.Account is under TypeScript.
  euProvider:
    type: pulumi:providers:mailgun
    properties:
      apiKey: \${euKey}
      region: eu
      apiUrlUs: \${usUrl}
      apiUrlEu: \${euUrl}
  euRoute:
    type: mailgun:index:Route
    properties:
      expression: match_recipient("eu@${DOMAIN}")
      actions: ["stop()"]
    options:
      provider: \${euProvider}
  domain:
    type: mailgun:index:Domain
    properties:
      name: ${DOMAIN}
  route:
    type: mailgun:index:Route
    properties:
      expression: match_recipient("info@${DOMAIN}")
      actions: ["stop()"]
  webhook:
    type: mailgun:index:Webhook
    properties:
      domain: \${domain.name}
      url: https://hooks.example.com/mailgun
      events: [delivered]
  credential:
    type: mailgun:index:DomainCredential
    properties:
      domain: \${domain.name}
      login: app
      password: \${smtpPassword}
  list:
    type: mailgun:index:MailingList
    properties:
      address: news@\${domain.name}
  member:
    type: mailgun:index:MailingListMember
    properties:
      list: \${list.address}
      address: alice@example.org
  template:
    type: mailgun:index:Template
    properties:
      domain: \${domain.name}
      name: welcome
  version:
    type: mailgun:index:TemplateVersion
    properties:
      domain: \${domain.name}
      template: \${template.name}
      tag: v1
      content: "<p>Hello {{name}}</p>"
      active: true
outputs:
  domainState: \${domain.state}
  routeId: \${route.routeId}
`;

const IMPORTED_ONLY = `${header("plugin-yaml")}resources:
  imported:
    type: mailgun:index:Domain
    properties:
      name: ${IMPORTED}
  welcome:
    type: mailgun:index:Template
    properties:
      domain: ${IMPORTED}
      name: welcome
      description: made by hand
  news:
    type: mailgun:index:MailingList
    properties:
      address: news@${IMPORTED}
  ann:
    type: mailgun:index:MailingListMember
    properties:
      list: news@${IMPORTED}
      address: ann@example.com
      name: Ann
`;

/** What `pulumi import --file` takes: the objects made by hand, by their import ids (docs/import.md). */
const TO_IMPORT = {
  resources: [
    { type: "mailgun:index:Domain", name: "imported", id: IMPORTED },
    { type: "mailgun:index:Template", name: "welcome", id: `us/${IMPORTED}/welcome` },
    { type: "mailgun:index:MailingList", name: "news", id: `news@${IMPORTED}` },
    { type: "mailgun:index:MailingListMember", name: "ann", id: `news@${IMPORTED}/ann@example.com` },
  ],
};

let emulator: TestEmulator;
let dir: string;
let home: string;
let env: Record<string, string | undefined>;

async function pulumi(...args: string[]): Promise<string> {
  const r = await runProcess(path.join(repoRoot, ".toolchain", "bin", "pulumi"), [...args, "--non-interactive"], { cwd: dir, env, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

function stateFile(): string {
  return fs.readFileSync(path.join(dir, ".state", ".pulumi", "stacks", "plugin-yaml", "test.json"), "utf8");
}

beforeAll(async () => {
  emulator = await TestEmulator.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pm-plugin-yaml-"));
  home = fs.mkdtempSync(path.join(os.tmpdir(), "pm-home-"));
  fs.mkdirSync(path.join(dir, ".state"));
  env = {
    HOME: process.env.HOME,
    // The plugin runs on the Node that runs the tests (>= 22); the CLI and the YAML host are in .toolchain/bin.
    PATH: [path.join(repoRoot, ".toolchain", "bin"), path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), EIGHT_KINDS);
  await pulumi("stack", "init", "test");
  await pulumi("config", "set", "mailgun:apiUrlUs", emulator.urls.us);
  await pulumi("config", "set", "mailgun:apiUrlEu", emulator.urls.eu);
  await pulumi("config", "set", "--secret", "mailgun:apiKey", emulator.apiKey);
  await pulumi("config", "set", "--secret", "smtpPassword", PASSWORD);
  await pulumi("config", "set", "--secret", "euKey", emulator.apiKey);
  await pulumi("config", "set", "euUrl", emulator.urls.eu);
  await pulumi("config", "set", "usUrl", emulator.urls.us);
});

afterAll(async () => {
  await emulator?.close();
  for (const d of [dir, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

test("a YAML program of eight kinds, one route on an explicit EU provider: up, no-change preview, secrets kept, drift by hand shown and repaired, destroy leaves nothing", async () => {
  await pulumi("up", "--yes", "--skip-preview");
  const resources = stateResources(stateFile()).filter((r) => r.type.startsWith("mailgun:index:"));
  expect(resources.map((r) => r.type).sort()).toEqual(
    ["Domain", "DomainCredential", "MailingList", "MailingListMember", "Route", "Route", "Template", "TemplateVersion", "Webhook"].map((k) => `mailgun:index:${k}`),
  );
  const s = await emulator.state();
  // The explicit provider's route is in its region; the stack's in the stack's (us).
  expect([s.us.routes.length, s.eu.routes.length]).toEqual([1, 1]);
  expect(s.eu.routes[0].expression).toBe(`match_recipient("eu@${DOMAIN}")`);
  expect(s.us.domains.map((d: { name: string }) => d.name)).toEqual([DOMAIN]);
  expect(s.us.credentials[DOMAIN]).toEqual([`app@${DOMAIN}`]);

  await pulumi("preview", "--expect-no-changes");

  const raw = stateFile();
  expect(raw).not.toContain(PASSWORD);
  expect(raw).not.toContain(emulator.apiKey);
  const credential = stateResources(raw).find((r) => r.type === "mailgun:index:DomainCredential")!;
  expect(credential.outputs!.password).toHaveProperty("ciphertext");

  // Drift made by hand: a refreshing preview shows it, an up repairs it, and then nothing differs.
  const route = s.us.routes[0] as { id: string; priority: number };
  await emulator.api("us", "PUT", `/v3/routes/${route.id}`, { priority: "9" });
  await expect(pulumi("preview", "--refresh", "--expect-no-changes")).rejects.toThrow(/priority/);
  await pulumi("up", "--refresh", "--yes", "--skip-preview");
  expect((await emulator.state()).us.routes.find((r: { id: string }) => r.id === route.id).priority).toBe(route.priority);
  await pulumi("preview", "--refresh", "--expect-no-changes");

  await pulumi("destroy", "--yes", "--skip-preview");
  expect(await emulatorLeftovers(emulator)).toEqual([]);
});

test("pulumi import of objects made by hand (a domain, a template, a list and a member) writes nothing at Mailgun; a program stating them has no changes", async () => {
  await emulator.api("us", "POST", "/v4/domains", { name: IMPORTED });
  await emulator.api("us", "POST", `/v3/${IMPORTED}/templates`, { name: "welcome", description: "made by hand" });
  await emulator.api("us", "POST", "/v3/lists", { address: `news@${IMPORTED}` });
  await emulator.api("us", "POST", `/v3/lists/news@${IMPORTED}/members`, { address: "ann@example.com", name: "Ann" });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), IMPORTED_ONLY);
  fs.writeFileSync(path.join(dir, "to-import.json"), JSON.stringify(TO_IMPORT));
  await emulator.clearRequests();
  await pulumi("import", "--file", "to-import.json", "--yes", "--protect=false", "--generate-code=true", "--out", "imported.yaml");
  const writes = (await emulator.requests()).filter((r) => r.method !== "GET");
  expect(writes).toEqual([]);
  const ids = Object.fromEntries(stateResources(stateFile()).filter((r) => r.type.startsWith("mailgun:index:")).map((r) => [r.type, r.id]));
  expect(ids).toEqual({
    "mailgun:index:Domain": IMPORTED,
    "mailgun:index:Template": `us/${IMPORTED}/welcome`,
    "mailgun:index:MailingList": `news@${IMPORTED}`,
    "mailgun:index:MailingListMember": `news@${IMPORTED}/ann@example.com`,
  });
  // The generated program states what was read.
  const generated = fs.readFileSync(path.join(dir, "imported.yaml"), "utf8");
  expect(generated).toMatch(/description: made by hand/);
  expect(generated).toMatch(/name: Ann/);

  await pulumi("preview", "--expect-no-changes");

  await pulumi("destroy", "--yes", "--skip-preview");
  expect(await emulatorLeftovers(emulator)).toEqual([]);
});
