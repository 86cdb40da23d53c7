import { createDomain, domainName, useEmulator } from "./helpers/harness";

describe("regions", () => {
  const h = useEmulator();

  test("domains live in one region; their names are global", async () => {
    const name = await createDomain(h.eu);
    const fromUs = await h.us.get(`/v4/domains/${name}`);
    expect([fromUs.status, fromUs.body]).toEqual([404, { message: "Domain not found" }]);
    expect((await h.us.get("/v4/domains")).body.total_count).toBe(0);
    const taken = await h.us.post("/v4/domains", { name });
    expect([taken.status, taken.body]).toEqual([400, { message: "This domain name is already taken" }]);
    expect((await h.eu.get(`/v4/domains/${name}`)).status).toBe(200);
    // Children of an EU domain are not reachable through the US listener either.
    expect((await h.us.get(`/v3/domains/${name}/webhooks`)).status).toBe(404);
    expect((await h.us.post(`/v3/domains/${name}/credentials`, { login: "x" })).status).toBe(404);
    // Once deleted in the EU, the name can be taken in the US.
    await h.eu.delete(`/v3/domains/${name}`);
    expect((await h.us.post("/v4/domains", { name })).status).toBe(200);
  });

  test("routes are separate per region", async () => {
    const route = (await h.eu.post("/v3/routes", { expression: "catch_all()", action: "stop()" })).body.route;
    expect((await h.us.get(`/v3/routes/${route.id}`)).body).toEqual({ message: "Route not found" });
    expect((await h.us.get("/v3/routes")).body.total_count).toBe(0);
    expect((await h.eu.get("/v3/routes")).body.total_count).toBe(1);
  });

  test("API keys are global to the account", async () => {
    const name = domainName();
    await createDomain(h.eu, name);
    const key = (await h.us.post("/v1/keys", { kind: "domain", role: "sending", domain_name: name })).body.key;
    expect((await h.eu.get("/v1/keys")).body.items.map((k: any) => k.id)).toContain(key.id);
    const state = await h.control.state();
    expect(state.eu.domains.map((d: any) => d.name)).toEqual([name]);
    expect(state.us.domains).toEqual([]);
  });
});
