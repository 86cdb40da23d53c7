/**
 * A TypeScript stack made with the dynamic SDK classes moves onto the plugin's types: the same
 * program, each resource now a `mailgun:index:<Kind>` (pulumi.CustomResource with an alias to its
 * dynamic type, as generated SDKs carry from the schema), and the route that was on a
 * mailgun.Account with a subaccount now on a `pulumi:providers:mailgun` with that subaccountId.
 * Through the real CLI (the repo's Node language host) against the emulator: the preview shows
 * only "unchanged", the up writes nothing at Mailgun, and the state then holds the plugin's types
 * with the password still a secret; refresh and destroy then go through the plugin.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { OutputLog } from "../../testkit/mailgun-stack";
import { createTestProject, repoRoot, type TestProject } from "../../testkit/pulumi";
import { projectHeader } from "../../testkit/plugin-cli";
import { emulatorLeftovers, stateResources } from "../../testkit/tour";

jest.setTimeout(300_000);

const DOMAIN = "move.example.com";
const PASSWORD = "smtp-Secret-4711";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

const config = new pulumi.Config("fixture");
const stack = new pulumi.Config("mailgun");
const route = { expression: 'match_recipient("ops@${DOMAIN}")', actions: ["stop()"], description: "team inbox" };

if (config.require("stage") === "dynamic") {
  const team = new mailgun.Account("team", { apiKey: config.requireSecret("subKey"), subaccountId: config.require("subId") });
  const domain = new mailgun.Domain("domain", { name: "${DOMAIN}" });
  new mailgun.DomainCredential("smtp", { domain: domain.name, login: "app", password: config.requireSecret("password") });
  new mailgun.Webhook("hook", { domain: domain.name, url: "https://hooks.example.com/mailgun", events: ["delivered"] });
  new mailgun.Route("teamRoute", { ...route, account: team });
} else {
  // The plugin's types, aliased to the dynamic ones; the Account is now an explicit provider.
  // Subclasses, as docs/languages.md shows: pulumi.CustomResource and ProviderResource are abstract.
  class Moved extends pulumi.CustomResource {
    declare readonly name: pulumi.Output<string>;
    constructor(kind: string, name: string, args: pulumi.Inputs, opts: pulumi.CustomResourceOptions = {}) {
      super(\`mailgun:index:\${kind}\`, name, args, { ...opts, aliases: [{ type: \`pulumi-nodejs:dynamic/mailgun:\${kind}\` }] });
    }
  }
  class MailgunProvider extends pulumi.ProviderResource {
    constructor(name: string, args: pulumi.Inputs) {
      super("mailgun", name, args);
    }
  }
  const team = new MailgunProvider("team", {
    apiKey: config.requireSecret("subKey"),
    subaccountId: config.require("subId"),
    apiUrlUs: stack.require("apiUrlUs"),
    apiUrlEu: stack.require("apiUrlEu"),
  });
  const domain = new Moved("Domain", "domain", { name: "${DOMAIN}" });
  new Moved("DomainCredential", "smtp", { domain: domain.name, login: "app", password: config.requireSecret("password") });
  new Moved("Webhook", "hook", { domain: domain.name, url: "https://hooks.example.com/mailgun", events: ["delivered"] });
  new Moved("Route", "teamRoute", route, { provider: team });
}
`;

let emulator: TestEmulator;
let project: TestProject;
let source: string;
let sub: string;
let subKey: string;
const log = new OutputLog();

const api = (method: string, url: string, form?: Record<string, string>, onBehalfOf?: string) => emulator.api("us", method, url, form, onBehalfOf);

const routesOf = async (onBehalfOf?: string) => (await api("GET", "/v3/routes", undefined, onBehalfOf)).items.map((r: { description: string }) => r.description);
const writes = async () => (await emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  emulator = await TestEmulator.start();
  sub = (await api("POST", "/v5/accounts/subaccounts", { name: "team" })).subaccount.id;
  subKey = (await api("POST", "/v1/keys", { role: "admin", description: "team" })).key.secret;
  source = fs.mkdtempSync(path.join(os.tmpdir(), "pm-plugin-migration-"));
  fs.writeFileSync(
    path.join(source, "Pulumi.yaml"),
    projectHeader("plugin-migration", "nodejs"),
  );
  fs.writeFileSync(path.join(source, "package.json"), JSON.stringify({ name: "plugin-migration", private: true, main: "index.ts" }));
  fs.writeFileSync(path.join(source, "index.ts"), PROGRAM);
  project = await createTestProject(source, {
    config: {
      "mailgun:apiKey": { value: emulator.apiKey, secret: true },
      "mailgun:apiUrlUs": { value: emulator.urls.us },
      "mailgun:apiUrlEu": { value: emulator.urls.eu },
      "fixture:subKey": { value: subKey, secret: true },
      "fixture:subId": { value: sub },
      "fixture:password": { value: PASSWORD, secret: true },
      "fixture:stage": { value: "dynamic" },
    },
    // The plugin runs on the Node that runs the tests (>= 22), as the engine finds it on PATH.
    env: { PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter) },
  });
}, 120_000);

afterAll(async () => {
  await project?.cleanup();
  await emulator?.close();
  if (source) fs.rmSync(source, { recursive: true, force: true });
});

test("a stack of dynamic resources (one on a subaccount's Account) moves onto mailgun:index:<Kind>: preview all unchanged, up writes nothing, secrets stay secret", async () => {
  await project.stack.up({ onOutput: log.onOutput });
  const before = stateResources(project.rawState()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/mailgun:"));
  expect(before.map((r) => r.type).sort()).toEqual(["Domain", "DomainCredential", "Route", "Webhook"].map((k) => `pulumi-nodejs:dynamic/mailgun:${k}`));
  expect(await routesOf(sub)).toEqual(["team inbox"]);
  expect(await routesOf()).toEqual([]);

  await project.stack.setConfig("fixture:stage", { value: "plugin" });
  await emulator.clearRequests();
  const preview = await project.stack.preview({ onOutput: log.onOutput });
  // Only "same" steps: the new provider resource is the one create.
  const { same, create, ...others } = preview.changeSummary as Record<string, number>;
  expect({ same, create, others }).toEqual({ same: 5, create: 1, others: {} });

  const up = await project.stack.up({ onOutput: log.onOutput });
  expect(up.summary.resourceChanges).toEqual({ same: 5, create: 1 });
  expect(await writes()).toEqual([]);

  const raw = project.rawState();
  const after = stateResources(raw);
  expect(after.filter((r) => r.type.startsWith("mailgun:index:")).map((r) => r.type).sort()).toEqual(
    ["Domain", "DomainCredential", "Route", "Webhook"].map((k) => `mailgun:index:${k}`),
  );
  expect(after.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))).toEqual([]);
  const credential = after.find((r) => r.type === "mailgun:index:DomainCredential")!;
  expect(credential.outputs!.password).toHaveProperty("ciphertext");
  expect(credential.inputs!.password).toHaveProperty("ciphertext");
  expect(raw).not.toContain(PASSWORD);
  expect(raw).not.toContain(subKey);
  expect(after.find((r) => r.type === "mailgun:index:Route")!.provider).toMatch(/::pulumi:providers:mailgun::team::/);

  // The plugin now serves them: nothing differs, the subaccount's route is still its own.
  await emulator.clearRequests();
  await project.stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
  expect(await writes()).toEqual([]);
  await project.stack.destroy({ onOutput: log.onOutput });
  expect(await routesOf(sub)).toEqual([]);
  expect((await emulatorLeftovers(emulator)).filter((l) => !l.startsWith("key "))).toEqual([]);
});
