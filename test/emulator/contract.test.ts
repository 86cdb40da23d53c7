/**
 * The OpenAPI contract. Every test file already validates every answer its emulators give
 * (helpers/harness.ts); this file makes sure the checker itself bites, and sweeps every
 * emulated operation, errors included, so that none escapes validation.
 */
import { contract, OPERATION_OVERRIDES, SCHEMA_OVERRIDES } from "./helpers/contract";
import { createDomain, useEmulator } from "./helpers/harness";

const json = (method: string, path: string, status: number, body: unknown) =>
  contract().check({ region: "us", method, path, status, contentType: "application/json; charset=utf-8", body: JSON.stringify(body) });

describe("contract checker", () => {
  test("flags answers that break the spec or the recorded overrides", () => {
    expect(json("POST", "/v4/domains", 200, { message: "ok" })).not.toEqual([]);
    expect(json("GET", "/v3/routes/abc", 200, { route: { priority: "high" } })).not.toEqual([]);
    expect(json("PUT", "/v3/routes/abc", 200, { message: "Route has been updated", route: {} })).not.toEqual([]);
    expect(json("GET", "/v1/keys", 200, { total_count: 1, items: [{ id: "x" }] })).not.toEqual([]);
    expect(json("GET", "/v3/domains/d.test/connection", 200, { connection: { require_tls: false } })).not.toEqual([]);
    expect(json("GET", "/v4/domains/x.test", 404, { Description: "nope" })).not.toEqual([]);
    expect(json("GET", "/v4/domains", 401, { message: "Invalid private key" })).not.toEqual([]);
    expect(json("GET", "/v9/unknown", 200, {})).not.toEqual([]);
    expect(json("GET", "/v3/routes/abc", 404, { message: "Route not found" })).toEqual([]);
  });

  test("every override names an operation the spec or the emulator has", () => {
    const checker = contract();
    for (const key of Object.keys(OPERATION_OVERRIDES)) {
      const [method, template] = key.split(" ");
      expect(checker.operationFor(method, template.replace(/\{[^}]+\}/g, "x"))).toBeDefined();
    }
    expect(Object.keys(SCHEMA_OVERRIDES).length).toBeGreaterThan(0);
  });
});

