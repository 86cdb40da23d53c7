/**
 * Key roles and kinds (`/v1/keys`) are enforced on every API call: basic keys only read,
 * developer keys do everything but manage API keys, admin keys (and the primary key) everything;
 * a domain sending key only sends for its domain. See emulator/models/permissions.ts.
 */
import { keyIdOf } from "../../emulator/formats";
import type { Answer } from "./helpers/api";
import { createDomain, domainName, Harness, useEmulator } from "./helpers/harness";

type Call = { name: string; write: boolean; keys?: true; run: (h: Harness, key: string, d: string) => Promise<Answer> };

/** One call per family, each valid, so that an allowed key gets 200. */
const CALLS: Call[] = [
  { name: "GET /v4/domains", write: false, run: (h, key) => h.us.get("/v4/domains", { key }) },
  { name: "GET /v4/domains/{d}", write: false, run: (h, key, d) => h.us.get(`/v4/domains/${d}`, { key }) },
  { name: "GET /v3/domains/{d}/tracking", write: false, run: (h, key, d) => h.us.get(`/v3/domains/${d}/tracking`, { key }) },
  { name: "GET /v3/domains/{d}/webhooks", write: false, run: (h, key, d) => h.us.get(`/v3/domains/${d}/webhooks`, { key }) },
  { name: "GET /v3/domains/{d}/credentials", write: false, run: (h, key, d) => h.us.get(`/v3/domains/${d}/credentials`, { key }) },
  { name: "GET /v3/routes", write: false, run: (h, key) => h.us.get("/v3/routes", { key }) },
  { name: "GET /v1/keys", write: false, run: (h, key) => h.us.get("/v1/keys", { key }) },
  { name: "POST /v4/domains", write: true, run: (h, key) => h.us.post("/v4/domains", { name: domainName("perm") }, { key }) },
  { name: "PUT /v4/domains/{d}", write: true, run: (h, key, d) => h.us.put(`/v4/domains/${d}`, { spam_action: "tag" }, { key }) },
  { name: "PUT /v3/domains/{d}/tracking/open", write: true, run: (h, key, d) => h.us.put(`/v3/domains/${d}/tracking/open`, { active: "true" }, { key }) },
  { name: "PUT /v3/domains/{d}/dkim_authority", write: true, run: (h, key, d) => h.us.put(`/v3/domains/${d}/dkim_authority`, { self: "true" }, { key }) },
  { name: "POST /v3/domains/{d}/webhooks", write: true, run: (h, key, d) => h.us.post(`/v3/domains/${d}/webhooks`, { id: "opened", url: "https://a.example/" }, { key }) },
  { name: "POST /v3/domains/{d}/credentials", write: true, run: (h, key, d) => h.us.post(`/v3/domains/${d}/credentials`, { login: "bot", password: "secret-bot" }, { key }) },
  { name: "POST /v3/routes", write: true, run: (h, key) => h.us.post("/v3/routes", { expression: "catch_all()", action: "stop()" }, { key }) },
  { name: "POST /v3/{d}/messages", write: true, run: (h, key, d) => h.us.post(`/v3/${d}/messages`, { from: `a@${d}`, to: "b@example.com", text: "x" }, { key }) },
  { name: "POST /v1/keys", write: true, keys: true, run: (h, key) => h.us.post("/v1/keys", { role: "basic" }, { key }) },
  {
    name: "DELETE /v1/keys/{id}", write: true, keys: true,
    run: async (h, key) => h.us.delete(`/v1/keys/${(await h.us.post("/v1/keys", { role: "basic" })).body.key.id}`, { key }),
  },
  { name: "DELETE /v3/domains/{d}", write: true, run: async (h, key) => h.us.delete(`/v3/domains/${await createDomain(h.us)}`, { key }) },
];

const ROLES = {
  admin: () => true,
  developer: (c: Call) => !c.keys,
  basic: (c: Call) => !c.write,
} as const;

describe("key roles", () => {
  const h = useEmulator();

  const newKey = async (fields: Record<string, string>) => (await h.us.post("/v1/keys", fields)).body.key.secret as string;

  const expectNotPermitted = (res: Answer, key: string) => {
    expect([res.status, res.body]).toEqual([403, { message: "Forbidden" }]);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("x-mailgun-key-id")).toBe(keyIdOf(key));
  };

  test.each(Object.keys(ROLES) as Array<keyof typeof ROLES>)("%s key: every family, read and write", async (role) => {
    const d = await createDomain(h.us);
    const key = await newKey({ role });
    const outcome: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const call of CALLS) {
      const res = await call.run(h, key, d);
      outcome[call.name] = res.status;
      expected[call.name] = ROLES[role](call) ? 200 : 403;
      if (res.status === 403) expectNotPermitted(res, key);
    }
    expect(outcome).toEqual(expected);
  });

  test("a refused write changes nothing and is logged as not applied", async () => {
    const d = await createDomain(h.us);
    const key = await newKey({ role: "basic" });
    const before = await h.control.state();
    await h.control.clearRequests();
    for (const call of CALLS.filter((c) => c.write && !c.name.startsWith("DELETE"))) {
      expect((await call.run(h, key, d)).status).toBe(403);
    }
    expect(await h.control.state()).toEqual(before);
    const log = await h.control.requests();
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((e: any) => e.status === 403 && e.applied === false)).toBe(true);
  });

  test("the role rules apply to web keys too; the primary key stays admin", async () => {
    const web = await newKey({ role: "basic", kind: "web", email: "a@example.com", user_id: "u1" });
    expect((await h.us.get("/v4/domains", { key: web })).status).toBe(200);
    expectNotPermitted(await h.us.post("/v4/domains", { name: domainName() }, { key: web }), web);
    const dev = await newKey({ role: "developer", kind: "web" });
    expect((await h.eu.post("/v4/domains", { name: domainName() }, { key: dev })).status).toBe(200);
    expect((await h.us.post("/v1/keys", { role: "admin" })).status).toBe(200);
    expect((await h.control.state()).keys[0]).toMatchObject({ role: "admin", primary: true });
  });

  test("an unknown path is a 404 page for a read-only key too", async () => {
    const key = await newKey({ role: "basic" });
    const res = await h.us.post("/v4/nothing-here", {}, { key });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  });

  test("a domain sending key outside its scope gets 401, not 403, whatever the call", async () => {
    const d = await createDomain(h.us);
    const key = await newKey({ kind: "domain", role: "sending", domain_name: d });
    expect((await h.us.post(`/v3/${d}/messages`, { from: `a@${d}`, to: "b@example.com", text: "x" }, { key })).status).toBe(200);
    for (const call of CALLS.filter((c) => c.name !== "POST /v3/{d}/messages")) {
      const res = await call.run(h, key, d);
      expect([call.name, res.status, res.text]).toEqual([call.name, 401, "Forbidden"]);
    }
  });
});
