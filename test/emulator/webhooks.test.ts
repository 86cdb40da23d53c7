import { createDomain, useEmulator } from "./helpers/harness";

describe("webhooks", () => {
  const h = useEmulator();

  test("v3: create, get, list, update, delete as recorded", async () => {
    const d = await createDomain(h.us);
    const base = `/v3/domains/${d}/webhooks`;
    expect((await h.us.get(base)).body).toEqual({ webhooks: {} });
    const created = await h.us.post(base, { id: "accepted", url: "http://example.com/mailgun/events/accepted" });
    expect(created.body).toEqual({ message: "Webhook has been created", webhook: { urls: ["http://example.com/mailgun/events/accepted"] } });
    expect((await h.us.get(`${base}/accepted`)).body).toEqual({ webhook: { urls: ["http://example.com/mailgun/events/accepted"] } });
    await h.us.post(base, { id: "clicked", url: ["https://a.example/1", "https://a.example/2", "https://a.example/3"] }, { multipart: true });
    expect((await h.us.get(base)).body).toEqual({
      webhooks: {
        accepted: { urls: ["http://example.com/mailgun/events/accepted"] },
        clicked: { urls: ["https://a.example/1", "https://a.example/2", "https://a.example/3"] },
      },
    });
    const updated = await h.us.put(`${base}/accepted`, { url: ["https://b.example/1", "https://b.example/2"] });
    expect(updated.body).toEqual({ message: "Webhook has been updated", webhook: { urls: ["https://b.example/1", "https://b.example/2"] } });
    const deleted = await h.us.delete(`${base}/accepted`);
    expect(deleted.body).toEqual({ message: "Webhook has been deleted", webhook: { urls: ["https://b.example/1", "https://b.example/2"] } });
    expect((await h.us.get(`${base}/accepted`)).status).toBe(404);
  });

  test("v3 rules: existing event, more than 3 URLs, unknown event, missing id, unknown domain", async () => {
    const d = await createDomain(h.us);
    const base = `/v3/domains/${d}/webhooks`;
    await h.us.post(base, { id: "delivered", url: "https://a.example/" });
    const again = await h.us.post(base, { id: "delivered", url: "https://other.example/" });
    expect(again.status).toBe(400);
    expect((await h.us.post(base, { id: "opened", url: ["https://a/1", "https://a/2", "https://a/3", "https://a/4"] })).status).toBe(400);
    expect((await h.us.post(base, { id: "bounced", url: "https://a.example/" })).status).toBe(400);
    expect((await h.us.post(base, { url: "https://a.example/" })).body).toEqual({ message: "Missing parameter 'id'" });
    expect((await h.us.post(base, { id: "opened", url: "ftp://a.example/" })).status).toBe(400);
    expect((await h.us.put(`${base}/opened`, { url: "https://a.example/" })).status).toBe(404);
    const unknown = await h.us.get("/v3/domains/nope.example.test/webhooks");
    expect([unknown.status, unknown.body]).toEqual([404, { message: "Domain not found" }]);
    expect((await h.us.post("/v4/domains/nope.example.test/webhooks", { url: "https://a.example/", event_types: "opened" })).body).toEqual({ message: "Domain not found" });
  });

  test("v4: URL-keyed create, replace and delete answer the full map", async () => {
    const d = await createDomain(h.us);
    const v4 = `/v4/domains/${d}/webhooks`;
    const hook = "https://example.com/webhooks";
    const created = await h.us.post(v4, { url: hook, event_types: ["delivered", "opened"] });
    expect(created.body).toEqual({ webhooks: { delivered: { urls: [hook] }, opened: { urls: [hook] } } });
    await h.us.post(v4, { url: "https://foo.example/", event_types: "clicked,delivered" });
    const dup = await h.us.post(v4, { url: hook, event_types: ["clicked", "opened"] });
    expect([dup.status, dup.body]).toEqual([400, { message: `Webhook for event type 'opened' with URL '${hook}' already exists` }]);

    const replaced = await h.us.put(v4, { url: hook, event_types: ["clicked"] });
    expect(replaced.body).toEqual({
      webhooks: { clicked: { urls: ["https://foo.example/", hook] }, delivered: { urls: ["https://foo.example/"] } },
    });
    expect((await h.us.put(v4, { url: "https://unknown.example/", event_types: "clicked" })).status).toBe(404);
    // v3 and v4 edit the same data.
    expect((await h.us.get(`/v3/domains/${d}/webhooks/clicked`)).body.webhook.urls).toEqual(["https://foo.example/", hook]);

    const removed = await h.us.delete(v4, { query: { url: `${hook},https://foo.example/` } });
    expect(removed.body).toEqual({ webhooks: {} });
    expect((await h.us.delete(v4)).body).toEqual({ message: "Missing parameter 'url'" });
  });
});
