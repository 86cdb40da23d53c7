/**
 * The v4 webhooks API (keyed by URL) against its sources: the OpenAPI document's examples for
 * POST/PUT/DELETE /v4/domains/{domain}/webhooks, and the recorded shape of the v3 listing that
 * reads what v4 writes (webhooks.yml). Every answer is also validated against the OpenAPI
 * response schemas when each test ends (helpers/harness.ts).
 */
import { createDomain, sleep, useEmulator } from "./helpers/harness";
import { loadRecording, loadSpec } from "./helpers/reference";

type Op = "post" | "put" | "delete";
const spec = loadSpec();
const example = (op: Op, status: string) => spec.paths["/v4/domains/{domain}/webhooks"][op].responses[status].content["application/json"].examples.Example.value;
const HOOK = "https://example.com/webhooks";

describe("v4 webhooks: the spec's examples", () => {
  const h = useEmulator();
  const v4 = (d: string) => `/v4/domains/${d}/webhooks`;

  test("POST answers the whole map after the change", async () => {
    const d = await createDomain(h.us);
    await h.us.post(v4(d), { url: "https://foo.com", event_types: "clicked" });
    await h.us.post(v4(d), { url: "https://bar.com", event_types: "permanent_fail" });
    const created = await h.us.post(v4(d), { url: HOOK, event_types: ["accepted", "delivered"] });
    expect([created.status, created.body]).toEqual([200, example("post", "200")]);
  });

  test("PUT replaces the URL's events; the other URLs stay", async () => {
    const d = await createDomain(h.us);
    await h.us.post(v4(d), { url: "https://foo.com", event_types: "clicked" });
    await h.us.post(v4(d), { url: HOOK, event_types: ["accepted", "clicked", "delivered"] });
    const replaced = await h.us.put(v4(d), { url: HOOK, event_types: ["delivered", "opened"] });
    expect([replaced.status, replaced.body]).toEqual([200, example("put", "200")]);
  });

  test("DELETE removes the URL from every event", async () => {
    const d = await createDomain(h.us);
    await h.us.post(v4(d), { url: HOOK, event_types: "delivered" });
    await h.us.post(v4(d), { url: "https://foo.com", event_types: "clicked" });
    await h.us.post(v4(d), { url: "https://gone.example/", event_types: ["clicked", "delivered", "opened"] });
    const removed = await h.us.delete(v4(d), { query: { url: "https://gone.example/" } });
    expect([removed.status, removed.body]).toEqual([200, example("delete", "200")]);
  });

  test("errors: the spec's texts, in the `message` key every capture uses", async () => {
    const d = await createDomain(h.us);
    await h.us.post(v4(d), { url: HOOK, event_types: "clicked" });
    const dup = await h.us.post(v4(d), { url: HOOK, event_types: ["opened", "clicked"] });
    expect([dup.status, dup.body]).toEqual([400, { message: example("post", "400").Reason }]);

    const badScheme = await h.us.post(v4(d), { url: "ftp://invalid", event_types: "opened" });
    expect([badScheme.status, badScheme.body.message]).toEqual([400, "invalid parameters: ftp://invalid is not a valid url: invalid URL scheme"]);
    expect(example("put", "400").Reason).toBe("invalid parameters: https://invalid is not a valid url: invalid URL scheme");
    expect((await h.us.put(v4(d), { url: "ftp://invalid", event_types: "opened" })).status).toBe(400);

    const unknown = await h.us.put(v4(d), { url: "https://unknown.example/", event_types: "opened" });
    expect([unknown.status, unknown.body]).toEqual([404, { message: example("put", "404").Description }]);

    const noUrl = await h.us.delete(v4(d));
    expect([noUrl.status, noUrl.body]).toEqual([400, { message: "Missing parameter 'url'" }]);
    expect(example("delete", "400")).toEqual({ Field: "url" });

    expect((await h.us.post(v4(d), { url: HOOK, event_types: "bounced" })).body).toEqual({ message: "event_type 'bounced' is invalid" });
    expect((await h.us.post(v4(d), { url: HOOK })).body).toEqual({ message: "Missing parameter 'event_types'" });
    const noDomain = await h.us.delete(v4("nope.example.test"), { query: { url: HOOK } });
    expect([noDomain.status, noDomain.body]).toEqual([404, { message: example("delete", "404").message }]);
    // Nothing above changed anything.
    expect((await h.us.get(`/v3/domains/${d}/webhooks`)).body).toEqual({ webhooks: { clicked: { urls: [HOOK] } } });
  });
});

