/**
 * The account wrapper (provider/accounts.ts) driven as one provider process would, against the
 * emulator: a key given as a literal (no config key holds it) travels with the resource, and a
 * key-only change is a state-only update with no API call.
 */
import { accountFieldName, handler, settingsFor } from "../../provider";
import { makeConfig } from "../../provider/config";
import { useHandlerEmulator } from "../../testkit/handler-harness";

async function api(e: { urls: { us: string }; apiKey: string }, method: string, path: string, form?: Record<string, string>, sub?: string): Promise<any> {
  const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`api:${e.apiKey}`).toString("base64")}` };
  if (sub) headers["x-mailgun-on-behalf-of"] = sub;
  const res = await fetch(`${e.urls.us}${path}`, { method, headers, body: form ? new URLSearchParams(form) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

describe("accounts in the provider", () => {
  const ctx = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "2000" });
  const route = handler("Route");

  test("a literal key: create in the subaccount, rotate (state only, no call), read with the new key after revoking the old", async () => {
    const e = ctx.emulator;
    const sub = (await api(e, "POST", "/v5/accounts/subaccounts", { name: "child" })).subaccount.id;
    const k1 = (await api(e, "POST", "/v1/keys", { role: "admin" })).key;
    const account = { name: "child", subaccountId: sub, apiUrlUs: e.urls.us, apiUrlEu: e.urls.eu };
    const args = { expression: 'match_recipient("a@x.test")', actions: ["stop()"], account, accountApiKey: k1.secret };
    const { inputs, failures } = await route.check({}, args);
    expect(failures).toBeUndefined();
    expect(inputs).toMatchObject({ account, accountApiKey: k1.secret, region: "us" });
    const { id, outs } = await route.create(inputs as any);
    expect(outs).toMatchObject({ account, accountApiKey: k1.secret });
    expect((await api(e, "GET", "/v3/routes", undefined, sub)).total_count).toBe(1);
    expect((await api(e, "GET", "/v3/routes")).total_count).toBe(0);

    const k2 = (await api(e, "POST", "/v1/keys", { role: "admin" })).key;
    const news = (await route.check(inputs as any, { ...args, accountApiKey: k2.secret })).inputs as any;
    expect(await route.diff(id, outs, news)).toEqual({ changes: true });
    await e.clearRequests();
    const updated = await route.update(id, outs, news);
    expect(await e.requests()).toEqual([]);
    expect(updated.outs).toMatchObject({ account, accountApiKey: k2.secret, routeId: id });

    await api(e, "DELETE", `/v1/keys/${k1.id}`);
    const read = await route.read(id, updated.outs);
    expect(read.props).toMatchObject({ account, accountApiKey: k2.secret, routeId: id });
    expect(read.inputs).toMatchObject({ account, accountApiKey: k2.secret });

    // Another subaccount (or none) is another account's object: replaced, deleted first.
    expect(await route.diff(id, updated.outs, { ...news, account: { ...account, subaccountId: "000000000000000000000000" } }))
      .toMatchObject({ replaces: ["account"], deleteBeforeReplace: true });
    const { account: _a, accountApiKey: _k, ...plain } = news;
    expect(await route.diff(id, updated.outs, plain)).toMatchObject({ replaces: ["account"] });
    // Issue 20 item 2: the Account's name is a label. Renamed, or its default endpoint spelled
    // out, it is the same account: no change, or a state-only update. Another key source or endpoint is another account.
    expect(await route.diff(id, updated.outs, { ...news, account: { ...account, name: "child-team" } })).toEqual({ changes: false });
    // Unset endpoints are the stack configuration's (here the emulator's): spelling them out changes nothing; Mailgun's own is another endpoint.
    const spelledOut = { ...outs, account: { name: "default-urls", apiKeyConfig: "shop:key" } };
    expect(await route.diff(id, spelledOut as any, { ...spelledOut, account: { name: "default-urls", apiKeyConfig: "shop:key", apiUrlUs: `${e.urls.us}/` } } as any)).toEqual({ changes: true });
    expect(await route.diff(id, spelledOut as any, { ...spelledOut, account: { name: "default-urls", apiKeyConfig: "shop:key", apiUrlUs: "https://api.mailgun.net" } } as any)).toMatchObject({ replaces: ["account"] });
    expect(await route.diff(id, spelledOut as any, { ...spelledOut, account: { name: "default-urls", apiKeyConfig: "other:key" } } as any)).toMatchObject({ replaces: ["account"] });
    expect(await route.diff(id, updated.outs, { ...news, account: { ...account, apiUrlUs: "http://127.0.0.1:9" } })).toMatchObject({ replaces: ["account"] });
    // Deletes in each account: test/engine/accounts.test.ts (here this process's check declared the route, so the ownership guard would keep it).
  });

  test("check: bad account inputs name the field, never the key", async () => {
    const base = { expression: 'match_recipient("a@x.test")', actions: ["stop()"] };
    const reasons = async (extra: object) => ((await route.check({}, { ...base, ...extra })).failures ?? []).map((f) => [f.property, f.reason]);
    expect(await reasons({ account: "eu" })).toEqual([["", expect.stringMatching(/^Route: \[account\] pass a mailgun\.Account .*; got a string$/)]]);
    expect(await reasons({ account: { name: "x", apiUrlUs: "https://api.mailgun.net/v3" }, accountApiKey: "key-secret-1" }))
      .toEqual([["", expect.stringMatching(/^Route: \[account\] mailgun\.Account "x" apiUrlUs: .*contains a version path/)]]);
    expect(await reasons({ account: { name: "x" } })).toEqual([["", expect.stringMatching(/no apiKey; give the account's API key/)]]);
    expect(await reasons({ account: { name: "x", apiKeyConfig: "proj:missing" } })).toEqual([["", expect.stringMatching(/config key proj:missing, which is not set now/)]]);
    const both = await reasons({ account: { name: "x", subaccountId: "a b" }, accountApiKey: "key-secret-1", priority: -1 });
    expect(both.map(([, r]) => r).join("\n")).toMatch(/subaccountId: must be the id Mailgun gave the subaccount[\s\S]*Route: \[priority\]/);
    // Every bad field is named, not only the first.
    expect((await reasons({ account: { name: "x", subaccountId: "a b", region: "ap", apiUrlEu: "ftp://x" }, accountApiKey: "key-secret-1" })).map(([, r]) => r))
      .toEqual([expect.stringMatching(/"x" subaccountId: must be/), expect.stringMatching(/"x" region: invalid region "ap"/), expect.stringMatching(/"x" apiUrlEu: unsupported scheme/)]);
    expect(JSON.stringify(both)).not.toContain("key-secret-1");
    expect(await ctx.emulator.requests()).toEqual([]);
  });

  test("settingsFor: the account's key and subaccount, its region and URLs else the stack's, the stack's tuning", () => {
    const stack = makeConfig({ apiKey: "stack-key", defaultRegion: "eu", baseUrls: { us: "http://127.0.0.1:1", eu: "http://127.0.0.1:2" }, maxRetries: 3 });
    const name = accountFieldName("b");
    // Nothing set but the key: the stack's region and URLs, never its key.
    expect(settingsFor({ apiKey: "k", subaccountId: "646d00a1b32c35364a2ad34f" }, stack, name)).toEqual({
      ...stack, apiKey: "k", subaccountId: "646d00a1b32c35364a2ad34f",
    });
    expect(settingsFor({}, stack, name).apiKey).toBeUndefined();
    // Empty counts as unset, as in the stack configuration; set fields win and are normalized.
    expect(settingsFor({ apiKey: "k", region: " ", apiUrlUs: "" }, stack, name)).toMatchObject({ defaultRegion: "eu", baseUrls: stack.baseUrls });
    expect(settingsFor({ apiKey: "k", region: "US", apiUrlEu: "http://127.0.0.1:9/" }, stack, name)).toMatchObject({
      defaultRegion: "us", baseUrls: { us: "http://127.0.0.1:1", eu: "http://127.0.0.1:9" }, maxRetries: 3,
    });
    // A stack without settings: the built-in defaults.
    expect(settingsFor({ apiKey: "k" }, makeConfig(), name)).toMatchObject({ defaultRegion: "us", baseUrls: { us: "https://api.mailgun.net", eu: "https://api.eu.mailgun.net" } });
    expect(() => settingsFor({ apiKey: "k", subaccountId: "x y" }, stack, name)).toThrow(/^mailgun.Account "b" subaccountId: must be the id Mailgun gave the subaccount .*got "x y"/);
    expect(() => settingsFor({ apiKey: "k", region: "ap" }, stack, name)).toThrow(/^mailgun.Account "b" region: invalid region/);
    expect(() => settingsFor({ apiKey: "k", apiUrlUs: "https://api.mailgun.net/v3" }, stack, name)).toThrow(/^mailgun.Account "b" apiUrlUs: .*version path/);
  });
});
