import { parseRateLimit, resetToEpochMs } from "../../provider/client/rate-headers";
import { pacingGate } from "../../provider/client/pacer";

const now = 1_766_879_000_000;

describe("parseRateLimit", () => {
  it("reads either header family", () => {
    expect(parseRateLimit({ "x-ratelimit-limit": "300", "x-ratelimit-remaining": "12", "x-ratelimit-reset": String(now + 60_000) }, now))
      .toEqual({ limit: 300, remaining: 12, resetAt: now + 60_000 });
    expect(parseRateLimit({ "x-request-limit": "10", "x-request-remaining": "9", "x-request-reset": "1766879267069" }, now))
      .toEqual({ limit: 10, remaining: 9, resetAt: 1766879267069 });
  });
  it("obeys the tighter family when both are present", () => {
    const h = {
      "x-ratelimit-remaining": "200", "x-ratelimit-reset": String(now + 60_000),
      "x-request-remaining": "3", "x-request-reset": String(now + 10_000),
    };
    expect(parseRateLimit(h, now)).toMatchObject({ remaining: 3, resetAt: now + 10_000 });
  });
  it("answers undefined without a usable pair", () => {
    expect(parseRateLimit({}, now)).toBeUndefined();
    expect(parseRateLimit({ "x-ratelimit-remaining": "5" }, now)).toBeUndefined();
    expect(parseRateLimit({ "x-ratelimit-remaining": "x", "x-ratelimit-reset": "1" }, now)).toBeUndefined();
  });
});

describe("resetToEpochMs", () => {
  it("tells milliseconds, seconds and deltas apart", () => {
    expect(resetToEpochMs("1766879267069", now)).toBe(1766879267069);
    expect(resetToEpochMs("1766879267", now)).toBe(1766879267000);
    expect(resetToEpochMs("1766879267.5", now)).toBe(1766879267500);
    expect(resetToEpochMs("30", now)).toBe(now + 30_000);
    expect(resetToEpochMs("-1", now)).toBeUndefined();
  });
});

describe("pacingGate", () => {
  const base = { startedSinceReport: 0, lastStartAt: now - 10, pausedUntil: 0 };
  it("does not hold requests when no window is known", () => {
    expect(pacingGate(base, now)).toBeLessThanOrEqual(now);
  });
  it("spreads the remaining calls over the time to reset", () => {
    // 10 calls left, 5 s to the reset: one start every 500 ms.
    expect(pacingGate({ ...base, lastStartAt: now, window: { remaining: 10, resetAt: now + 5000 } }, now)).toBe(now + 500);
  });
  it("runs at full speed while more than half of a known limit remains", () => {
    const w = { limit: 20, remaining: 11, resetAt: now + 5000 };
    expect(pacingGate({ ...base, lastStartAt: now, window: w }, now)).toBeLessThanOrEqual(now);
    // The 10th call of the window brings it to half: from there on, calls are spread.
    expect(pacingGate({ ...base, lastStartAt: now, startedSinceReport: 1, window: w }, now)).toBe(now + 500);
  });
  it("counts calls started since the report", () => {
    expect(pacingGate({ ...base, lastStartAt: now, startedSinceReport: 6, window: { remaining: 10, resetAt: now + 4000 } }, now)).toBe(now + 1000);
  });
  it("waits for the reset when nothing remains", () => {
    expect(pacingGate({ ...base, startedSinceReport: 10, window: { remaining: 10, resetAt: now + 4000 } }, now)).toBe(now + 4000);
  });
  it("holds everything during a pause", () => {
    expect(pacingGate({ ...base, pausedUntil: now + 2500 }, now)).toBe(now + 2500);
  });
  it("ignores a window that has passed", () => {
    expect(pacingGate({ ...base, window: { remaining: 0, resetAt: now - 1 } }, now)).toBeLessThanOrEqual(now);
  });
});
