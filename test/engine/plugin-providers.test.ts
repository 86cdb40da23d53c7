/**
 * Explicit providers of the plugin (pulumi-resource-mailgun) under the real CLI with Pulumi's YAML
 * language host, against the emulator: a `pulumi:providers:mailgun` with `subaccountId` acts on
 * that subaccount (X-Mailgun-On-Behalf-Of), as a mailgun.Account with subaccountId does under
 * TypeScript, while the default provider acts on the parent account; the explicit provider's API
 * key stays a secret; a bad subaccount id is refused at preview, naming the field, before any
 * call; `mailgun:subaccountId` in the stack config is refused for the default provider (it is not a
 * stack setting), naming the explicit provider to use. Enum-typed properties (schema.json's enum types) take their values, and the YAML host
 * refuses one outside the set at preview. The engine finds the plugin through the project's plugin path (Pulumi.yaml `plugins`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { pluginCliProject, projectHeader, type PluginCliProject } from "../../testkit/plugin-cli";
import { repoRoot } from "../../testkit/pulumi";
import { emulatorLeftovers, stateResources } from "../../testkit/tour";

jest.setTimeout(240_000);

const header = `${projectHeader("plugin-providers")}config:
  subKey:
    type: string
    secret: true
  subId:
    type: string
  usUrl:
    type: string
  euUrl:
    type: string
`;

/** A provider on the subaccount (the parent's key, the subaccount's id) and one domain in each account. */
const TWO_ACCOUNTS = `${header}resources:
  team:
    type: pulumi:providers:mailgun
    properties:
      apiKey: \${subKey}
      subaccountId: \${subId}
      apiUrlUs: \${usUrl}
      apiUrlEu: \${euUrl}
  teamDomain:
    type: mailgun:index:Domain
    properties:
      name: team.example.com
    options:
      provider: \${team}
  teamRoute:
    type: mailgun:index:Route
    properties:
      expression: match_recipient("ops@team.example.com")
      actions: ["stop()"]
    options:
      provider: \${team}
  mainDomain:
    type: mailgun:index:Domain
    properties:
      name: main.example.com
      region: us
      spamAction: block
`;

const BAD_SUBACCOUNT = `${header}resources:
  team:
    type: pulumi:providers:mailgun
    properties:
      apiKey: \${subKey}
      subaccountId: not an id!
      apiUrlUs: \${usUrl}
      apiUrlEu: \${euUrl}
  teamDomain:
    type: mailgun:index:Domain
    properties:
      name: team.example.com
    options:
      provider: \${team}
`;

let emulator: TestEmulator;
let cli: PluginCliProject;
let dir: string;
let sub: string;
let subKey: string;
let subKeyId: string;

/** The emulator's API as a person would call it, on behalf of a subaccount when `onBehalfOf` is given. */
const api = (method: string, url: string, form?: Record<string, string>, onBehalfOf?: string) => emulator.api("us", method, url, form, onBehalfOf);

async function holdings(onBehalfOf?: string): Promise<{ domains: string[]; routes: string[] }> {
  const domains = (await api("GET", "/v4/domains", undefined, onBehalfOf)).items.map((d: { name: string }) => d.name);
  const routes = (await api("GET", "/v3/routes", undefined, onBehalfOf)).items.map((r: { expression: string }) => r.expression);
  return { domains, routes };
}

/** One CLI run: its exit code and everything it printed. */
const pulumi = async (...args: string[]) => {
  const r = await cli.run(...args);
  return { code: r.code ?? -1, text: r.out };
};
const ok = (...args: string[]) => cli.ok(...args);
const stateFile = () => cli.stateFile();

beforeAll(async () => {
  emulator = await TestEmulator.start();
  sub = (await api("POST", "/v5/accounts/subaccounts", { name: "team" })).subaccount.id;
  // The provider's key is an admin key of the parent (not the stack's), so the state can be searched for it.
  ({ secret: subKey, id: subKeyId } = (await api("POST", "/v1/keys", { role: "admin", description: "team provider" })).key);
  cli = pluginCliProject("plugin-providers", TWO_ACCOUNTS);
  dir = cli.dir;
  await ok("stack", "init", "test");
  await ok("config", "set", "mailgun:apiUrlUs", emulator.urls.us);
  await ok("config", "set", "mailgun:apiUrlEu", emulator.urls.eu);
  await ok("config", "set", "--secret", "mailgun:apiKey", emulator.apiKey);
  await ok("config", "set", "--secret", "subKey", subKey);
  await ok("config", "set", "subId", sub);
  await ok("config", "set", "usUrl", emulator.urls.us);
  await ok("config", "set", "euUrl", emulator.urls.eu);
});

