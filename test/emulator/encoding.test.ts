import { createDomain, domainName, useEmulator } from "./helpers/harness";

describe("request encoding", () => {
  const h = useEmulator();

  test("urlencoded and multipart are both accepted on every write", async () => {
    for (const multipart of [false, true]) {
      const name = domainName();
      expect((await h.us.post("/v4/domains", { name, wildcard: "true" }, { multipart })).body.domain.wildcard).toBe(true);
      expect((await h.us.put(`/v4/domains/${name}`, { spam_action: "block" }, { multipart })).body.domain.spam_action).toBe("block");
      expect((await h.us.put(`/v3/domains/${name}/connection`, { require_tls: "yes" }, { multipart })).body.require_tls).toBe(true);
      const route = await h.us.post("/v3/routes", { expression: "catch_all()", action: ["stop()", 'forward("a@b.example")'] }, { multipart });
      expect(route.body.route.actions).toEqual(["stop()", 'forward("a@b.example")']);
      expect((await h.us.post(`/v4/domains/${name}/webhooks`, { url: "https://a.example/", event_types: ["opened", "clicked"] }, { multipart })).body.webhooks)
        .toEqual({ clicked: { urls: ["https://a.example/"] }, opened: { urls: ["https://a.example/"] } });
    }
  });

  test("the query string is merged into the body for every method", async () => {
    const name = await createDomain(h.us);
    // New domains are not their own authority by default: only a `self` read from the query flips it.
    const res = await h.us.call("PUT", `/v3/domains/${name}/dkim_authority`, { query: { self: "true" } });
    expect(res.status).toBe(200);
    expect((await h.control.state()).us.domains[0].force_dkim_authority).toBe(true);
    const viaQuery = await h.us.call("POST", "/v3/routes", { query: { expression: "catch_all()", action: "stop()" }, form: { priority: "3" } });
    expect(viaQuery.body.route).toMatchObject({ expression: "catch_all()", actions: ["stop()"], priority: 3 });
    const webhook = await h.us.call("POST", `/v3/domains/${name}/webhooks`, { query: { id: "opened" }, form: { url: "https://q.example/" } });
    expect(webhook.body.webhook.urls).toEqual(["https://q.example/"]);
  });

  test("booleans: true/false/yes/no in any case; other words are refused", async () => {
    const name = await createDomain(h.us);
    for (const [word, value] of [["TRUE", true], ["no", false], ["Yes", true], ["false", false]] as const) {
      expect((await h.us.put(`/v4/domains/${name}`, { wildcard: word })).body.domain.wildcard).toBe(value);
    }
    expect((await h.us.put(`/v4/domains/${name}`, { wildcard: "1" })).status).toBe(400);
  });

  test("an empty PUT body with a form content type is fine (mailgun.js verify)", async () => {
    const name = await createDomain(h.us);
    const res = await h.us.call("PUT", `/v4/domains/${name}/verify`, { headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
  });
});