describe("v4 webhooks: rules shared with v3", () => {
  const h = useEmulator();

  test("the 3-URL limit counts URLs written through either API; a refused write changes no event", async () => {
    const d = await createDomain(h.us);
    const v4 = `/v4/domains/${d}/webhooks`;
    await h.us.post(`/v3/domains/${d}/webhooks`, { id: "opened", url: ["https://a.example/1", "https://a.example/2"] });
    await h.us.post(v4, { url: "https://b.example/", event_types: ["opened", "clicked"] });
    const full = await h.us.post(v4, { url: "https://c.example/", event_types: ["delivered", "opened"] });
    expect([full.status, full.body]).toEqual([400, { message: "unable to add more than 3 urls for event type opened" }]);
    await h.us.post(v4, { url: "https://c.example/", event_types: "delivered" });
    expect((await h.us.put(v4, { url: "https://c.example/", event_types: ["opened", "delivered"] })).status).toBe(400);
    expect((await h.us.put(`/v3/domains/${d}/webhooks/opened`, { url: ["https://a.example/1", "https://a.example/2", "https://b.example/", "https://c.example/"] })).status).toBe(400);
    expect((await h.us.get(`/v3/domains/${d}/webhooks`)).body.webhooks).toEqual({
      clicked: { urls: ["https://b.example/"] },
      delivered: { urls: ["https://c.example/"] },
      opened: { urls: ["https://a.example/1", "https://a.example/2", "https://b.example/"] },
    });
  });

  test("DELETE takes a comma-separated list; URLs on no event change nothing; v3 reads the result in its recorded shape", async () => {
    const d = await createDomain(h.us);
    const v4 = `/v4/domains/${d}/webhooks`;
    for (const [url, events] of [["https://a.example/", ["accepted", "opened"]], ["https://b.example/", ["opened"]], ["https://c.example/", ["clicked"]]] as const) {
      await h.us.post(v4, { url, event_types: [...events] });
    }
    const removed = await h.us.delete(v4, { query: { url: "https://a.example/, https://b.example/" } });
    expect(removed.body).toEqual({ webhooks: { clicked: { urls: ["https://c.example/"] } } });
    const again = await h.us.delete(v4, { query: { url: "https://a.example/" } });
    expect([again.status, again.body]).toEqual([200, removed.body]);

    // The recorded listing: only configured events, each `{"urls": [...]}`, nothing else.
    const recorded = loadRecording("webhooks.yml").http_interactions
      .find((i: any) => i.request.method === "get" && i.request.uri.endsWith("/webhooks")).response.body.string;
    const entryShapes = (body: any) => [...new Set(Object.values(body.webhooks).map((v: any) => `${Object.keys(v)}:${v.urls.every((u: unknown) => typeof u === "string")}`))];
    const listed = (await h.us.get(`/v3/domains/${d}/webhooks`)).body;
    expect(entryShapes(JSON.parse(recorded))).toEqual(["urls:true"]);
    expect(entryShapes(listed)).toEqual(["urls:true"]);
    expect(listed).toEqual(removed.body);
  });

  test("a URL with a comma is stored whole, and a DELETE splits it", async () => {
    const d = await createDomain(h.us);
    const v4 = `/v4/domains/${d}/webhooks`;
    const comma = "https://a.example/h?events=a,b";
    expect((await h.us.post(v4, { url: comma, event_types: "opened" })).body).toEqual({ webhooks: { opened: { urls: [comma] } } });
    expect((await h.us.delete(v4, { query: { url: comma } })).body).toEqual({ webhooks: { opened: { urls: [comma] } } });
  });
});

describe("v4 webhooks while Mailgun is eventually consistent", () => {
  const DELAY = 400;
  const h = useEmulator({ knobs: { consistencyDelayMs: DELAY } });

  test("writes see the latest state and answer it; the v3 listing catches up later", async () => {
    const d = await createDomain(h.us);
    await sleep(DELAY + 50);
    const v4 = `/v4/domains/${d}/webhooks`;
    const created = await h.us.post(v4, { url: HOOK, event_types: ["opened", "clicked"] });
    expect(created.body).toEqual({ webhooks: { clicked: { urls: [HOOK] }, opened: { urls: [HOOK] } } });
    expect((await h.us.get(`/v3/domains/${d}/webhooks`)).body).toEqual({ webhooks: {} });
    // A retried create is refused though readers do not see the first one yet.
    expect((await h.us.post(v4, { url: HOOK, event_types: "opened" })).status).toBe(400);
    expect((await h.us.put(v4, { url: HOOK, event_types: "opened" })).body).toEqual({ webhooks: { opened: { urls: [HOOK] } } });
    await sleep(DELAY + 50);
    expect((await h.us.get(`/v3/domains/${d}/webhooks`)).body).toEqual({ webhooks: { opened: { urls: [HOOK] } } });
    expect((await h.us.delete(v4, { query: { url: HOOK } })).body).toEqual({ webhooks: {} });
    expect((await h.us.get(`/v3/domains/${d}/webhooks`)).body).toEqual({ webhooks: {} });
  });
});
