import { MailgunRetryBudgetError, MailgunServerError } from "../../provider/client/errors";
import { startHarness, type Harness } from "./emulator-harness";

describe("retry budget", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it("stops after maxRetries with an error saying what happened and which setting to raise", async () => {
    const c = h.client({ maxRetries: 3 }, { random: () => 0.01 });
    await h.knobs({ faults: { errorRate: 1 } });
    const err = await c.routes.list("us").catch((e) => e);
    expect(err).toBeInstanceOf(MailgunRetryBudgetError);
    expect(err.attempts).toBe(4);
    expect(err.lastError).toBeInstanceOf(MailgunServerError);
    expect(err.cause).toBe(err.lastError);
    expect(err.message).toMatch(
      /^GET \/v3\/routes in region us: gave up after 4 attempts over \d+\.\ds \(all 3 retries used; last failure: 50[023] Internal server error\)\. To keep retrying longer, raise mailgun:maxRetries \(MAILGUN_MAX_RETRIES\)\.$/,
    );
    const log = await h.requests();
    expect(log).toHaveLength(4);
    expect(log.every((e) => e.fault === "error")).toBe(true);
  });

  it("stops when the time budget is spent, capping each wait by what is left", async () => {
    const c = h.client({ maxRetries: 100, retryBudgetMs: 1_500 }, { random: () => 0.99 });
    await h.knobs({ faults: { errorRate: 1 } });
    const started = Date.now();
    const err = await c.routes.list("us").catch((e) => e);
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(MailgunRetryBudgetError);
    expect(err.message).toMatch(/\(the 1\.5s retry budget is spent; last failure: .*\)\. To keep retrying longer, raise mailgun:retryBudgetMs \(MAILGUN_RETRY_BUDGET_MS\)\.$/);
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(3_000);
  });

  it("says a write may have happened when it gives up on an ambiguous failure", async () => {
    const c = h.client({ maxRetries: 1 }, { random: () => 0 });
    const name = "budget-write.mgtest.example.com";
    await c.domains.create("us", { name });
    await h.knobs({ faults: { errorRate: 1, afterWriteShare: 1 } });
    const err = await c.domains.update("us", name, { wildcard: true }).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunRetryBudgetError);
    expect(err.message).toMatch(/The last attempt may have taken effect on Mailgun's side\./);
  });
});
