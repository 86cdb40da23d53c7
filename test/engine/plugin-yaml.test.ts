/**
 * The provider plugin (pulumi-resource-mailgun) under the real CLI with Pulumi's YAML language
 * host, against the emulator. One YAML program of all eighteen kinds (a route on an explicit
 * provider in the EU) goes up, previews with no changes, keeps every secret (SMTP passwords, the
 * keys' secrets, the DKIM private key, the provider's API key) out of the state file's plain text,
 * shows drift made by hand on seven kinds in a refreshing preview, is repaired by up, and is
 * destroyed without leftovers. Then an object of each of the fifteen importable kinds, made by
 * hand, is imported with one `pulumi import --file … --generate-code` (no write at Mailgun), the
 * generated YAML states what was read, a program stating them previews with no changes, and the
 * import of a SendingKey fails saying why. The engine finds the plugin through the project's
 * plugin path (Pulumi.yaml `plugins.providers`), pointing at the repo's bin/.
 */
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { KINDS } from "../../provider";
import { TestEmulator } from "../../testkit/emulator";
import { pluginCliProject, projectHeader, type PluginCliProject } from "../../testkit/plugin-cli";
import { repoRoot } from "../../testkit/pulumi";
import { emulatorLeftovers, stateResources } from "../../testkit/tour";

jest.setTimeout(180_000);

const DOMAIN = "plugin-yaml.example.com";
const LIST = `news@${DOMAIN}`;
const IMPORTED = "imported.example.com";
const IMPORTED_LIST = `news@${IMPORTED}`;

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const SECRETS = { smtpPassword: "smtp-Secret-4711", domainSmtpPassword: "postmaster-Secret-0815", dkimPem: PEM };
/** A line from the middle of the private key: what must never appear in the state. */
const PEM_LINE = PEM.split("\n")[5];

const header = projectHeader;

/** Every kind once (Route twice: once on an explicit EU provider); the keys' secrets are outputs, to be compared with the state. */
const ALL_KINDS = `${header("plugin-yaml")}config:
  smtpPassword:
    type: string
    secret: true
  domainSmtpPassword:
    type: string
    secret: true
  dkimPem:
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
      smtpPassword: \${domainSmtpPassword}
      openTracking: false
  verification:
    type: mailgun:index:DomainVerification
    properties:
      domain: \${domain.name}
      waitFor: [sending]
      timeoutSeconds: 30
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
  sendingKey:
    type: mailgun:index:SendingKey
    properties:
      domain: \${domain.name}
      description: plugin yaml
  apiKey:
    type: mailgun:index:ApiKey
    properties:
      role: developer
      description: plugin yaml ci
  accountHook:
    type: mailgun:index:AccountWebhook
    properties:
      url: https://alerts.example.com/mailgun
      eventTypes: [permanent_fail]
  credential:
    type: mailgun:index:DomainCredential
    properties:
      domain: \${domain.name}
      login: app
      password: \${smtpPassword}
  office:
    type: mailgun:index:IpAllowlistEntry
    properties:
      address: 203.0.113.0/24
      description: office
  dkim:
    type: mailgun:index:DkimKey
    properties:
      signingDomain: \${domain.name}
      selector: s1
      pem: \${dkimPem}
  bounce:
    type: mailgun:index:Bounce
    properties:
      domain: \${domain.name}
      address: gone@example.com
      code: 550
      error: mailbox closed
  unsubscribe:
    type: mailgun:index:Unsubscribe
    properties:
      domain: \${domain.name}
      address: left@example.com
      tags: [news]
  complaint:
    type: mailgun:index:Complaint
    properties:
      domain: \${domain.name}
      address: reported@example.com
  allowlist:
    type: mailgun:index:SuppressionAllowlist
    properties:
      domain: \${domain.name}
      allowedDomain: qa.example.com
  list:
    type: mailgun:index:MailingList
    properties:
      address: ${LIST}
      name: News
  member:
    type: mailgun:index:MailingListMember
    properties:
      list: \${list.address}
      address: alice@example.org
      name: Alice
  template:
    type: mailgun:index:Template
    properties:
      domain: \${domain.name}
      name: welcome
      description: welcome mail
  version:
    type: mailgun:index:TemplateVersion
    properties:
      domain: \${domain.name}
      template: \${template.name}
      tag: v1
      content: "<p>Hello {{name}}</p>"
      active: true
outputs:
  verification: \${verification.state}
  sendingKeySecret: \${sendingKey.secret}
  apiKeySecret: \${apiKey.secret}
`;