describe("sweep of every emulated operation", () => {
  const h = useEmulator();

  test("all answers, successes and errors, validate against the contract", async () => {
    const d = await createDomain(h.us, undefined, { smtp_password: "postmaster-pw" });
    const { us } = h;
    await us.get("/");
    await us.get("/v4/domains");
    await us.get("/v3/domains", { query: { limit: 1 } });
    await us.post("/v3/domains", { name: `v3-${d}` });
    await us.post("/v4/domains", { name: d });
    await us.post("/v4/domains", {});
    await us.get(`/v4/domains/${d}`);
    await us.get(`/v3/domains/${d}`);
    await us.get("/v4/domains/missing.example.test");
    await us.put(`/v4/domains/${d}`, { wildcard: "true" });
    await us.put(`/v3/domains/${d}`, { spam_action: "block" });
    await us.put(`/v4/domains/${d}`, { smtp_password: "postmaster-pw" });
    await us.put(`/v4/domains/${d}/verify`);
    await us.put(`/v3/domains/${d}/verify`);
    await us.get(`/v3/domains/${d}/tracking`);
    await us.put(`/v3/domains/${d}/tracking/open`, { active: "yes" });
    await us.put(`/v3/domains/${d}/tracking/click`, { active: "htmlonly" });
    await us.put(`/v3/domains/${d}/tracking/unsubscribe`, { active: "true" });
    await us.get(`/v3/domains/${d}/tracking`);
    await us.get(`/v3/domains/${d}/connection`);
    await us.put(`/v3/domains/${d}/connection`, { require_tls: "true" });
    await us.put(`/v3/domains/${d}/dkim_authority`, { self: "true" });
    await us.put(`/v3/domains/${d}/dkim_selector`, { dkim_selector: "s1" });
    await us.put(`/v3/domains/${d}/web_prefix`, { web_prefix: "t" });
    await us.get(`/v4/domains/${d}/keys`);
    await us.put(`/v4/domains/${d}/keys/s1/activate`);
    await us.put(`/v4/domains/${d}/keys/s1/deactivate`);
    await us.put(`/v4/domains/${d}/keys/nope/deactivate`);

    const hooks = `/v3/domains/${d}/webhooks`;
    await us.get(hooks);
    await us.post(hooks, { id: "opened", url: "https://a.example/" });
    await us.post(hooks, { id: "opened", url: "https://a.example/" });
    await us.get(`${hooks}/opened`);
    await us.put(`${hooks}/opened`, { url: "https://b.example/" });
    await us.delete(`${hooks}/opened`);
    await us.get(`${hooks}/opened`);
    await us.post(`/v4/domains/${d}/webhooks`, { url: "https://c.example/", event_types: ["clicked", "delivered"] });
    await us.post(`/v4/domains/${d}/webhooks`, { url: "https://c.example/", event_types: "clicked" });
    await us.put(`/v4/domains/${d}/webhooks`, { url: "https://c.example/", event_types: "opened" });
    await us.put(`/v4/domains/${d}/webhooks`, { url: "https://zzz.example/", event_types: "opened" });
    await us.delete(`/v4/domains/${d}/webhooks`, { query: { url: "https://c.example/" } });
    await us.delete(`/v4/domains/${d}/webhooks`);
    await us.get("/v3/domains/missing.example.test/webhooks");

    const creds = `/v3/domains/${d}/credentials`;
    await us.post(creds, { login: "gen" });
    await us.post(creds, { login: "given", password: "given-pw" });
    await us.post(creds, {});
    await us.get(creds);
    await us.get(creds, { query: { limit: 5000 } });
    await us.put(`${creds}/gen`, {});
    await us.put(`${creds}/given`, { password: "given-pw" });
    await us.put(`${creds}/nobody`, { password: "whatever" });
    await us.delete(`${creds}/gen`);
    await us.delete(`${creds}/postmaster`);
    await us.delete(creds);

    const route = (await us.post("/v3/routes", { expression: "catch_all()", action: "stop()", priority: "2" })).body.route;
    await us.post("/v3/routes", { expression: "nonsense" });
    await us.get("/v3/routes");
    await us.get("/v3/routes", { query: { limit: 2000 } });
    await us.get(`/v3/routes/${route.id}`);
    await us.get("/v3/routes/match", { query: { address: "x@y.example" } });
    await us.put(`/v3/routes/${route.id}`, { description: "updated" });
    await us.delete(`/v3/routes/${route.id}`);
    await us.delete(`/v3/routes/${route.id}`);
    await us.get("/v3/routes/match", { query: { address: "x@y.example" } });

    const key = (await us.post("/v1/keys", { role: "sending", kind: "domain", domain_name: d })).body.key;
    await us.post("/v1/keys", {});
    await us.get("/v1/keys");
    await us.get("/v1/keys", { query: { kind: "nope" } });
    await us.post(`/v3/${d}/messages`, { from: `a@${d}`, to: "b@example.com", text: "x" }, { key: key.secret });
    await us.post(`/v3/${d}/messages`, { from: `a@${d}`, to: "bexample.com", text: "x" });
    await us.post(`/v3/${d}/messages.mime`, { to: "b@example.com", message: "Subject: x\r\n\r\nx" }, { multipart: true });
    await us.get("/v4/domains", { key: key.secret });
    await us.delete(`/v1/keys/${key.id}`);
    await us.delete(`/v1/keys/${key.id}`);

    await us.get("/v3/lists/");
    await h.control.knobs({ faults: { burst: { status: 502, count: 1 } } });
    await us.get("/v4/domains");
    await h.control.knobs({ rateLimit: { limit: 1, windowMs: 60_000 } });
    await us.get("/v4/domains");
    await us.get("/v4/domains");
    await h.control.knobs({ rateLimit: null });
    await us.delete(`/v3/domains/${d}`);
    await us.delete(`/v3/domains/${d}`);

    const statuses = new Set(h.exchanges.map((x) => x.status));
    expect([...statuses].sort()).toEqual([200, 400, 401, 404, 429, 502]);
    // Validation itself runs in useEmulator's afterEach; make sure it covered every operation.
    const checker = contract();
    const operations = new Set(h.exchanges.map((x) => {
      const op = checker.operationFor(x.method, x.path);
      return op ? `${op.method} ${op.template}` : `${x.method} (no operation: ${x.path})`;
    }));
    expect(operations.size).toBeGreaterThanOrEqual(40);
  });
});
