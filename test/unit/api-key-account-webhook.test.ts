import { configure } from "../../provider/runtime";
import { apiKeyHandler } from "../../provider/resources/api-key";
import { accountWebhookHandler } from "../../provider/resources/account-webhook";
import { UNKNOWN } from "../../provider/resources/validation";

beforeAll(() => configure({ get: (k: string) => ({ "mailgun:region": "us" })[k] }));

describe("ApiKey check", () => {
  test("defaults: a user key, empty description, the configured region", async () => {
    expect((await apiKeyHandler.check({}, { role: "basic" })).inputs).toEqual({ role: "basic", kind: "user", description: "", region: "us" });
  });

  test("rules between fields wait for values not known at preview", async () => {
    expect((await apiKeyHandler.check({}, { kind: "domain", role: "sending", domainName: UNKNOWN })).failures).toBeUndefined();
    expect((await apiKeyHandler.check({}, { kind: UNKNOWN, role: "sending" })).failures).toBeUndefined();
    expect((await apiKeyHandler.check({}, { kind: "web", role: "basic", email: UNKNOWN, userId: UNKNOWN })).failures).toBeUndefined();
    // Known once the engine checks again: the rule applies.
    const { failures } = await apiKeyHandler.check({}, { kind: "domain", role: "basic", domainName: "mg.example.com" });
    expect(failures).toEqual([{ property: "role", reason: expect.stringMatching(/^ApiKey: \[role\] kind "domain" keys are domain sending keys/) }]);
  });

  test("a web key's expiration may be one day, not more", async () => {
    const web = { kind: "web", role: "admin", email: "ops@example.com", userId: "7" };
    expect((await apiKeyHandler.check({}, { ...web, expiration: 86_400 })).failures).toBeUndefined();
    expect((await apiKeyHandler.check({}, { ...web, expiration: 86_401 })).failures).toHaveLength(1);
  });

  test("every field change replaces the key; the owner tag alone updates in place", async () => {
    const i = (await apiKeyHandler.check({}, { role: "basic", description: "a", ownerTag: "t" })).inputs as never;
    const outs = { ...(i as object), keyId: "k", secret: "s", createdAt: "", isDisabled: false } as never;
    expect(await apiKeyHandler.diff("k", outs, { ...(i as object), description: "b" } as never)).toEqual({ changes: true, replaces: ["description"] });
    expect(await apiKeyHandler.diff("k", outs, { ...(i as object), ownerTag: "u" } as never)).toEqual({ changes: false });
  });
});

describe("AccountWebhook", () => {
  const url = "https://hooks.example.com/in?token=s3cr3t-t0ken";

  test("a bad URL is refused without echoing it, under the field's name only", async () => {
    const { failures } = await accountWebhookHandler.check({}, { url: "ftp://hooks.example.com/in?token=s3cr3t-t0ken", eventTypes: ["delivered"] });
    expect(failures).toEqual([{ property: "", reason: expect.stringMatching(/^AccountWebhook: \[url\] url must be an absolute http/) }]);
    expect(JSON.stringify(failures)).not.toContain("s3cr3t");
  });

  test("events are sorted; url, events and description update in place, the region replaces", async () => {
    const i = (await accountWebhookHandler.check({}, { url, eventTypes: ["opened", "clicked"] })).inputs as never as Record<string, unknown>;
    expect(i).toEqual({ url, eventTypes: ["clicked", "opened"], description: "", region: "us" });
    const outs = { ...i, webhookId: "w" } as never;
    for (const change of [{ url: "https://other.example.com/" }, { eventTypes: ["opened"] }, { description: "d" }]) {
      expect(await accountWebhookHandler.diff("w", outs, { ...i, ...change } as never)).toEqual({ changes: true });
    }
    expect(await accountWebhookHandler.diff("w", outs, { ...i, region: "eu" } as never)).toEqual({ changes: true, replaces: ["region"] });
    expect(await accountWebhookHandler.diff("w", outs, { ...i, adopt: true } as never)).toEqual({ changes: false });
  });

  test("the object key is the region and a digest of the URL, never the URL; messages name its origin only", () => {
    const key = accountWebhookHandler.objectKey!({ region: "us", url });
    expect(key).toMatch(/^us\|url-sha256:[0-9a-f]{32}$/);
    expect(accountWebhookHandler.objectKey!({ region: "us", url: UNKNOWN })).toContain(UNKNOWN);
    expect(accountWebhookHandler.describeObject!({ region: "eu", url }, "abc")).toBe("account webhook abc (https://hooks.example.com/…) in region eu");
  });

  test("a run that would put more than 3 URLs on an event, or one URL twice, is refused at check, naming the resources", async () => {
    const hook = (name: string, u: string, eventTypes = ["unsubscribed"]) => accountWebhookHandler.check({}, { url: u, eventTypes, region: "eu", __declaredAs: name });
    for (const n of ["a", "b", "c"]) expect((await hook(n, `https://${n}.example.com/h`)).failures).toBeUndefined();
    // Checked again (preview, then up): the resource replaces its own record.
    expect((await hook("c", "https://c.example.com/h")).failures).toBeUndefined();
    const fourth = (await hook("d", "https://d.example.com/h?token=s3cr3t")).failures;
    expect(fourth).toEqual([{ property: "", reason: expect.stringMatching(/^AccountWebhook: \[eventTypes\] "unsubscribed" would get 4 account-level URLs in region eu: AccountWebhooks "a", "b", "c" and this one \("d"\)/) }]);
    expect(JSON.stringify(fourth)).not.toContain("s3cr3t");
    const twice = (await hook("e", "https://a.example.com/h", ["temporary_fail", "unsubscribed"])).failures;
    expect(twice?.[0].reason).toMatch(/AccountWebhooks "a", "e" both send "unsubscribed" to https:\/\/a\.example\.com\/… in region eu/);
  });
});