/** The program stating, as they are, the objects made by hand for the import (test 2). */
const IMPORTED_ALL = `${header("plugin-yaml")}resources:
  domain:
    type: mailgun:index:Domain
    properties:
      name: ${IMPORTED}
  route:
    type: mailgun:index:Route
    properties:
      expression: match_recipient(".*@${IMPORTED}")
      actions: ['forward("ops@example.com")', "stop()"]
      priority: 5
      description: by hand
      region: eu
  webhook:
    type: mailgun:index:Webhook
    properties:
      domain: \${domain.name}
      url: https://hooks.example.com/imported
      events: [delivered]
  accountHook:
    type: mailgun:index:AccountWebhook
    properties:
      url: https://alerts.example.com/imported
      eventTypes: [delivered, opened]
      description: by hand
  credential:
    type: mailgun:index:DomainCredential
    properties:
      domain: \${domain.name}
      login: alice
  dkim:
    type: mailgun:index:DkimKey
    properties:
      signingDomain: \${domain.name}
      selector: s1
  office:
    type: mailgun:index:IpAllowlistEntry
    properties:
      address: 10.0.0.0/8
      description: office
  bounce:
    type: mailgun:index:Bounce
    properties:
      domain: \${domain.name}
      address: gone@example.com
      code: 554
      error: No such mailbox
  unsubscribe:
    type: mailgun:index:Unsubscribe
    properties:
      domain: \${domain.name}
      address: left@example.com
      tags: [newsletter]
  complaint:
    type: mailgun:index:Complaint
    properties:
      domain: \${domain.name}
      address: spam@example.com
  allowedAddress:
    type: mailgun:index:SuppressionAllowlist
    properties:
      domain: \${domain.name}
      address: qa@example.com
  allowedDomain:
    type: mailgun:index:SuppressionAllowlist
    properties:
      domain: \${domain.name}
      allowedDomain: example.org
  news:
    type: mailgun:index:MailingList
    properties:
      address: ${IMPORTED_LIST}
      name: News
      description: made by hand
      accessLevel: members
  ann:
    type: mailgun:index:MailingListMember
    properties:
      list: \${news.address}
      address: ann@example.com
      name: Ann
      vars:
        plan: pro
      subscribed: false
  welcome:
    type: mailgun:index:Template
    properties:
      domain: \${domain.name}
      name: welcome
      description: made by hand
  welcomeV2:
    type: mailgun:index:TemplateVersion
    properties:
      domain: \${domain.name}
      template: \${welcome.name}
      tag: v2
      content: "<p>Hi {{name}}</p>"
      comment: by hand
      headers:
        Subject: Welcome
`;

let emulator: TestEmulator;
let cli: PluginCliProject;
let dir: string;

const run = (...args: string[]) => cli.run(...args);
const pulumi = (...args: string[]) => cli.ok(...args);
const stateFile = () => cli.stateFile();

const mailgunResources = () => stateResources(stateFile()).filter((r) => r.type.startsWith("mailgun:index:"));
const api = (method: string, p: string, form?: Record<string, string | string[]>, region: "us" | "eu" = "us") => emulator.api(region, method, p, form);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

