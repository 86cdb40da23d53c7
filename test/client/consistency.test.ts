import { isNotFound, MailgunNotFoundError } from "../../provider/client/errors";
import { routeParams, startHarness, uniqueDomain, type Harness } from "./emulator-harness";

describe("404 right after create (eventual consistency)", () => {
  let h: Harness;
  const delay = 1_200;
  beforeAll(async () => {
    h = await startHarness({ consistencyDelayMs: delay });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.reset();
    await h.knobs({ consistencyDelayMs: delay });
  });

  it("waits out the 404 window with expectExists", async () => {
    const c = h.client();
    const created = await c.routes.create("eu", routeParams("consistency"));
    const started = Date.now();
    const got = await c.routes.get("eu", created.id, { expectExists: true });
    expect(got).toMatchObject({ id: created.id, description: "consistency" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(delay - 300);
    const gets = (await h.requests()).filter((e) => e.method === "GET");
    expect(gets.length).toBeGreaterThan(1);
    expect(gets.slice(0, -1).every((e) => e.status === 404)).toBe(true);
    expect(gets.at(-1)!.status).toBe(200);
  });

  it("reports not found at once without expectExists", async () => {
    const c = h.client();
    const created = await c.routes.create("eu", routeParams("no-wait"));
    const err = await c.routes.get("eu", created.id).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunNotFoundError);
    expect((await h.requests()).filter((e) => e.method === "GET")).toHaveLength(1);
  });

  it("reports not found after the consistency budget, naming the setting", async () => {
    const c = h.client({ consistencyBudgetMs: 300 });
    const err = await c.routes.get("eu", "0123456789abcdef01234567", { expectExists: true }).catch((e) => e);
    expect(isNotFound(err)).toBe(true);
    expect(err.message).toMatch(
      /^GET \/v3\/routes\/0123456789abcdef01234567 in region eu: 404 Route not found \(still not found after waiting 0\.\ds for it to appear; raise mailgun:consistencyBudgetMs \(MAILGUN_CONSISTENCY_BUDGET_MS\) if Mailgun is slow to show new objects\)$/,
    );
  });

  it("waits for a new domain before writing to its children", async () => {
    const c = h.client();
    const name = uniqueDomain("child");
    await c.domains.create("eu", { name });
    const urls = await c.webhooks.create("eu", name, "delivered", ["https://hooks.example.com/d"], { expectExists: true });
    expect(urls).toEqual(["https://hooks.example.com/d"]);
    expect((await h.state()).eu.webhooks[name]).toEqual({ delivered: ["https://hooks.example.com/d"] });
  });

  it("deleting a just-created object with expectExists waits instead of calling it gone", async () => {
    const c = h.client();
    const r = await c.routes.create("eu", routeParams("delete-early"));
    await c.routes.delete("eu", r.id, { expectExists: true });
    expect((await h.state()).eu.routes).toHaveLength(0);
  });
});
