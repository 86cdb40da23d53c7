/**
 * One program managing objects in three places: the stack configuration's account (emulator A),
 * a subaccount of it (X-Mailgun-On-Behalf-Of), and a second account (emulator B, its own URLs and
 * key) declared with mailgun.Account, through the real Pulumi CLI.
 */
import { TestEmulator } from "../../testkit/emulator";
import { OutputLog } from "../../testkit/mailgun-stack";
import { createTestProject, TestProject } from "../../testkit/pulumi";

jest.setTimeout(600_000);

interface Call {
  sub?: string;
  key?: string;
}

/** The emulator's real API, as a person in the dashboard would use it (optionally on behalf of a subaccount). */
async function api(e: TestEmulator, region: "us" | "eu", method: string, path: string, form?: Record<string, string>, o: Call = {}): Promise<any> {
  const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`api:${o.key ?? e.apiKey}`).toString("base64")}` };
  if (o.sub) headers["x-mailgun-on-behalf-of"] = o.sub;
  const res = await fetch(`${e.urls[region]}${path}`, { method, headers, body: form ? new URLSearchParams(form) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function holdings(e: TestEmulator, sub?: string) {
  const domains = (await api(e, "us", "GET", "/v4/domains", undefined, { sub })).items.map((d: any) => d.name);
  const routes = (await api(e, "us", "GET", "/v3/routes", undefined, { sub })).items.map((r: any) => r.description);
  return { domains, routes };
}

const routeArgs = (who: string) => ({ expression: `match_recipient("ops@${who}.example.test")`, actions: ["stop()"], description: `${who} inbox` });

describe("several accounts and a subaccount in one program", () => {
  let a: TestEmulator;
  let b: TestEmulator;
  let project: TestProject;
  let sub: string;
  let oldKey: { id: string; secret: string };
  let literalKey: string;
  const log = new OutputLog();

  beforeAll(async () => {
    a = await TestEmulator.start();
    b = await TestEmulator.start();
    sub = (await api(a, "us", "POST", "/v5/accounts/subaccounts", { name: "team-sub" })).subaccount.id;
    // Account B's key is one of its own (not its primary), so the test can revoke it.
    oldKey = (await api(b, "us", "POST", "/v1/keys", { role: "admin", description: "pulumi" })).key;
    // The subaccount's resources get the parent's key from the environment: no config key holds it.
    literalKey = (await api(a, "us", "POST", "/v1/keys", { role: "admin", description: "sub" })).key.secret;
    project = await createTestProject("accounts-stack", {
      config: {
        "mailgun:apiKey": { value: a.apiKey, secret: true },
        "mailgun:apiUrlUs": { value: a.urls.us },
        "mailgun:apiUrlEu": { value: a.urls.eu },
        "mailgun:consistencyBudgetMs": { value: "5000" },
        "fixture:bKey": { value: oldKey.secret, secret: true },
      },
      env: { ACCOUNTS_TEST_SUB_KEY: literalKey },
    });
  }, 120_000);
  afterAll(async () => {
    await project?.cleanup();
    await a?.close();
    await b?.close();
  });

  const accounts = () => [
    { name: "second", keyConfig: "bKey", apiUrlUs: b.urls.us, apiUrlEu: b.urls.eu },
    // No URLs: a subaccount of the stack's account reaches it where the stack configuration says (emulator A), refresh and destroy too.
    { name: "team", keyEnv: "ACCOUNTS_TEST_SUB_KEY", subaccountId: sub, asProvider: true },
  ];
  async function declare(resources: unknown[], accts: unknown[] = accounts()) {
    await project.stack.setConfig("fixture:accounts", { value: JSON.stringify(accts) });
    await project.stack.setConfig("fixture:resources", { value: JSON.stringify(resources) });
  }
  const everywhere = (moved = false) => [
    { kind: "Domain", name: "d-main", args: { name: "main.example.test" } },
    { kind: "Route", name: "r-main", args: routeArgs("main") },
    { kind: "Domain", name: "d-second", args: { name: "second.example.test" }, account: "second" },
    { kind: "Route", name: "r-second", args: routeArgs("second"), account: moved ? undefined : "second" },
    // The subaccount's through `opts.provider`, as @pulumi/mailgun programs pass a Provider.
    { kind: "Domain", name: "d-sub", args: { name: "sub.example.test" }, account: "team", viaProvider: true },
    { kind: "Route", name: "r-sub", args: routeArgs("sub"), account: "team", viaProvider: true },
  ];

  test("bad account inputs are refused at preview with no API call", async () => {
    await a.clearRequests();
    await b.clearRequests();
    const out = new OutputLog();
    // The engine stops at the first resource that fails its check: one preview per case.
    await declare([{ kind: "Route", name: "r-bad-account", args: routeArgs("x"), account: "not-declared" }]);
    await expect(project.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text).toMatch(/Route: \[account\] pass a mailgun\.Account .*; got a string/);
    await declare(
      [{ kind: "Route", name: "r-bad-sub", args: routeArgs("y"), account: "bad-sub" }],
      [{ name: "bad-sub", keyConfig: "bKey", apiUrlUs: b.urls.us, subaccountId: "not an id!" }],
    );
    await expect(project.stack.preview({ onOutput: out.onOutput })).rejects.toThrow();
    expect(out.text).toMatch(/Route: \[account\] mailgun\.Account "bad-sub" subaccountId: must be the id Mailgun gave the subaccount/);
    expect(out.text).not.toContain(oldKey.secret);
    expect([...(await a.requests()), ...(await b.requests())]).toEqual([]);
  });

  test("create in each, no-change preview, drift by hand in each, key rotation, move, destroy", async () => {
    await declare(everywhere());
    const up = await project.stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 7 });
    expect(await holdings(a)).toEqual({ domains: ["main.example.test"], routes: ["main inbox"] });
    expect(await holdings(b)).toEqual({ domains: ["second.example.test"], routes: ["second inbox"] });
    expect(await holdings(a, sub)).toEqual({ domains: ["sub.example.test"], routes: ["sub inbox"] });
    await project.stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await project.stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });

    // Drift by hand, one route in each place: each is seen.
    for (const [e, o] of [[a, {}], [b, {}], [a, { sub }]] as const) {
      const route = (await api(e, "us", "GET", "/v3/routes", undefined, o)).items[0];
      await api(e, "us", "PUT", `/v3/routes/${route.id}`, { description: "changed by hand" }, o);
    }
    const drift = await project.stack.preview({ refresh: true, onOutput: log.onOutput });
    expect(drift.changeSummary).toMatchObject({ update: 3 });
    await project.stack.up({ refresh: true, onOutput: log.onOutput });
    expect((await holdings(b)).routes).toEqual(["second inbox"]);
    expect((await holdings(a, sub)).routes).toEqual(["sub inbox"]);
    await project.stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });

    // Keys: never in the CLI's output; in the state only encrypted (the config key's name is all B's resources hold).
    const state = project.rawState();
    for (const k of [a.apiKey, oldKey.secret, literalKey]) {
      expect(log.text).not.toContain(k);
      expect(state).not.toContain(k);
    }
    expect(state).toMatch(/"apiKeyConfig":\s*"fixture:bKey"/);

    // Rotation: a new key in config changes no resource; the old key revoked, refresh and destroy still work.
    const newKey = (await api(b, "us", "POST", "/v1/keys", { role: "admin", description: "pulumi 2" })).key;
    await project.stack.setConfig("fixture:bKey", { value: newKey.secret, secret: true });
    await project.stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    const rotated = await project.stack.up({ onOutput: log.onOutput });
    expect(rotated.summary.resourceChanges).toEqual({ same: 7 });
    await api(b, "us", "DELETE", `/v1/keys/${oldKey.id}`);
    await expect(api(b, "us", "GET", "/v3/routes", undefined, { key: oldKey.secret })).rejects.toThrow(/401/);
    await b.clearRequests();
    await project.stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });
    expect((await b.requests()).length).toBeGreaterThan(0);
    expect((await b.requests()).every((r) => r.status === 200)).toBe(true);

    // Renaming an Account (its label; same key source, subaccount, endpoints) changes nothing: no replace, no write.
    const relabelled = (rs: ReturnType<typeof everywhere>) => rs.map((r) => (r.account ? { ...r, account: `${r.account}-renamed` } : r));
    await declare(relabelled(everywhere()), accounts().map((x) => ({ ...x, name: `${x.name}-renamed` })));
    await a.clearRequests();
    await b.clearRequests();
    const renamed = await project.stack.up({ onOutput: log.onOutput });
    expect(renamed.summary.resourceChanges).toEqual({ same: 7 });
    expect([...(await a.requests()), ...(await b.requests())].filter((r) => r.method !== "GET")).toEqual([]);

    // Moving the route of account B to the stack configuration's account replaces it.
    await declare(everywhere(true));
    const preview = await project.stack.preview({ onOutput: log.onOutput });
    expect(preview.changeSummary).toMatchObject({ replace: 1 });
    const moved = await project.stack.up({ onOutput: log.onOutput });
    expect(moved.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await holdings(b)).routes).toEqual([]);
    expect((await holdings(a)).routes.sort()).toEqual(["main inbox", "second inbox"]);
    expect((await holdings(a, sub)).routes).toEqual(["sub inbox"]);
    await project.stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });

    // Destroy leaves nothing anywhere; it runs without the program, on the state and config alone.
    await project.stack.destroy({ onOutput: log.onOutput });
    expect(await holdings(a)).toEqual({ domains: [], routes: [] });
    expect(await holdings(b)).toEqual({ domains: [], routes: [] });
    expect(await holdings(a, sub)).toEqual({ domains: [], routes: [] });
    for (const k of [a.apiKey, oldKey.secret, newKey.secret, literalKey]) expect(log.text).not.toContain(k);
  });
});
