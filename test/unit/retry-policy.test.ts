import { backoffDelay, delayFromHeaders, shouldRetry, type AttemptOutcome, type HttpMethod } from "../../provider/client/retry";

const status = (s: number, html = false): AttemptOutcome => ({ kind: "status", status: s, html });

describe("shouldRetry", () => {
  it.each<HttpMethod>(["GET", "PUT", "DELETE", "POST"])("retries 429 for %s (the request was not processed)", (method) => {
    expect(shouldRetry({ method, outcome: status(429) })).toMatchObject({ retry: true, cause: "rate-limited", budget: "retry", recoverFirst: false });
  });

  it.each<HttpMethod>(["GET", "PUT", "DELETE"])("retries 5xx, drops and timeouts for idempotent %s", (method) => {
    for (const outcome of [status(500), status(502), status(503), { kind: "dropped" }, { kind: "timeout" }] as AttemptOutcome[]) {
      expect(shouldRetry({ method, outcome })).toMatchObject({ retry: true, recoverFirst: false });
    }
  });

  it("never re-sends a POST after an ambiguous failure without recover", () => {
    for (const outcome of [status(500), status(503), { kind: "dropped" }, { kind: "timeout" }] as AttemptOutcome[]) {
      expect(shouldRetry({ method: "POST", outcome })).toEqual({ retry: false, ambiguous: true });
    }
  });

  it("re-sends a POST after an ambiguous failure only through recover", () => {
    expect(shouldRetry({ method: "POST", outcome: status(502), hasRecover: true })).toMatchObject({ retry: true, recoverFirst: true, cause: "server-error" });
    expect(shouldRetry({ method: "POST", outcome: { kind: "dropped" }, hasRecover: true })).toMatchObject({ retry: true, recoverFirst: true, cause: "dropped" });
  });

  it("re-sends any method when the connection was never made", () => {
    expect(shouldRetry({ method: "POST", outcome: { kind: "connect-failed" } })).toMatchObject({ retry: true, recoverFirst: false, cause: "connect-failed" });
  });

  it("retries a JSON 404 only where the object is expected to exist, against the consistency budget", () => {
    expect(shouldRetry({ method: "GET", outcome: status(404) })).toEqual({ retry: false, ambiguous: false });
    expect(shouldRetry({ method: "GET", outcome: status(404), expectExists: true })).toMatchObject({ retry: true, budget: "consistency", cause: "not-yet-visible" });
    expect(shouldRetry({ method: "POST", outcome: status(404), expectExists: true })).toMatchObject({ retry: true, budget: "consistency" });
    // An HTML 404 is a wrong URL, not a missing object: waiting cannot fix it.
    expect(shouldRetry({ method: "GET", outcome: status(404, true), expectExists: true })).toEqual({ retry: false, ambiguous: false });
  });

  it.each([400, 401, 403, 409, 402, 413])("treats %i as final", (s) => {
    expect(shouldRetry({ method: "GET", outcome: status(s), expectExists: true, hasRecover: true })).toEqual({ retry: false, ambiguous: false });
  });
});

describe("backoffDelay (full jitter)", () => {
  it("is uniform below min(cap, base * 2^n)", () => {
    expect(backoffDelay(0, () => 0.999999)).toBe(499);
    expect(backoffDelay(3, () => 0.5)).toBe(2000);
    expect(backoffDelay(20, () => 0.5)).toBe(15_000);
    expect(backoffDelay(5, () => 0)).toBe(0);
    expect(backoffDelay(2, () => 0.5, { baseMs: 100, capMs: 300 })).toBe(150);
  });
  it("clamps a misbehaving random source", () => {
    expect(backoffDelay(1, () => 7)).toBe(1000);
    expect(backoffDelay(1, () => -1)).toBe(0);
  });
});

describe("delayFromHeaders", () => {
  const now = 1_766_879_000_000;
  it("reads X-RateLimit-Reset as epoch milliseconds", () => {
    expect(delayFromHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now + 4200) }, now)).toBe(4200);
  });
  it("reads X-Request-Reset (the family verify and suppressions use)", () => {
    expect(delayFromHeaders({ "x-request-remaining": "0", "x-request-reset": String(now + 1500) }, now)).toBe(1500);
  });
  it("tolerates a reset in epoch seconds", () => {
    expect(delayFromHeaders({ "x-ratelimit-reset": String(Math.floor(now / 1000) + 3) }, now)).toBe(3000);
  });
  it("tolerates a small reset as a delay in seconds", () => {
    expect(delayFromHeaders({ "x-ratelimit-reset": "2" }, now)).toBe(2000);
  });
  it("falls back to Retry-After (seconds, HTTP date) and retry-after-ms", () => {
    expect(delayFromHeaders({ "retry-after": "7" }, now)).toBe(7000);
    expect(delayFromHeaders({ "retry-after": new Date(now + 9000).toUTCString() }, now)).toBe(9000);
    expect(delayFromHeaders({ "retry-after-ms": "250" }, now)).toBe(250);
  });
  it("prefers the reset over Retry-After", () => {
    expect(delayFromHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now + 1234), "retry-after": "2" }, now)).toBe(1234);
  });
  it("ignores a reset already in the past and uses the next hint", () => {
    expect(delayFromHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now - 5000), "retry-after": "1" }, now)).toBe(1000);
    expect(delayFromHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now - 5000) }, now)).toBeUndefined();
  });
  it("reads the legacy {retry-seconds} body", () => {
    expect(delayFromHeaders({}, now, { "retry-seconds": 60 })).toBe(60_000);
  });
  it("answers undefined without any hint", () => {
    expect(delayFromHeaders({}, now)).toBeUndefined();
    expect(delayFromHeaders({ "retry-after": "soon" }, now)).toBeUndefined();
  });
});