beforeAll(async () => {
  emulator = await TestEmulator.start();
  cli = pluginCliProject("plugin-yaml", ALL_KINDS);
  dir = cli.dir;
  await pulumi("stack", "init", "test");
  // One `config set-all`: each CLI run costs a good part of a second. A short consistency budget
  // (the emulator shows writes at once): drift made by hand within the budget after the provider's
  // own write reads as Mailgun's stale view and is waited out, 30 s by default.
  await pulumi(
    "config", "set-all", "--plaintext", "mailgun:consistencyBudgetMs=2000",
    "--plaintext", `mailgun:apiUrlUs=${emulator.urls.us}`, "--plaintext", `mailgun:apiUrlEu=${emulator.urls.eu}`,
    "--secret", `mailgun:apiKey=${emulator.apiKey}`, "--secret", `euKey=${emulator.apiKey}`,
    "--plaintext", `euUrl=${emulator.urls.eu}`, "--plaintext", `usUrl=${emulator.urls.us}`,
    "--secret", `smtpPassword=${SECRETS.smtpPassword}`, "--secret", `domainSmtpPassword=${SECRETS.domainSmtpPassword}`,
    "--secret", `dkimPem=${SECRETS.dkimPem}`,
  );
});

afterAll(async () => {
  await emulator?.close();
  cli?.cleanup();
});

