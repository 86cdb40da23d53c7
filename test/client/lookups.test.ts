/**
 * Lookups called as a program calls them, against the emulator over HTTP: region auto-detection,
 * its errors, paging through every object, and keys that never reach a result or an error.
 * The credentials come as an `account` here (no stack configuration outside a Pulumi program).
 */
import * as pulumi from "@pulumi/pulumi";
import { Account } from "../../sdk/account";
import { TestEmulator } from "../../testkit/emulator";
import {
  getApiKeys, getDomain, getDomainCredentials, getDomainOutput, getDomains, getMailingLists, getRoutes, getTemplates, getWebhooks,
  type LookupAccount,
} from "../../sdk/lookups";

let emu: TestEmulator;
let account: LookupAccount;

beforeAll(async () => {
  emu = await TestEmulator.start();
  account = { apiKey: emu.apiKey, apiUrlUs: emu.urls.us, apiUrlEu: emu.urls.eu };
  await emu.api("us", "POST", "/v4/domains", { name: "us.lookup.example.com" });
  await emu.api("eu", "POST", "/v4/domains", { name: "eu.lookup.example.com", spam_action: "tag" });
}, 30_000);
afterAll(() => emu?.close());

const apiCalls = async () => (await emu.requests()).map((r) => `${r.method} ${r.path}`);

