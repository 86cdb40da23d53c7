import { MailgunRetryBudgetError } from "../../provider/client/errors";
import { CallProgress } from "../../provider/client/progress";
import { routeParams, startHarness, statusCounts, type Harness } from "./emulator-harness";

describe("429s are absorbed", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it("waits out a burst of 429s and counts every attempt", async () => {
    const c = h.client({}, { random: () => 0.2 });
    const created = await c.routes.create("us", routeParams("burst"));
    await h.knobs({ faults: { burst: { status: 429, count: 4 } } });
    await h.clearRequests();
    // A POST is re-sent after a 429: the request was refused, not processed.
    const got = await c.routes.get("us", created.id);
    expect(got.id).toBe(created.id);
    const log = await h.requests();
    expect(log.map((e) => e.status)).toEqual([429, 429, 429, 429, 200]);
    expect(log.every((e) => e.method === "GET" && e.path === `/v3/routes/${created.id}`)).toBe(true);
  });

  it("says in its progress lines how many of the calls made Mailgun answered 429", async () => {
    const progress = new CallProgress({ now: Date.now, firstLineMs: 60_000, intervalMs: 60_000, write: () => undefined });
    const c = h.client({}, { random: () => 0.2, progress });
    await h.knobs({ faults: { burst: { status: 429, count: 3 } } });
    await c.routes.list("us");
    progress.stop();
    expect((await h.requests()).map((e) => e.status)).toEqual([429, 429, 429, 200]);
    expect(progress.line()).toMatch(/^mailgun: 4 calls made in \ds \(3 answered 429\), /);
  });

  it("does not count 429s against maxRetries: a longer burst than maxRetries is waited out", async () => {
    const c = h.client({ maxRetries: 1 }, { random: () => 0.2 });
    await h.knobs({ faults: { burst: { status: 429, count: 5 } } });
    const routes = await c.routes.list("us");
    expect(routes).toBeDefined();
    expect((await h.requests()).map((e) => e.status)).toEqual([429, 429, 429, 429, 429, 200]);
  });

  it("re-sends a POST refused with 429 without creating a duplicate", async () => {
    const c = h.client({}, { random: () => 0.2 });
    await h.knobs({ faults: { burst: { status: 429, count: 2 } } });
    await c.routes.create("us", routeParams("post-429"));
    const log = await h.requests();
    expect(log.map((e) => [e.method, e.status])).toEqual([["POST", 429], ["POST", 429], ["POST", 200]]);
    expect((await h.state()).us.routes).toHaveLength(1);
  });

  it("paces a storm of parallel calls through a small rate limit instead of failing", async () => {
    const windowMs = 1000;
    await h.knobs({ rateLimit: { limit: 10, windowMs } });
    const c = h.client({ maxConcurrency: 8 });
    const started = Date.now();
    const routes = await Promise.all(Array.from({ length: 35 }, (_, i) => c.routes.create("us", routeParams(`storm-${i}`))));
    const elapsed = Date.now() - started;
    expect(new Set(routes.map((r) => r.id)).size).toBe(35);

    const log = await h.requests();
    const counts = statusCounts(log);
    expect(counts["200"]).toBe(35);
    // Every attempt is in the log: the successes plus each 429 that was absorbed.
    expect(log).toHaveLength(35 + (counts["429"] ?? 0));
    // The limiter learns the window from the headers: a few 429s at most while it learns, not a storm.
    expect(counts["429"] ?? 0).toBeLessThanOrEqual(10);
    // 35 calls at 10 per window need at least 3 window resets.
    expect(elapsed).toBeGreaterThanOrEqual(3 * windowMs - 200);
    expect((await h.state()).us.routes).toHaveLength(35);
  }, 30_000);

  it("reports where a paced run stands while the limit holds its calls: calls made, the rate, the pacing, the calls waiting", async () => {
    await h.knobs({ rateLimit: { limit: 10, windowMs: 1000 } });
    const lines: string[] = [];
    const progress = new CallProgress({ now: Date.now, firstLineMs: 400, intervalMs: 400, write: (l) => lines.push(l) });
    const c = h.client({ maxConcurrency: 4 }, { progress });
    await Promise.all(Array.from({ length: 30 }, (_, i) => c.routes.create("us", routeParams(`progress-${i}`))));
    progress.stop();
    // 30 calls at 10 a second take about 2 s: a line every 400 ms.
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).toMatch(/^mailgun: \d+ calls made in \ds( \(\d+ answered 429\))?, \d+\/min(, paced by the rate limit \(Mailgun allows 10 a window\))?(; \d+ waiting)?$/);
    }
    // Once the first window ran out, the lines say the limit paces the run and calls wait for it.
    expect(lines.some((l) => /paced by the rate limit \(Mailgun allows 10 a window\); \d+ waiting$/.test(l))).toBe(true);
    const made = lines.map((l) => Number(/^mailgun: (\d+) calls/.exec(l)![1]));
    expect(made).toEqual([...made].sort((a, b) => a - b));
  }, 20_000);

  it("pauses the whole region after a 429: other calls wait for the reset too", async () => {
    await h.knobs({ rateLimit: { limit: 3, windowMs: 1500 } });
    const c = h.client({ maxConcurrency: 4 });
    const first = await c.routes.create("us", routeParams("pause"));
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => c.routes.get("us", first.id)));
    const log = await h.requests();
    expect(log.filter((e) => e.status === 200)).toHaveLength(7);
    // After the window ran out the limiter held back until reset: at most a couple of refused calls.
    expect(log.filter((e) => e.status === 429).length).toBeLessThanOrEqual(4);
  }, 20_000);

  it("fails fast with a budget error when a 429 reset is further away than the retry budget allows", async () => {
    await h.knobs({ rateLimit: { limit: 1, windowMs: 60_000 } });
    // Another process on the same account spends the window, so this client's pacer cannot see it coming.
    await h.client().routes.list("us");
    const c = h.client({ retryBudgetMs: 2_000 });
    const started = Date.now();
    const err = await c.routes.list("us").catch((e) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(err).toBeInstanceOf(MailgunRetryBudgetError);
    expect(err.message).toMatch(/^GET \/v3\/routes in region us: gave up after 1 attempt over \d+\.\ds \(Mailgun asked to wait \d+\.\ds for the rate-limit window to reset, more than the 2\.0s left; last failure: 429 Too Many Requests\)\. To keep retrying longer, raise mailgun:retryBudgetMs \(MAILGUN_RETRY_BUDGET_MS\)\.$/);
  });
});