test("a YAML program of every kind, one route on an explicit EU provider: up, no-change preview, secrets kept, drift by hand on seven kinds shown and repaired, destroy leaves nothing", async () => {
  // The verification waits on DNS: the records are published once the domain exists, as a user's DNS would be.
  const up = pulumi("up", "--yes", "--skip-preview");
  for (let i = 0; !(await emulator.state()).us.domains.some((d: { name: string }) => d.name === DOMAIN); i++) {
    if (i > 600) throw new Error(`${DOMAIN} was never created`);
    await sleep(100);
  }
  await emulator.dns(DOMAIN, true);
  const upOutput = await up;
  const resources = mailgunResources();
  expect([...new Set(resources.map((r) => r.type))].sort()).toEqual(KINDS.map((k) => `mailgun:index:${k}`).sort());
  expect(resources).toHaveLength(KINDS.length + 1);
  const s = await emulator.state();
  // The explicit provider's route is in its region; the stack's in the stack's (us).
  expect([s.us.routes.length, s.eu.routes.length]).toEqual([1, 1]);
  expect(s.eu.routes[0].expression).toBe(`match_recipient("eu@${DOMAIN}")`);
  expect(s.us.domains.map((d: { name: string }) => d.name)).toEqual([DOMAIN]);
  expect(s.us.credentials[DOMAIN].sort()).toEqual([`app@${DOMAIN}`, `postmaster@${DOMAIN}`]);
  // A key's description carries the owner tag that lets a create recognise what an interrupted one left.
  expect(s.keys.filter((k: { primary: boolean }) => !k.primary).map((k: { kind: string; description: string }) => `${k.kind} ${k.description}`).sort()).toEqual([
    expect.stringMatching(/^domain plugin yaml \[pulumi:[0-9a-f]+\]$/),
    expect.stringMatching(/^user plugin yaml ci \[pulumi:[0-9a-f]+\]$/),
  ]);
  expect(s.ipAllowlist.map((e: { ip_address: string }) => e.ip_address)).toEqual(["203.0.113.0/24"]);
  expect(s.us.domains[0].dkim_keys.map((k: { selector: string }) => k.selector)).toContain("s1");

  await pulumi("preview", "--expect-no-changes");

  // Secrets: the keys' secrets (shown only by Pulumi, with --show-secrets), the passwords, the DKIM private key and the provider's key.
  const outputs = JSON.parse(await pulumi("stack", "output", "--json", "--show-secrets"));
  expect(outputs.verification).toBe("active");
  expect(outputs.sendingKeySecret).toEqual(expect.any(String));
  expect(outputs.apiKeySecret).toEqual(expect.any(String));
  const raw = stateFile();
  for (const secret of [outputs.sendingKeySecret, outputs.apiKeySecret, SECRETS.smtpPassword, SECRETS.domainSmtpPassword, PEM_LINE, emulator.apiKey]) {
    expect(raw).not.toContain(secret);
    expect(upOutput).not.toContain(secret);
  }
  const secretOutput = (type: string, field: string) => resources.find((r) => r.type === `mailgun:index:${type}`)!.outputs![field];
  for (const [type, field] of [["DomainCredential", "password"], ["Domain", "smtpPassword"], ["DkimKey", "pem"], ["SendingKey", "secret"], ["ApiKey", "secret"]]) {
    expect(secretOutput(type, field)).toHaveProperty("ciphertext");
  }

  // Drift made by hand on seven kinds, one of them deleted: a refreshing preview shows it, an up repairs it, and then nothing differs.
  const route = s.us.routes[0] as { id: string; priority: number };
  await api("PUT", `/v3/routes/${route.id}`, { priority: "9" });
  await api("PUT", `/v3/domains/${DOMAIN}/tracking/open`, { active: "yes" });
  await api("PUT", `/v3/${DOMAIN}/templates/welcome`, { description: "changed by hand" });
  await api("PUT", `/v3/lists/${LIST}`, { name: "Renamed by hand" });
  await api("PUT", `/v3/lists/${LIST}/members/alice@example.org`, { name: "Al" });
  await api("PUT", "/v2/ip_whitelist", { address: "203.0.113.0/24", description: "changed by hand" });
  await api("DELETE", `/v3/${DOMAIN}/complaints/reported@example.com`);
  const drift = await run("preview", "--refresh", "--expect-no-changes", "--diff");
  expect(drift.code).not.toBe(0);
  // What the preview would do, resource by resource (after the refresh's own report).
  const plan = drift.out.slice(drift.out.indexOf("pulumi:pulumi:Stack: (same)"));
  const step = (op: string, type: string, name: string, change: string) => new RegExp(`${op === "create" ? "\\+" : "~"} mailgun:index:${type}: \\(${op}\\)\\s+(\\[id=[^\\]]+\\]\\s+)?\\[urn=[^\\]]+::${name}\\]\\s+${change}`);
  expect(plan).toMatch(step("update", "Route", "route", "~ priority: 9 => 0"));
  expect(plan).toMatch(step("update", "Domain", "domain", "~ openTracking: true => false"));
  expect(plan).toMatch(step("update", "Template", "template", '~ description: "changed by hand" => "welcome mail"'));
  expect(plan).toMatch(step("update", "MailingList", "list", '~ name: "Renamed by hand" => "News"'));
  expect(plan).toMatch(step("update", "MailingListMember", "member", '~ name: "Al" => "Alice"'));
  expect(plan).toMatch(step("update", "IpAllowlistEntry", "office", '~ description: "changed by hand" => "office"'));
  expect(plan).toMatch(step("create", "Complaint", "complaint", 'address: "reported@example.com"'));
  expect(plan).toMatch(/\+ 1 to create\s+~ 6 to update/);
  await pulumi("up", "--refresh", "--yes", "--skip-preview");
  const repaired = await emulator.state();
  expect(repaired.us.routes.find((r: { id: string }) => r.id === route.id).priority).toBe(route.priority);
  expect(repaired.us.templates[DOMAIN][0].description).toBe("welcome mail");
  // The owner tag is Mailgun's copy of the description; the program's text is back.
  expect(repaired.ipAllowlist[0].description).toMatch(/^office \[pulumi:/);
  expect(repaired.us.domains[0].tracking.open.active).toBe(false);
  const list = repaired.us.lists.find((l: { address: string }) => l.address === LIST);
  expect([list.name, list.members.map((m: { name: string }) => m.name)]).toEqual(["News", ["Alice"]]);
  expect(repaired.us.suppressions[`complaints:${DOMAIN}`].map((c: { address: string }) => c.address)).toEqual(["reported@example.com"]);
  // The plugin reads the state ahead of the engine too (one read at a time leaves it some to read),
  // and the engine's reads take those answers; its lines (here MAILGUN_DEBUG's) reach the CLI's
  // output through the engine's log, not stderr.
  const refreshed = await cli.okWith({ MAILGUN_DEBUG: "1" }, "preview", "--refresh", "--expect-no-changes", "--parallel", "1");
  expect(refreshed).toMatch(/sent ahead/);
  expect(refreshed).toMatch(/answered ahead/);

  await pulumi("destroy", "--yes", "--skip-preview");
  expect(await emulatorLeftovers(emulator)).toEqual([]);
});

/** Makes by hand, at the emulator, an object of each importable kind; returns `pulumi import --file`'s list, by import ids (docs/import.md). */
async function makeByHand(): Promise<Array<{ type: string; name: string; id: string }>> {
  await api("POST", "/v4/domains", { name: IMPORTED });
  const { route } = await api("POST", "/v3/routes", { expression: `match_recipient(".*@${IMPORTED}")`, action: ['forward("ops@example.com")', "stop()"], priority: "5", description: "by hand" }, "eu");
  await api("POST", `/v3/domains/${IMPORTED}/webhooks`, { id: "delivered", url: "https://hooks.example.com/imported" });
  const { webhook_id } = await api("POST", "/v1/webhooks", { url: "https://alerts.example.com/imported", event_types: ["delivered", "opened"], description: "by hand" });
  await api("POST", `/v3/domains/${IMPORTED}/credentials`, { login: "alice", password: "alice-pass-1" });
  await api("POST", "/v1/dkim/keys", { signing_domain: IMPORTED, selector: "s1", bits: "2048" });
  await api("POST", "/v2/ip_whitelist", { address: "10.0.0.0/8", description: "office" });
  await api("POST", `/v3/${IMPORTED}/bounces`, { address: "gone@example.com", code: "554", error: "No such mailbox" });
  await api("POST", `/v3/${IMPORTED}/unsubscribes`, { address: "left@example.com", tag: "newsletter" });
  await api("POST", `/v3/${IMPORTED}/complaints`, { address: "spam@example.com" });
  await api("POST", `/v3/${IMPORTED}/whitelists`, { address: "qa@example.com" });
  await api("POST", `/v3/${IMPORTED}/whitelists`, { domain: "example.org" });
  await api("POST", "/v3/lists", { address: IMPORTED_LIST, name: "News", description: "made by hand", access_level: "members" });
  await api("POST", `/v3/lists/${IMPORTED_LIST}/members`, { address: "ann@example.com", name: "Ann", vars: '{"plan":"pro"}', subscribed: "no" });
  await api("POST", `/v3/${IMPORTED}/templates`, { name: "welcome", description: "made by hand" });
  await api("POST", `/v3/${IMPORTED}/templates/welcome/versions`, { tag: "v2", template: "<p>Hi {{name}}</p>", comment: "by hand", headers: '{"Subject":"Welcome"}' });
  const t = (kind: string, name: string, id: string) => ({ type: `mailgun:index:${kind}`, name, id });
  return [
    t("Domain", "domain", IMPORTED),
    t("Route", "route", `eu/${route.id}`),
    t("Webhook", "webhook", `${IMPORTED}/https://hooks.example.com/imported`),
    t("AccountWebhook", "accountHook", webhook_id),
    t("DomainCredential", "credential", `${IMPORTED}/alice`),
    t("DkimKey", "dkim", `${IMPORTED}/s1`),
    t("IpAllowlistEntry", "office", "10.0.0.0/8"),
    t("Bounce", "bounce", `${IMPORTED}/gone@example.com`),
    t("Unsubscribe", "unsubscribe", `us/${IMPORTED}/left@example.com`),
    t("Complaint", "complaint", `${IMPORTED}/spam@example.com`),
    t("SuppressionAllowlist", "allowedAddress", `${IMPORTED}/qa@example.com`),
    t("SuppressionAllowlist", "allowedDomain", `${IMPORTED}/example.org`),
    t("MailingList", "news", IMPORTED_LIST),
    t("MailingListMember", "ann", `${IMPORTED_LIST}/Ann@Example.com`),
    t("Template", "welcome", `us/${IMPORTED}/welcome`),
    t("TemplateVersion", "welcomeV2", `${IMPORTED}/welcome/v2`),
  ];
}

test("pulumi import of an object of every importable kind, made by hand, writes nothing at Mailgun; the generated YAML states what was read; a program stating them has no changes; a SendingKey is refused saying why", async () => {
  const toImport = await makeByHand();
  expect(new Set(toImport.map((r) => r.type)).size).toBe(15);
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), IMPORTED_ALL);
  fs.writeFileSync(path.join(dir, "to-import.json"), JSON.stringify({ resources: toImport }));
  await emulator.clearRequests();
  const imported = await pulumi("import", "--file", "to-import.json", "--yes", "--protect=false", "--generate-code=true", "--out", "imported.yaml");
  expect(imported).toMatch(/= 16 imported/);
  expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);

  // The ids in the state: the handlers' own (docs/import.md), which are the import ids without a region but for
  // Template and TemplateVersion (the region is part of theirs), an address in lower case, and a webhook's URL as a digest.
  const ids = Object.fromEntries(mailgunResources().map((r) => [r.urn.split("::").at(-1), r.id]));
  const routeId = toImport.find((r) => r.name === "route")!.id.slice("eu/".length);
  expect(ids).toEqual({
    domain: IMPORTED,
    route: routeId,
    webhook: expect.stringMatching(new RegExp(`^${IMPORTED}/url-sha256:[0-9a-f]{32}$`)),
    accountHook: toImport.find((r) => r.name === "accountHook")!.id,
    credential: `alice@${IMPORTED}`,
    dkim: `${IMPORTED}/s1`,
    office: "10.0.0.0/8",
    bounce: `${IMPORTED}/gone@example.com`,
    unsubscribe: `${IMPORTED}/left@example.com`,
    complaint: `${IMPORTED}/spam@example.com`,
    allowedAddress: `${IMPORTED}/qa@example.com`,
    allowedDomain: `${IMPORTED}/example.org`,
    news: IMPORTED_LIST,
    ann: `${IMPORTED_LIST}/ann@example.com`,
    welcome: `us/${IMPORTED}/welcome`,
    welcomeV2: `us/${IMPORTED}/welcome/v2`,
  });

  // The generated YAML states what was read: everything the program states (but its references) is in it, of the same kind.
  const generatedText = fs.readFileSync(path.join(dir, "imported.yaml"), "utf8");
  const generated = parseYaml(generatedText).resources as Record<string, { type: string; properties: Record<string, unknown> }>;
  const stated = parseYaml(IMPORTED_ALL).resources as Record<string, { type: string; properties: Record<string, unknown> }>;
  expect(Object.keys(generated).sort()).toEqual(Object.keys(stated).sort());
  for (const [name, r] of Object.entries(stated)) {
    const literal = Object.fromEntries(Object.entries(r.properties).filter(([, v]) => !(typeof v === "string" && v.startsWith("${"))));
    expect({ name, type: generated[name].type, properties: generated[name].properties }).toMatchObject({ name, type: r.type.replace(":index:", ":"), properties: literal });
  }
  expect(generatedText).not.toContain("alice-pass-1");

  // A program stating them (with references between them), and the generated program itself, preview with no changes.
  await pulumi("preview", "--expect-no-changes");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), header("plugin-yaml") + generatedText);
  await pulumi("preview", "--expect-no-changes");

  // A SendingKey made by hand: the plugin refuses its import, saying why and what to do, and the stack is left as it was.
  const { key } = await api("POST", "/v1/keys", { role: "sending", kind: "domain", domain_name: IMPORTED, description: "made by hand" });
  const refused = await run("import", "mailgun:index:SendingKey", "oldKey", `${IMPORTED}/${key.id}`, "--yes");
  expect(refused.code).not.toBe(0);
  expect(refused.out).toMatch(/mailgun:index:SendingKey cannot be imported: Mailgun shows a key's secret only when the key is made.*declare a new SendingKey/);
  expect(mailgunResources()).toHaveLength(16);
  await api("DELETE", `/v1/keys/${key.id}`);

  await pulumi("destroy", "--yes", "--skip-preview");
  expect(await emulatorLeftovers(emulator)).toEqual([]);
});
