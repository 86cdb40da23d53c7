/**
 * The v4 webhook calls (keyed by URL) against the emulator: one call per change, the answered
 * map, what each method does when a retry meets the state its earlier attempt left, and the
 * URL (which can carry a token) kept out of error messages.
 */
import { MailgunBadRequestError, MailgunNotFoundError } from "../../provider/client/errors";
import { WebhookMapSchema } from "../../provider/client/schemas";
import { startHarness, uniqueDomain, type Harness } from "./emulator-harness";

const TOKEN = "tok-9d2e41c7";
const URL_A = `https://hooks.example.com/a?token=${TOKEN}`;

describe("v4 webhook calls", () => {
  let h: Harness;
  let domain = "";
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.reset();
    domain = uniqueDomain("v4hooks");
    await h.client().domains.create("us", { name: domain });
    await h.clearRequests();
  });
  const calls = async () => (await h.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);

  it("add, replace and remove are one request each and answer the whole map", async () => {
    const c = h.client();
    await c.webhooks.addUrlV4("us", domain, "https://other.example.com/", ["delivered"]);
    expect(await c.webhooks.addUrlV4("us", domain, URL_A, ["opened", "delivered", "clicked"])).toEqual({
      clicked: [URL_A], delivered: ["https://other.example.com/", URL_A], opened: [URL_A],
    });
    expect(await c.webhooks.replaceUrlV4("us", domain, URL_A, ["opened", "complained"])).toEqual({
      complained: [URL_A], delivered: ["https://other.example.com/"], opened: [URL_A],
    });
    expect(await c.webhooks.removeUrlsV4("us", domain, [URL_A])).toEqual({ delivered: ["https://other.example.com/"] });
    expect(await c.webhooks.removeUrlsV4("us", domain, [URL_A])).toEqual({ delivered: ["https://other.example.com/"] });
    const v4 = `/v4/domains/${domain}/webhooks`;
    expect(await calls()).toEqual([`POST ${v4} 200`, `POST ${v4} 200`, `PUT ${v4} 200`, `DELETE ${v4} 200`, `DELETE ${v4} 200`]);
    expect((await h.state()).us.webhooks[domain]).toEqual({ delivered: ["https://other.example.com/"] });
  });

  it("refusals: a URL already on an event, an unknown URL, a gone domain; the URL never shows in the error", async () => {
    const c = h.client();
    await c.webhooks.addUrlV4("us", domain, URL_A, ["opened"]);
    const dup = await c.webhooks.addUrlV4("us", domain, URL_A, ["clicked", "opened"]).catch((e: Error) => e);
    expect(dup).toBeInstanceOf(MailgunBadRequestError);
    expect((dup as MailgunBadRequestError).mailgunMessage).toMatch(/^Webhook for event type 'opened' with URL '.*' already exists$/);
    expect((dup as Error).message).not.toContain(TOKEN);
    expect((dup as Error).message).toContain("already exists");

    const unknown = await c.webhooks.replaceUrlV4("us", domain, `https://hooks.example.com/b?token=${TOKEN}`, ["opened"]).catch((e: Error) => e);
    expect(unknown).toBeInstanceOf(MailgunNotFoundError);
    expect((unknown as Error).message).not.toContain(TOKEN);

    // A domain that is gone took its webhooks with it: nothing left to remove.
    expect(await c.webhooks.removeUrlsV4("us", "gone.mgtest.example.com", [URL_A])).toEqual({});
    // Mailgun splits `url` at commas: such a URL is refused before anything is sent.
    await h.clearRequests();
    await expect(c.webhooks.removeUrlsV4("us", domain, ["https://hooks.example.com/x?e=a,b"])).rejects.toThrow(/comma/);
    expect(await h.requests()).toEqual([]);
  });

  it("a POST that took effect but answered 5xx, not listed yet when re-sent: 'already exists' counts as success", async () => {
    await h.knobs({ consistencyDelayMs: 2_000, faults: { errorRate: 1, afterWriteShare: 1 } });
    let healed: Promise<unknown> | undefined;
    // The first attempt's 5xx is logged before the client waits to retry; only that attempt fails.
    const c = h.client({}, { random: () => 0.99, logger: (line) => { if (/status=5\d\d/.test(line)) healed ??= h.knobs({ faults: { errorRate: 0 } }); } });
    const map = await c.webhooks.addUrlV4("us", domain, URL_A, ["opened", "clicked"]);
    await healed;
    expect(map).toEqual({}); // the listing does not show the write yet
    const v4 = `/v4/domains/${domain}/webhooks`;
    expect(await calls()).toEqual([`POST ${v4} 500`, `GET ${v4.replace("/v4/", "/v3/")} 200`, `POST ${v4} 400`, `GET ${v4.replace("/v4/", "/v3/")} 200`]);
    expect((await h.state()).us.webhooks[domain]).toEqual({ clicked: [URL_A], opened: [URL_A] });
  });

  it("a POST whose 5xx attempt took effect and is listed: recovered without a second POST", async () => {
    await h.knobs({ faults: { errorRate: 1, afterWriteShare: 1 } });
    let healed: Promise<unknown> | undefined;
    const c = h.client({}, { random: () => 0.99, logger: (line) => { if (/status=5\d\d/.test(line)) healed ??= h.knobs({ faults: { errorRate: 0 } }); } });
    const map = await c.webhooks.addUrlV4("us", domain, URL_A, ["opened"]);
    await healed;
    expect(map).toEqual({ opened: [URL_A] });
    expect((await h.requests()).filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("a POST answered 5xx on a domain too new to be listed is sent again, not failed", async () => {
    await h.knobs({ consistencyDelayMs: 1_000 });
    const fresh = uniqueDomain("fresh");
    const c = h.client({}, { random: () => 0 });
    await c.domains.create("us", { name: fresh });
    await h.knobs({ faults: { burst: { status: 503, count: 1 } } });
    expect(await c.webhooks.addUrlV4("us", fresh, URL_A, ["opened"], { expectExists: true })).toEqual({ opened: [URL_A] });
    const hooks = (await h.requests()).filter((r) => r.path.endsWith("/webhooks")).map((r) => `${r.method} ${r.status}`);
    expect(hooks.slice(0, 2)).toEqual(["POST 503", "GET 404"]);
    expect(hooks.at(-1)).toBe("POST 200");
  });

  it("PUT and DELETE are sent again after a 5xx (they are idempotent)", async () => {
    const c = h.client({}, { random: () => 0 });
    await c.webhooks.addUrlV4("us", domain, URL_A, ["opened"]);
    await h.knobs({ faults: { burst: { status: 502, count: 1 } } });
    expect(await c.webhooks.replaceUrlV4("us", domain, URL_A, ["clicked"])).toEqual({ clicked: [URL_A] });
    await h.knobs({ faults: { burst: { status: 503, count: 1 } } });
    expect(await c.webhooks.removeUrlsV4("us", domain, [URL_A])).toEqual({});
    const v4 = `/v4/domains/${domain}/webhooks`;
    expect((await calls()).slice(1)).toEqual([`PUT ${v4} 502`, `PUT ${v4} 200`, `DELETE ${v4} 503`, `DELETE ${v4} 200`]);
  });
});

describe("the webhook map schema", () => {
  it("reads events the spec allows as null, and empty lists, as absent", () => {
    const parsed = WebhookMapSchema.parse({ webhooks: { opened: { urls: ["https://a/"] }, clicked: null, delivered: { urls: [] }, accepted: { url: "https://legacy/" } } });
    expect(parsed).toEqual({ opened: ["https://a/"], accepted: ["https://legacy/"] });
    expect(WebhookMapSchema.parse({ webhooks: null })).toEqual({});
    expect(() => WebhookMapSchema.parse({ webhooks: { opened: { urls: "https://a/" } } })).toThrow();
  });
});
