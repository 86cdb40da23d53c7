/**
 * Lookups in a real program run by the real Pulumi CLI, credentials from the stack configuration
 * (or an `account`): every lookup in both forms, against objects made beforehand through the
 * emulator's API, some in the EU so that the region is auto-detected.
 */
import { TestEmulator } from "../../testkit/emulator";
import { OutputLog } from "../../testkit/mailgun-stack";
import { createTestProject, type TestProject } from "../../testkit/pulumi";

const US = "us.lookups.example.com";
const EU = "eu.lookups.example.com";

describe("lookups through the real Pulumi engine", () => {
  let emulator: TestEmulator;
  let project: TestProject;
  let otherKey: string;
  const log = new OutputLog();

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    await emulator.api("us", "POST", "/v4/domains", { name: US });
    await emulator.api("eu", "POST", "/v4/domains", { name: EU, wildcard: "true" });
    await emulator.api("us", "PUT", `/v3/domains/${US}/tracking/open`, { active: "true" });
    await emulator.api("us", "POST", "/v3/routes", { expression: `match_recipient("a@${US}")`, action: ["forward(\"https://example.com/in\")", "stop()"], priority: "3", description: "us route" });
    await emulator.api("eu", "POST", "/v3/routes", { expression: `match_recipient("b@${EU}")`, action: "stop()", description: "eu route" });
    await emulator.api("us", "POST", `/v3/domains/${US}/webhooks`, { id: "delivered", url: "https://example.com/hook" });
    await emulator.api("eu", "POST", `/v3/domains/${EU}/credentials`, { login: "app", password: "app-password-123" });
    await emulator.api("eu", "POST", `/v3/${EU}/templates`, { name: "welcome", description: "Welcome mail" });
    await emulator.api("eu", "POST", "/v3/lists", { address: `news@${EU}`, name: "News" });
    await emulator.api("us", "POST", "/v3/lists", { address: `devs@${US}` });
    const sending = await emulator.api("us", "POST", "/v1/keys", { role: "sending", kind: "domain", domain_name: US, description: "app" });
    const admin = await emulator.api("us", "POST", "/v1/keys", { role: "admin", description: "second admin" });
    otherKey = admin.key.secret;
    expect(sending.key.secret).toBeTruthy();
    project = await createTestProject("lookups", {
      config: {
        "mailgun:apiKey": { value: emulator.apiKey, secret: true },
        "mailgun:apiUrlUs": { value: emulator.urls.us },
        "mailgun:apiUrlEu": { value: emulator.urls.eu },
        "fixture:usDomain": { value: US },
        "fixture:euDomain": { value: EU },
        "fixture:otherKey": { value: otherKey, secret: true },
        "fixture:smtpPassword": { value: "legacy-pass-4711", secret: true },
      },
    });
  }, 60_000);
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
  });

  test("preview runs every lookup; up exports their results; nothing is written at Mailgun", async () => {
    await emulator.clearRequests();
    const preview = await project.stack.preview({ onOutput: log.onOutput, diff: true });
    expect(preview.changeSummary).toMatchObject({ create: 1 }); // the stack itself
    const previewed = await emulator.requests();
    expect(previewed.length).toBeGreaterThan(0);

    const up = await project.stack.up({ onOutput: log.onOutput });
    const { promiseForm: p, outputForm: o, mx, sendingNames, withAccount, withAccountObject, withPassword } = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.value]));
    // Lookups only read.
    expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    expect(p.usDomain).toMatchObject({ name: US, region: "us", openTracking: true, clickTracking: false, state: "unverified", smtpLogin: `postmaster@${US}` });
    expect(p.euDomain).toMatchObject({ name: EU, region: "eu", wildcard: true });
    expect(o.euDomain).toMatchObject({ id: EU, name: EU, region: "eu", wildcard: true, spamAction: "disabled", webScheme: "http", forceDkimAuthority: false, useAutomaticSenderSecurity: false });
    expect(o.euDomain.receivingRecordsSets).toEqual(expect.arrayContaining([expect.objectContaining({ recordType: "MX", priority: "10", value: "mxa.eu.mailgun.org" })]));
    expect(mx).toEqual(["10 mxa.mailgun.org.", "10 mxb.mailgun.org."]);
    expect(sendingNames).toEqual(expect.arrayContaining([`TXT ${US}`, `CNAME email.${US}`]));

    expect(p.domains.names.sort()).toEqual([EU, US]);
    expect(o.domains.names).toEqual([EU]);
    expect(p.routes.routes.map((r: { region: string; description: string }) => `${r.region} ${r.description}`).sort()).toEqual(["eu eu route", "us us route"]);
    expect(o.routes.routes).toEqual([expect.objectContaining({ region: "us", priority: 3, actions: ['forward("https://example.com/in")', "stop()"] })]);
    for (const w of [p.webhooks, o.webhooks]) {
      expect(w.webhooks).toEqual([{ domain: US, url: "https://example.com/hook", events: ["delivered"], region: "us" }]);
    }
    expect(p.apiKeys.keys.map((k: { description: string }) => k.description)).toEqual(expect.arrayContaining(["app", "second admin"]));
    expect(o.apiKeys.keys).toEqual([expect.objectContaining({ kind: "domain", role: "sending", domainName: US })]);
    for (const c of [p.credentials, o.credentials]) expect(c.credentials).toEqual([expect.objectContaining({ login: "app", address: `app@${EU}`, region: "eu" })]);
    for (const t of [p.templates, o.templates]) expect(t.templates).toEqual([expect.objectContaining({ name: "welcome", description: "Welcome mail", region: "eu" })]);
    expect(p.mailingLists.lists.map((l: { address: string }) => l.address).sort()).toEqual([`devs@${US}`, `news@${EU}`]);
    expect(o.mailingLists.lists).toEqual([expect.objectContaining({ address: `news@${EU}`, name: "News", region: "eu" })]);
    // Another key given as an `account`: same account here, so the same domains.
    expect(withAccount.names.sort()).toEqual([EU, US]);
    // A mailgun.Account that sets no URLs looks up where the stack's configuration points (the emulator), in both forms.
    expect(withAccountObject.promiseForm.names.sort()).toEqual([EU, US]);
    expect(withAccountObject.outputForm.names.sort()).toEqual([EU, US]);

    expect(up.outputs.withPassword.secret).toBe(true);
    expect(withPassword).toMatchObject({ name: US, smtpPassword: "legacy-pass-4711" });

    // No key anywhere: not in the CLI's output, not in plain text in the state.
    const state = project.rawState();
    for (const secret of [emulator.apiKey, otherKey, "app-password-123", "legacy-pass-4711"]) {
      expect(log.text).not.toContain(secret);
      expect(state).not.toContain(secret);
    }
    // A second run looks up the same values: nothing to change.
    await project.stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
  }, 300_000);

  test("a domain in neither region fails the preview with a message naming it and the regions", async () => {
    await project.stack.setConfig("fixture:usDomain", { value: "missing.example.com" });
    const out = new OutputLog();
    const failed: Error = await project.stack.preview({ onOutput: out.onOutput }).then(() => new Error("the preview passed"), (e: Error) => e);
    expect(out.text).toMatch(/getDomain: Mailgun domain "missing.example.com" was not found in either region \(tried us and eu\)/);
    // Issue 20 item 8: the failed lookup is the program's one error, without Node's warnings about a late-handled rejection.
    expect(`${out.text}\n${failed.message}`).not.toMatch(/PromiseRejectionHandledWarning|UnhandledPromiseRejection|unhandledRejection/);
    expect(out.text).not.toContain(emulator.apiKey);
    await project.stack.setConfig("fixture:usDomain", { value: US });
  }, 120_000);

  test("a lookup fed a domain this program just made waits out Mailgun's consistency delay", async () => {
    await emulator.setKnobs({ consistencyDelayMs: 3000 });
    await project.stack.setConfig("fixture:newDomain", { value: "new.lookups.example.com" });
    // Issue 20 item 5: at preview the domain does not exist yet: the lookups fed by it are unknown, with no call.
    await emulator.clearRequests();
    await project.stack.preview({ onOutput: log.onOutput });
    expect((await emulator.requests()).filter((r) => r.path.includes("new.lookups.example.com"))).toEqual([]);
    await emulator.clearRequests();
    const up = await project.stack.up({ onOutput: log.onOutput });
    expect(up.outputs.newDomainLookup.value).toMatchObject({ name: "new.lookups.example.com", region: "eu" });
    expect(up.outputs.newDomainWebhooks.value).toMatchObject({ domain: "new.lookups.example.com", region: "eu", webhooks: [] });
    // Mailgun (the emulator) did answer 404 first: the lookup asked again.
    const gets = (await emulator.requests()).filter((r) => r.method === "GET" && r.path === "/v4/domains/new.lookups.example.com");
    expect(gets.some((r) => r.status === 404)).toBe(true);
    await emulator.setKnobs({ consistencyDelayMs: 0 });
    await project.stack.removeConfig("fixture:newDomain");
    await project.stack.up({ onOutput: log.onOutput });
  }, 300_000);
});
