import { sleep, useEmulator } from "./helpers/harness";

describe("rate limit knob", () => {
  const h = useEmulator();

  test("off by default: no rate-limit headers", async () => {
    const res = await h.us.get("/v4/domains");
    expect(res.headers.get("x-ratelimit-limit")).toBeNull();
    expect(res.headers.get("x-request-limit")).toBeNull();
  });

  test("fixed window per region: headers in epoch milliseconds, then 429 with Retry-After", async () => {
    await h.control.knobs({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const before = Date.now();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await h.us.get("/v3/routes"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get("x-ratelimit-remaining"))).toEqual(["2", "1", "0", "0"]);
    expect(answers.map((a) => a.headers.get("x-request-remaining"))).toEqual(["2", "1", "0", "0"]);
    for (const a of answers) {
      expect(a.headers.get("x-ratelimit-limit")).toBe("3");
      expect(a.headers.get("x-request-limit")).toBe("3");
      const reset = Number(a.headers.get("x-ratelimit-reset"));
      expect(reset).toBe(Number(a.headers.get("x-request-reset")));
      expect(reset).toBeGreaterThanOrEqual(before + 60_000);
      expect(reset).toBeLessThan(Date.now() + 60_001);
    }
    const limited = answers[3];
    expect(limited.body).toEqual({ message: "Too Many Requests" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    // The EU listener has its own window; control calls are never limited.
    expect((await h.eu.get("/v3/routes")).status).toBe(200);
    expect(await h.control.state()).toBeDefined();
    const log = await h.control.requests();
    expect(log[3]).toMatchObject({ status: 429, fault: "rate-limit" });
  });

  test("the window resets after windowMs", async () => {
    await h.control.knobs({ rateLimit: { limit: 1, windowMs: 1000 } });
    expect((await h.us.get("/v3/routes")).status).toBe(200);
    expect((await h.us.get("/v3/routes")).status).toBe(429);
    await sleep(1050);
    expect((await h.us.get("/v3/routes")).status).toBe(200);
    await h.control.knobs({ rateLimit: null });
    expect((await h.us.get("/v3/routes")).headers.get("x-ratelimit-limit")).toBeNull();
  });
});