describe("getDomain region auto-detection", () => {
  test("a US domain takes the domain GET and the tracking GET, in the US only", async () => {
    await emu.clearRequests();
    const d = await getDomain({ name: "us.lookup.example.com", account });
    expect(d).toMatchObject({ name: "us.lookup.example.com", id: "us.lookup.example.com", region: "us", state: "unverified", spamAction: "disabled" });
    expect(await apiCalls()).toEqual(["GET /v4/domains/us.lookup.example.com", "GET /v3/domains/us.lookup.example.com/tracking"]);
  });

  test("an EU domain is found after the US answers 404", async () => {
    await emu.clearRequests();
    const d = await getDomain({ name: "eu.lookup.example.com", account });
    expect(d).toMatchObject({ region: "eu", spamAction: "tag" });
    expect(d.receivingRecordsSets.map((r) => r.value)).toEqual(expect.arrayContaining([expect.stringContaining("eu.mailgun.org")]));
    const log = await emu.requests();
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /v4/domains/eu.lookup.example.com", "GET /v4/domains/eu.lookup.example.com", "GET /v3/domains/eu.lookup.example.com/tracking",
    ]);
  });

  test("the account's region is searched first", async () => {
    await emu.clearRequests();
    const d = await getDomain({ name: "eu.lookup.example.com", account: { ...account, region: "eu" } });
    expect(d.region).toBe("eu");
    expect(await apiCalls()).toHaveLength(2);
  });

  test("a domain in neither region: the error names it and both regions", async () => {
    await expect(getDomain({ name: "nowhere.example.com", account })).rejects.toThrow(
      /^getDomain: Mailgun domain "nowhere.example.com" was not found in either region \(tried us and eu\)/,
    );
  });

  test("a region given is the only one asked", async () => {
    await emu.clearRequests();
    await expect(getDomain({ name: "eu.lookup.example.com", region: "us", account })).rejects.toThrow(/not found in region us; .*leave region out/);
    expect(await apiCalls()).toEqual(["GET /v4/domains/eu.lookup.example.com"]);
    await expect(getDomain({ name: "eu.lookup.example.com", region: "mars", account })).rejects.toThrow(/region: invalid region "mars"/);
  });

  test("a wrong key fails with Mailgun's answer and never shows the key", async () => {
    const wrong = "0123456789abcdef0123456789abcdef-01234567-89abcdef";
    const err = await getDomain({ name: "us.lookup.example.com", account: { ...account, apiKey: wrong } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^getDomain: /);
    expect((err as Error).message).toMatch(/401|Forbidden|API key/i);
    expect(`${(err as Error).message}\n${(err as Error).stack}`).not.toContain(wrong);
  });

  test("the Output form with @pulumi/mailgun's names and an account given as Outputs", async () => {
    const out = getDomainOutput({ name: pulumi.output("eu.lookup.example.com"), account: { ...account, apiKey: pulumi.secret(emu.apiKey) } });
    const value = await (out as unknown as { promise(): Promise<Awaited<ReturnType<typeof getDomain>>> }).promise();
    expect(value).toMatchObject({ id: "eu.lookup.example.com", region: "eu", smtpLogin: "postmaster@eu.lookup.example.com", openTracking: false, clickTracking: false, webScheme: "http", wildcard: false, forceDkimAuthority: false, useAutomaticSenderSecurity: false });
    expect(value.sendingRecordsSets.length).toBeGreaterThan(0);
    for (const r of value.sendingRecordsSets) expect(Object.keys(r).sort()).toEqual(["id", "name", "recordType", "valid", "value"]);
    for (const r of value.receivingRecordsSets) expect(Object.keys(r).sort()).toEqual(["id", "priority", "recordType", "valid", "value"]);
    // The account's key is a secret, but it is not in the result: the result is not secret on its account.
    expect(await (out as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(false);
    expect(JSON.stringify(value)).not.toContain(emu.apiKey);
    // An smtpPassword argument is echoed, so the result is then secret.
    const withPassword = getDomainOutput({ name: "us.lookup.example.com", smtpPassword: pulumi.secret("s3cret-pass"), account });
    expect(await (withPassword as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
    // Given in plain text too: the result holds a password.
    const plainPassword = getDomainOutput({ name: "us.lookup.example.com", smtpPassword: "s3cret-pass", account });
    expect(await (plainPassword as unknown as { isSecret: Promise<boolean> }).isSecret).toBe(true);
  });
});

test("@pulumi/mailgun's getDomain arguments are accepted: the password and DKIM authority are echoed, the rest read from Mailgun", async () => {
  const d = await getDomain({
    name: "us.lookup.example.com", region: "us", smtpPassword: "pw-12345", spamAction: "block", wildcard: true,
    dkimKeySize: 2048, dkimSelector: "other", forceDkimAuthority: true, openTracking: true, account,
  });
  expect(d).toMatchObject({ smtpPassword: "pw-12345", forceDkimAuthority: true, spamAction: "disabled", wildcard: false, openTracking: false });
  expect(d.dkimKeySize).not.toBe(undefined);
});

describe("listings page through everything", () => {
  test("1,005 routes in the US take two pages; getRoutes without region lists both regions", async () => {
    for (let i = 0; i < 1005; i++) {
      await emu.api("us", "POST", "/v3/routes", { expression: `match_recipient("r${i}@us.lookup.example.com")`, action: "stop()", priority: String(i % 5) });
    }
    await emu.api("eu", "POST", "/v3/routes", { expression: 'match_recipient("x@eu.lookup.example.com")', action: "stop()", description: "eu one" });
    await emu.clearRequests();
    const { routes } = await getRoutes({ account });
    expect(routes.filter((r) => r.region === "us")).toHaveLength(1005);
    expect(routes.filter((r) => r.region === "eu")).toEqual([expect.objectContaining({ description: "eu one", actions: ["stop()"], priority: 0 })]);
    expect(new Set(routes.map((r) => r.id)).size).toBe(1006);
    expect((await apiCalls()).filter((c) => c.startsWith("GET /v3/routes"))).toHaveLength(3);
    expect((await getRoutes({ region: "eu", account })).routes).toHaveLength(1);
  }, 120_000);

  test("a domain's 100 templates (Mailgun's most) take two pages; the domain's region is detected", async () => {
    for (let i = 0; i < 100; i++) await emu.api("eu", "POST", "/v3/eu.lookup.example.com/templates", { name: `t-${String(i).padStart(3, "0")}`, description: `n${i}` });
    await emu.clearRequests();
    const { templates, region } = await getTemplates({ domain: "eu.lookup.example.com", account });
    expect(region).toBe("eu");
    expect(templates).toHaveLength(100);
    expect(templates[99]).toMatchObject({ name: "t-099", description: "n99", domain: "eu.lookup.example.com", region: "eu" });
    // The US 404, then a full page and the empty one after it.
    expect((await apiCalls()).filter((c) => c.includes("/templates"))).toHaveLength(3);
  }, 60_000);

  test("105 mailing lists take two pages per region", async () => {
    for (let i = 0; i < 105; i++) await emu.api("us", "POST", "/v3/lists", { address: `l${String(i).padStart(3, "0")}@us.lookup.example.com`, access_level: "members" });
    const { lists } = await getMailingLists({ region: "us", account });
    expect(lists).toHaveLength(105);
    expect(lists[0]).toMatchObject({ address: "l000@us.lookup.example.com", accessLevel: "members", replyPreference: "list", region: "us", membersCount: 0 });
  }, 60_000);
});

describe("the other lookups", () => {
  test("getDomains filters by region and state", async () => {
    const all = await getDomains({ account });
    expect(all.names.sort()).toEqual(["eu.lookup.example.com", "us.lookup.example.com"]);
    expect((await getDomains({ region: "eu", account })).domains).toEqual([expect.objectContaining({ name: "eu.lookup.example.com", region: "eu", spamAction: "tag" })]);
    expect((await getDomains({ state: "active", account })).domains).toEqual([]);
  });

  test("getWebhooks by URL and by event", async () => {
    await emu.api("us", "POST", "/v3/domains/us.lookup.example.com/webhooks", { id: "delivered", url: ["https://a.example.com/h", "https://b.example.com/h"] });
    await emu.api("us", "POST", "/v3/domains/us.lookup.example.com/webhooks", { id: "opened", url: "https://a.example.com/h" });
    const w = await getWebhooks({ domain: "us.lookup.example.com", account });
    expect(w.webhooks).toEqual([
      { domain: "us.lookup.example.com", url: "https://a.example.com/h", events: ["delivered", "opened"], region: "us" },
      { domain: "us.lookup.example.com", url: "https://b.example.com/h", events: ["delivered"], region: "us" },
    ]);
    expect(w.kinds.map((k) => [k.kind, k.urls])).toEqual([["delivered", ["https://a.example.com/h", "https://b.example.com/h"]], ["opened", ["https://a.example.com/h"]]]);
    await expect(getWebhooks({ domain: "nowhere.example.com", account })).rejects.toThrow(/getWebhooks: Mailgun domain "nowhere.example.com" was not found in either region/);
  });

  test("getDomainCredentials and getApiKeys never carry a secret", async () => {
    await emu.api("eu", "POST", "/v3/domains/eu.lookup.example.com/credentials", { login: "app", password: "app-password-1" });
    const c = await getDomainCredentials({ domain: "eu.lookup.example.com", account });
    expect(c.credentials).toEqual(expect.arrayContaining([expect.objectContaining({ login: "app", address: "app@eu.lookup.example.com", region: "eu" })]));
    expect(JSON.stringify(c)).not.toContain("app-password-1");

    const made = await emu.api("us", "POST", "/v1/keys", { role: "sending", kind: "domain", domain_name: "us.lookup.example.com", description: "lookup test" });
    const { keys } = await getApiKeys({ kind: "domain", account });
    expect(keys).toEqual([expect.objectContaining({ keyId: made.key.id, role: "sending", kind: "domain", domainName: "us.lookup.example.com", description: "lookup test", isDisabled: false })]);
    expect(JSON.stringify(keys)).not.toContain(made.key.secret);
    expect(JSON.stringify(await getApiKeys({ account }))).not.toContain(emu.apiKey);
    await expect(getApiKeys({ kind: "admin", account })).rejects.toThrow(/getApiKeys: kind must be "user", "domain" or "web"/);
  });
});

describe("an account that sets no region or URLs: the stack configuration's (issue 21 item 3)", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    // The stack configuration as a lookup reads it outside a Pulumi program: the MAILGUN_* variables.
    process.env.MAILGUN_API_URL_US = emu.urls.us;
    process.env.MAILGUN_API_URL_EU = emu.urls.eu;
    process.env.MAILGUN_REGION = "eu";
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  test.each([
    ["a mailgun.Account", () => new Account("team", { apiKey: pulumi.secret(emu.apiKey) })],
    ["a plain object", () => ({ apiKey: emu.apiKey })],
  ])("%s reaches the stack's endpoints and searches the stack's region first", async (_, make) => {
    await emu.clearRequests();
    const d = await getDomain({ name: "eu.lookup.example.com", account: make() });
    expect(d.region).toBe("eu");
    expect((await emu.requests()).map((r) => `${r.region} ${r.method} ${r.path}`)).toEqual([
      "eu GET /v4/domains/eu.lookup.example.com", "eu GET /v3/domains/eu.lookup.example.com/tracking",
    ]);
  });

  test("what the account sets wins: a mailgun.Account with region us searches the US first", async () => {
    await emu.clearRequests();
    await getDomain({ name: "eu.lookup.example.com", account: new Account("us-team", { apiKey: emu.apiKey, region: "us" }) });
    expect((await emu.requests())[0]).toMatchObject({ region: "us", path: "/v4/domains/eu.lookup.example.com" });
  });
});
