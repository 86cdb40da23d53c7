import { useEmulator } from "./helpers/harness";

const RFC1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe("routes", () => {
  const h = useEmulator();

  const create = (fields: Record<string, string | string[] | undefined>) => h.us.post("/v3/routes", fields);

  test("create, get, list, flat update, delete as recorded", async () => {
    const created = await create({
      priority: "10", description: "Integration Test Route", expression: 'match_recipient("alice@")',
      action: ['forward(".*@")', "stop()"],
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toBe("application/json");
    expect(created.headers.get("content-disposition")).toBe("inline");
    const route = created.body.route;
    expect(created.body.message).toBe("Route has been created");
    expect(route).toEqual({
      actions: ['forward(".*@")', "stop()"], created_at: expect.stringMatching(RFC1123),
      description: "Integration Test Route", expression: 'match_recipient("alice@")',
      id: expect.stringMatching(/^[0-9a-f]{24}$/), priority: 10,
    });
    expect((await h.us.get(`/v3/routes/${route.id}`)).body).toEqual({ route });
    expect((await h.us.get("/v3/routes", { query: { limit: 50 } })).body).toEqual({ items: [route], total_count: 1 });

    const updated = await h.us.put(`/v3/routes/${route.id}`, { description: "Updated", action: 'forward("https://x.example/in")' });
    expect(updated.body).toEqual({
      ...route, description: "Updated", actions: ['forward("https://x.example/in")'], message: "Route has been updated",
    });
    const deleted = await h.us.delete(`/v3/routes/${route.id}`);
    expect(deleted.body).toEqual({ id: route.id, message: "Route has been deleted" });
    for (const res of [await h.us.get(`/v3/routes/${route.id}`), await h.us.delete(`/v3/routes/${route.id}`), await h.us.put(`/v3/routes/${route.id}`, { priority: "1" })]) {
      expect([res.status, res.body]).toEqual([404, { message: "Route not found" }]);
    }
  });

  test("identical routes are never de-duplicated; list pages with skip/limit and refuses limit > 1000", async () => {
    for (let i = 0; i < 3; i++) expect((await create({ expression: "catch_all()", action: "stop()" })).status).toBe(200);
    const page = await h.us.get("/v3/routes", { query: { skip: 1, limit: 1 } });
    expect(page.body.total_count).toBe(3);
    expect(page.body.items).toHaveLength(1);
    const tooMany = await h.us.get("/v3/routes", { query: { limit: 1001 } });
    expect([tooMany.status, tooMany.body]).toEqual([400, { message: "The 'limit' parameter can't be larger than 1000" }]);
  });

  test("expression and action syntax is checked loosely", async () => {
    const ok = [
      `match_recipient('.*@example.com')`,
      `match_header("subject", ".*support") and match_recipient("^(?P<user>.*)@example.com$")`,
      `catch_all()`,
    ];
    for (const expression of ok) expect((await create({ expression, action: ['forward("a@b.example")', 'store(notify="https://n.example/x")', "store()", "stop()"] })).status).toBe(200);
    const garbage = [
      { expression: "garbage" },
      { expression: "match_recipient(unquoted)" },
      { expression: 'match_recipient("a") or catch_all()' },
      { expression: 'match_recipient("(unclosed")' },
      { expression: "catch_all()", action: "explode()" },
      { expression: "catch_all()", action: 'forward("")' },
    ];
    for (const fields of garbage) {
      const res = await create(fields);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Invalid (expression|action): /);
    }
    expect((await create({ action: "stop()" })).body).toEqual({ message: "Missing parameter 'expression'" });
    expect((await create({ expression: "catch_all()", priority: "high" })).status).toBe(400);
  });

  test("match finds the highest-priority route for an address", async () => {
    await create({ priority: "5", expression: 'match_recipient(".*@example.com")', action: "stop()" });
    const best = (await create({ priority: "1", expression: 'match_recipient("^alice@")', action: "stop()" })).body.route;
    expect((await h.us.get("/v3/routes/match", { query: { address: "alice@example.com" } })).body).toEqual({ route: best });
    expect((await h.us.get("/v3/routes/match", { query: { address: "bob@other.test" } })).status).toBe(404);
  });
});
