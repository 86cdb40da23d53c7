import { MailgunAbortError, MailgunServerError, MailgunConnectionError, MailgunTimeoutError } from "../../provider/client/errors";
import { routeParams, startHarness, type Harness } from "./emulator-harness";

describe("5xx, timeouts and dropped connections", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it("retries a 5xx burst on an idempotent request", async () => {
    const c = h.client({}, { random: () => 0.2 });
    const r = await c.routes.create("us", routeParams("5xx"));
    await h.knobs({ faults: { burst: { status: 503, count: 3 } } });
    await h.clearRequests();
    const updated = await c.routes.update("us", r.id, { priority: 3 });
    expect(updated.priority).toBe(3);
    expect((await h.requests()).map((e) => [e.method, e.status])).toEqual([["PUT", 503], ["PUT", 503], ["PUT", 503], ["PUT", 200]]);
  });

  it("does not re-send a POST after a 5xx when nobody can tell whether it took effect", async () => {
    const c = h.client();
    await h.knobs({ faults: { burst: { status: 502, count: 1 } } });
    const err = await c.routes.create("us", routeParams("no-resend")).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunServerError);
    expect(err.message).toMatch(/^POST \/v3\/routes in region us: 502 .*; the request may have taken effect on Mailgun's side \(a create is not re-sent automatically\)$/);
    expect((await h.requests()).map((e) => e.method)).toEqual(["POST"]);
  });

  it("retries dropped connections on reads", async () => {
    const c = h.client();
    await h.knobs({ faults: { dropRate: 0.5, seed: 7 } });
    for (let i = 0; i < 6; i++) await c.routes.list("us");
    await h.knobs({ faults: { dropRate: 0 } });
    const log = await h.requests();
    const dropped = log.filter((e) => e.status === null).length;
    expect(dropped).toBeGreaterThan(0);
    expect(log.filter((e) => e.status === 200)).toHaveLength(6);
    expect(log).toHaveLength(6 + dropped);
  });

  it("reports a dropped POST as a connection error without re-sending it", async () => {
    const c = h.client();
    await h.knobs({ faults: { dropRate: 1, afterWriteShare: 0 } });
    const err = await c.routes.create("us", routeParams("dropped")).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunConnectionError);
    expect(err.message).toMatch(/^POST \/v3\/routes in region us: connection failed \(.*\); the request may have taken effect/);
    expect((await h.requests())).toHaveLength(1);
  });

  it("times out a slow attempt and retries it", async () => {
    const c = h.client({ requestTimeoutMs: 300 });
    await c.routes.list("us");
    await h.knobs({ latencySpike: { rate: 1, ms: 1_000 } });
    const slow = c.routes.list("us", { maxRetries: 1, retryBudgetMs: 5_000 }).catch((e) => e);
    const err = await slow;
    expect(err.lastError).toBeInstanceOf(MailgunTimeoutError);
    expect(err.message).toMatch(/gave up after 2 attempts .*no complete response within 300 ms \(mailgun:requestTimeoutMs\).*raise mailgun:maxRetries \(MAILGUN_MAX_RETRIES\)/);
    await h.knobs({ latencySpike: { rate: 0 } });
    expect(await c.routes.list("us")).toEqual([]);
  });

  it("stops at once when the caller aborts, also during a retry wait", async () => {
    const c = h.client({}, { random: () => 0.99 });
    await h.knobs({ latencyMs: 1_000 });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 100);
    await expect(c.routes.list("us", { signal: ac.signal })).rejects.toBeInstanceOf(MailgunAbortError);
    await h.knobs({ latencyMs: 0, faults: { errorRate: 1 } });
    const ac2 = new AbortController();
    setTimeout(() => ac2.abort(), 300);
    await expect(c.routes.list("us", { signal: ac2.signal })).rejects.toBeInstanceOf(MailgunAbortError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