afterAll(async () => {
  await emulator?.close();
  cli?.cleanup();
});

test("an enum-typed property is checked by the YAML host against the schema's values at preview, before any call", async () => {
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${header}resources:\n  d:\n    type: mailgun:index:Domain\n    properties:\n      name: x.example.com\n      spamAction: bogus\n`);
  await emulator.clearRequests();
  const r = await pulumi("preview");
  expect(r.code).not.toBe(0);
  expect(r.text).toMatch(/spamAction: Cannot assign type 'string' to type 'mailgun:index:DomainSpamAction':\s+Allowed values are "disabled", "block", "tag"/);
  expect(await emulator.requests()).toEqual([]);
});

test("a bad subaccount id on an explicit provider is refused at preview, naming the field, with no call at Mailgun", async () => {
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), BAD_SUBACCOUNT);
  await emulator.clearRequests();
  const r = await pulumi("preview");
  expect(r.code).not.toBe(0);
  expect(r.text).toMatch(/mailgun provider "team" subaccountId: must be the id Mailgun gave the subaccount/);
  expect(r.text).not.toContain(subKey);
  expect(await emulator.requests()).toEqual([]);
});

test("resources on an explicit provider with subaccountId land in the subaccount, the default provider's in the parent; the provider's key stays secret", async () => {
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), TWO_ACCOUNTS);
  const up = await ok("up", "--yes", "--skip-preview");
  expect(up).not.toContain(subKey);
  expect(await holdings(sub)).toEqual({ domains: ["team.example.com"], routes: ['match_recipient("ops@team.example.com")'] });
  expect(await holdings()).toEqual({ domains: ["main.example.com"], routes: [] });

  await ok("preview", "--expect-no-changes");
  await ok("preview", "--refresh", "--expect-no-changes");

  const raw = stateFile();
  expect(raw).not.toContain(subKey);
  const provider = stateResources(raw).find((r) => r.type === "pulumi:providers:mailgun" && r.urn.endsWith("::team"))!;
  expect(provider.inputs!.apiKey).toHaveProperty("ciphertext");
  expect(provider.inputs!.subaccountId).toBe(sub);

  await ok("destroy", "--yes", "--skip-preview");
  expect(await holdings(sub)).toEqual({ domains: [], routes: [] });
  // The key the test made for the provider is all that is left.
  expect((await emulatorLeftovers(emulator)).filter((l) => !l.startsWith(`key ${subKeyId} `))).toEqual([]);
});

test("stack config mailgun:subaccountId is refused at preview for the default provider, naming the setting and the explicit provider to use, with no call at Mailgun", async () => {
  // Today's schema has no subaccountId among the config variables; before this refusal the default
  // provider silently made this domain in the subaccount.
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${header}resources:\n  mainDomain:\n    type: mailgun:index:Domain\n    properties:\n      name: main.example.com\n`);
  await ok("config", "set", "mailgun:subaccountId", sub);
  try {
    await emulator.clearRequests();
    const r = await pulumi("preview");
    expect(r.code).not.toBe(0);
    expect(r.text).toMatch(/pulumi:providers:mailgun resource 'default[^']*': property subaccountId value \{\w+\} has a problem: mailgun:subaccountId is not a stack setting/);
    expect(r.text).toContain("declare a pulumi:providers:mailgun with subaccountId");
    expect(await emulator.requests()).toEqual([]);
    // An explicit provider's subaccountId is its own input, untouched by the stack's setting.
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), TWO_ACCOUNTS.replace(/  mainDomain:[\s\S]*$/, ""));
    await ok("preview");
  } finally {
    await ok("config", "rm", "mailgun:subaccountId");
  }
  expect(await holdings(sub)).toEqual({ domains: [], routes: [] });
  expect(await holdings()).toEqual({ domains: [], routes: [] });
});
