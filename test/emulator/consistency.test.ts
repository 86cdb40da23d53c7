import { createDomain, domainName, sleep, useEmulator } from "./helpers/harness";

const DELAY = 800;

describe("eventual consistency (consistencyDelayMs)", () => {
  const h = useEmulator({ knobs: { consistencyDelayMs: DELAY } });

  test("a new domain is 404 and missing from lists until it settles; so are writes to its children", async () => {
    const name = domainName();
    expect((await h.us.post("/v4/domains", { name })).status).toBe(200);
    expect((await h.us.get(`/v4/domains/${name}`)).body).toEqual({ message: "Domain not found" });
    expect((await h.us.get("/v4/domains")).body.total_count).toBe(0);
    expect((await h.us.post(`/v3/domains/${name}/webhooks`, { id: "opened", url: "https://a.example/" })).status).toBe(404);
    expect((await h.us.post("/v4/domains", { name })).status).toBe(400); // the name is taken already
    expect((await h.control.state()).us.domains.map((d: any) => d.name)).toEqual([name]); // the dump ignores delays
    await sleep(DELAY + 50);
    expect((await h.us.get(`/v4/domains/${name}`)).status).toBe(200);
    expect((await h.us.get("/v4/domains")).body.total_count).toBe(1);
  });

  test("after an update, reads return the previous version for the delay", async () => {
    await h.control.knobs({ consistencyDelayMs: 0 });
    const name = await createDomain(h.us);
    const route = (await h.us.post("/v3/routes", { expression: "catch_all()", description: "v1" })).body.route;
    await h.control.knobs({ consistencyDelayMs: DELAY });
    const put = await h.us.put(`/v4/domains/${name}`, { wildcard: "true" });
    expect(put.body.domain.wildcard).toBe(true); // the write's own answer is current
    expect((await h.us.put(`/v3/routes/${route.id}`, { description: "v2" })).body.description).toBe("v2");
    expect((await h.us.get(`/v4/domains/${name}`)).body.domain.wildcard).toBe(false);
    expect((await h.us.get(`/v3/routes/${route.id}`)).body.route.description).toBe("v1");
    await sleep(DELAY + 50);
    expect((await h.us.get(`/v4/domains/${name}`)).body.domain.wildcard).toBe(true);
    expect((await h.us.get(`/v3/routes/${route.id}`)).body.route.description).toBe("v2");
  });

  test("new routes, webhooks, credentials and keys are hidden until they settle", async () => {
    await h.control.knobs({ consistencyDelayMs: 0 });
    const name = await createDomain(h.us);
    await h.control.knobs({ consistencyDelayMs: DELAY });
    const route = (await h.us.post("/v3/routes", { expression: "catch_all()" })).body.route;
    await h.us.post(`/v3/domains/${name}/webhooks`, { id: "opened", url: "https://a.example/" });
    await h.us.post(`/v3/domains/${name}/credentials`, { login: "a", password: "secret-a" });
    const key = (await h.us.post("/v1/keys", { role: "admin" })).body.key;
    expect((await h.us.get(`/v3/routes/${route.id}`)).status).toBe(404);
    expect((await h.us.put(`/v3/routes/${route.id}`, { priority: "2" })).status).toBe(404);
    expect((await h.us.get(`/v3/domains/${name}/webhooks/opened`)).status).toBe(404);
    expect((await h.us.get(`/v3/domains/${name}/credentials`)).body.items).toEqual([]);
    expect((await h.us.get("/v1/keys")).body.items.map((k: any) => k.id)).not.toContain(key.id);
    await sleep(DELAY + 50);
    expect((await h.us.get(`/v3/routes/${route.id}`)).status).toBe(200);
    expect((await h.us.get(`/v3/domains/${name}/webhooks/opened`)).status).toBe(200);
    expect((await h.us.get(`/v3/domains/${name}/credentials`)).body.items).toHaveLength(1);
    expect((await h.us.get("/v1/keys")).body.items.map((k: any) => k.id)).toContain(key.id);
  });
});
