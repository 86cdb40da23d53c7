import { CallProgress } from "../../provider/client/progress";
import { callsFor } from "../../provider/client/resources-left";
import { MINIMUM } from "../../bench/api-calls";
import { handlers } from "../../provider";

/** A progress reporter on a clock the test moves; lines are collected instead of written. */
function reporter(declared?: () => Record<string, number> | undefined) {
  let now = 1_000_000;
  const lines: string[] = [];
  const progress = new CallProgress({ now: () => now, firstLineMs: 8_000, intervalMs: 10_000, write: (l) => lines.push(l), declared });
  return { progress, lines, advance: (ms: number) => (now += ms) };
}

describe("the progress line", () => {
  it("counts calls and the rate, and says whether the rate limit paces the run and how many calls wait", () => {
    const { progress, advance } = reporter();
    // 40 calls over 30 s: 80 a minute.
    for (let i = 0; i < 40; i++) {
      progress.attempting();
      progress.called({ limit: 300 });
      advance(750);
    }
    expect(progress.line()).toBe("mailgun: 40 calls made in 30s, 80/min");
    progress.held();
    for (let i = 0; i < 3; i++) progress.attempting();
    expect(progress.line()).toBe("mailgun: 40 calls made in 30s, 80/min, paced by the rate limit (Mailgun allows 300 a window); 3 waiting");
  });

  it("says how many of the calls made Mailgun refused with 429 (each went again), and nothing while none was", () => {
    const { progress, advance } = reporter();
    for (let i = 0; i < 6; i++) {
      progress.called({ limit: 4 }, i % 3 === 2);
      advance(1_000);
    }
    expect(progress.line()).toBe("mailgun: 6 calls made in 6s (2 answered 429), 60/min");
    progress.clear();
    progress.called({ limit: 4 });
    expect(progress.line()).not.toContain("429");
  });

  it("says the limit paces the run only while it held a call back within the last minute", () => {
    const { progress, advance } = reporter();
    progress.called({ limit: 300 });
    progress.held();
    expect(progress.line()).toContain("paced by the rate limit");
    advance(61_000);
    progress.called({ limit: 300 });
    expect(progress.line()).not.toContain("paced");
  });

  it("uses the calls of the last minute as the rate once a minute has passed", () => {
    const { progress, advance } = reporter();
    for (let i = 0; i < 100; i++) progress.called();
    advance(61_000);
    for (let i = 0; i < 30; i++) {
      progress.called();
      advance(1_000);
    }
    expect(progress.line()).toBe("mailgun: 130 calls made in 1m31s, 30/min");
  });
});

describe("what is left", () => {
  let nextId = 0;
  /** `count` routes done, each with the calls `call(i)` makes, the clock moved `ms(i)` after each. */
  function routesDone(progress: CallProgress, count: number, call: (i: number) => void, ms: (i: number) => void, step: "write" | "read" | "delete" = "write") {
    for (let i = 0; i < count; i++) {
      const route = { kind: "Route", calls: 0 };
      callsFor.run(route, () => call(i));
      progress.resources.finished(route, { step, id: `r${nextId++}` });
      ms(i);
    }
  }

  /** 20 routes done, 2 calls each, in 30 s: 80 calls a minute. */
  function twentyDone(progress: CallProgress, advance: (ms: number) => void, step: "write" | "read" | "delete" = "write") {
    const twoCalls = () => {
      progress.called();
      progress.called();
    };
    routesDone(progress, 20, twoCalls, () => advance(1_500), step);
  }

  /** 200 routes of 1 call each in 10 s (a fresh window's burst), each answer saying its window ends at `resetAt(i)`. */
  function burst(progress: CallProgress, advance: (ms: number) => void, resetAt: (i: number) => number) {
    routesDone(progress, 200, (i) => progress.called({ limit: 300, resetAt: resetAt(i) }), (i) => i % 20 === 19 && advance(1_000));
  }

  it("estimates the calls and the time left from the program's count and the calls each resource took", () => {
    const { progress, advance } = reporter(() => ({ Route: 100 }));
    twentyDone(progress, advance);
    // 80 resources left × 2 calls = 160 calls at 80 a minute: 2 minutes.
    expect(progress.line()).toBe("mailgun: 40 calls made in 30s, 80/min; 20 of 100 resources done, about 160 calls and 2m00s left");
  });

  it("once the limit paces the run, expects the calls left at no more than the limit allows", () => {
    const { progress, advance } = reporter(() => ({ Route: 1000 }));
    // A fresh window of 300 a minute lets 200 calls through in 10 s: 1,200 a minute, for now.
    burst(progress, advance, (i) => 1_060_000 + (i < 150 ? 0 : 60_000));
    expect(progress.line()).toMatch(/1200\/min; 200 of 1000 resources done, about 800 calls and 40s left$/);
    progress.held();
    // The windows' ends are 60 s apart: 300 a minute, so 800 calls take 2m40s.
    expect(progress.line()).toMatch(/paced by the rate limit \(Mailgun allows 300 a window\); 200 of 1000 resources done, about 800 calls and 2m40s left$/);
  });

  it("in the first window, takes the window to last at least from the first call to its end", () => {
    const { progress, advance } = reporter(() => ({ Route: 1000 }));
    // The first window ends 60 s after the first call; 200 calls went through in its first 10 s.
    burst(progress, advance, () => 1_060_000);
    progress.held();
    expect(progress.line()).toMatch(/1200\/min, paced by the rate limit \(Mailgun allows 300 a window\); 200 of 1000 resources done, about 800 calls and 2m40s left$/);
  });

  it("once paced, counts the wait for the window's end when the calls left are more than the window has left", () => {
    // 200 routes of 1 call in 14 s, in a window of 300 a minute that ends 60 s after the first call.
    const run = (remaining: (i: number) => number) => {
      const { progress, advance } = reporter(() => ({ Route: 250 }));
      routesDone(progress, 200, (i) => progress.called({ limit: 300, resetAt: 1_060_000, remaining: remaining(i) }), () => advance(70));
      progress.held();
      return progress.line();
    };
    // The run before had spent 100 of the window: none is left, and the 50 calls left wait 46 s for the next one, then take 10 s.
    expect(run((i) => 199 - i)).toMatch(/; 200 of 250 resources done, about 50 calls and 56s left$/);
    // The window still has 100: the 50 calls go in it, at the limit's rate.
    expect(run((i) => 299 - i)).toMatch(/; 200 of 250 resources done, about 50 calls and 10s left$/);
  });

  it("after a minute, expects the resources left at no faster than the last minute's pace (the engine stepping a large stack slower than the limit allows)", () => {
    const { progress, advance } = reporter(() => ({ Route: 1000 }));
    // 100 routes a minute, one call each, in windows of 300 a minute that end 60 s apart.
    routesDone(progress, 200, (i) => progress.called({ limit: 300, resetAt: 1_060_000 + 60_000 * Math.floor(i / 100) }), (i) => i < 199 && advance(600));
    progress.held();
    // 800 calls at the limit would take 2m40s; 800 routes at the engine's 100 a minute take 8 minutes.
    expect(progress.line()).toMatch(/100\/min, paced by the rate limit \(Mailgun allows 300 a window\); 200 of 1000 resources done, about 800 calls and 8m00s left$/);
    // The pace is the last minute's: 250 routes in the next one, and 550 left take 2m12s.
    advance(240);
    routesDone(progress, 250, () => progress.called({ limit: 300, resetAt: 1_180_000 }), (i) => i < 249 && advance(240));
    expect(progress.line()).toMatch(/; 450 of 1000 resources done, about 550 calls and 2m12s left$/);
  });

  it("counts a resource once, whatever steps it took (refresh reads it, then diffs it)", () => {
    const { progress, advance } = reporter(() => ({ Route: 50 }));
    twentyDone(progress, advance, "read");
    for (let i = 0; i < 20; i++) progress.resources.finished({ kind: "Route", calls: 0 }, { step: "write", id: `r${nextId - 1 - i}` });
    expect(progress.line()).toBe("mailgun: 40 calls made in 30s, 80/min; 20 of 50 resources done, about 60 calls and 45s left");
  });

  it("sums the calls left kind by kind, taking a kind's prior until one of its resources is done", () => {
    // destroy deletes the domains last, and each takes 9 calls where a route takes 2 here.
    const { progress, advance } = reporter(() => ({ Route: 30, Domain: 10 }));
    progress.resources.usePrior((kind, step) => (kind === "Domain" && step === "delete" ? 9 : undefined));
    twentyDone(progress, advance, "delete");
    // 10 routes × 2 + 10 domains × 9 = 110 calls at 80 a minute.
    expect(progress.line()).toMatch(/; 20 of 40 resources done, about 110 calls and 1m23s left$/);
    // Two domain deletes under way have made 8 calls each: not yet a domain's cost, but 16 calls no longer to make.
    const [first, second] = [{ kind: "Domain", calls: 0 }, { kind: "Domain", calls: 0 }];
    for (const d of [first, second]) {
      progress.resources.started(d);
      callsFor.run(d, () => Array.from({ length: 8 }, () => progress.called()));
    }
    expect(progress.line()).toMatch(/; 20 of 40 resources done, about 94 calls and .* left$/);
    // The first took 12 calls: the other 9 are counted at that, less the second's 8 made.
    callsFor.run(first, () => Array.from({ length: 4 }, () => progress.called()));
    progress.resources.finished(first, { step: "delete", id: "d1" });
    expect(progress.line()).toMatch(/; 21 of 40 resources done, about 120 calls and .* left$/);
  });

  it("counts a kind whose reads share a listing (refresh) by its calls so far, for the share of its resources left, not by the calls each read took", () => {
    const { progress, advance } = reporter(() => ({ Route: 100, TemplateVersion: 50 }));
    progress.resources.usePrior((kind, step) => (kind === "Route" && step === "read" ? "shared" : undefined));
    // The first route is one GET; the second reads the region's listing, 3 pages; the other 98 wait for it.
    for (const calls of [1, 4]) {
      const route = { kind: "Route", calls: 0 };
      callsFor.run(route, () => Array.from({ length: calls }, () => progress.called()));
      progress.resources.finished(route, { step: "read", id: `r${nextId++}` });
    }
    for (let i = 0; i < 10; i++) {
      const version = { kind: "TemplateVersion", calls: 0 };
      callsFor.run(version, () => progress.called());
      progress.resources.finished(version, { step: "read", id: `v${nextId++}` });
    }
    advance(10_000);
    // The 40 template versions left, a GET each, and the routes' 5 calls so far for the 98 of 100 left: 45
    // (the routes at the 2.5 calls each of the two done would have added 245).
    expect(progress.line()).toMatch(/; 12 of 150 resources done, about 45 calls and .* left$/);
  });

  it("takes from the handlers the calls a step costs more than one, as the API-call benchmark measures them", () => {
    const ops = { write: "create", read: "read", delete: "delete" } as const;
    const priors = Object.entries(handlers).flatMap(([kind, h]) =>
      Object.entries((h as { stepCalls?: Record<string, number | "shared"> }).stepCalls ?? {})
        .filter(([, calls]) => calls !== "shared")
        .map(([step, calls]) => ({ kind, step, calls })),
    );
    expect(priors.length).toBeGreaterThan(0);
    for (const { kind, step, calls } of priors) expect([kind, step, calls]).toEqual([kind, step, MINIMUM[kind as keyof typeof MINIMUM][ops[step as keyof typeof ops]][0]]);
  });

  it("without a count (no program ran) says how many resources are done", () => {
    const { progress, advance } = reporter(() => undefined);
    twentyDone(progress, advance, "delete");
    expect(progress.line()).toBe("mailgun: 40 calls made in 30s, 80/min; 20 resources done so far");
  });

  it("makes no estimate from the first few resources, nor once the count is spent", () => {
    const { progress, advance } = reporter(() => ({ Route: 20 }));
    progress.called();
    progress.resources.finished({ kind: "Route", calls: 1 }, { step: "write", id: "first" });
    advance(1_000);
    expect(progress.line()).toBe("mailgun: 1 calls made in 1s, 60/min; 1 of 20 resources done");
    twentyDone(progress, advance);
    expect(progress.line()).toMatch(/; 21 resources done so far$/);
  });
});

describe("when the lines are written", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function timed() {
    const lines: string[] = [];
    const progress = new CallProgress({ now: () => Date.now(), firstLineMs: 8_000, intervalMs: 10_000, write: (l) => lines.push(l) });
    /** One call a second for `seconds`, each waited for as a sent attempt is. */
    const callFor = (seconds: number) => {
      for (let s = 0; s < seconds; s++) {
        progress.attempting();
        jest.advanceTimersByTime(1_000);
        progress.called();
      }
    };
    return { progress, lines, callFor };
  }

  it("prints nothing for a run whose calls end before the first line is due", () => {
    const { progress, lines, callFor } = timed();
    callFor(5);
    jest.advanceTimersByTime(60_000);
    expect(lines).toEqual([]);
    progress.stop();
  });

  it("prints the first line 8 s after the first call, then every 10 s while calls go on, and stops when they stop", () => {
    const { progress, lines, callFor } = timed();
    callFor(7);
    expect(lines).toHaveLength(0);
    callFor(2);
    expect(lines).toHaveLength(1);
    callFor(20);
    expect(lines).toHaveLength(3);
    // No call and none waiting: the run is over or waits on something else.
    jest.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);
    // Calls again: the count to a line starts again.
    callFor(9);
    expect(lines).toHaveLength(4);
    progress.stop();
  });

  it("once lines have begun, keeps them on time through a few seconds without a call (the engine between steps)", () => {
    const { progress, lines, callFor } = timed();
    callFor(9);
    jest.advanceTimersByTime(4_000);
    callFor(4);
    jest.advanceTimersByTime(4_000);
    // Lines at 8 s and 18 s, though no call was made from 9 s to 13 s nor after 17 s.
    expect(lines).toHaveLength(2);
    progress.stop();
  });

  it("after a pause in the calls (the engine busy between steps), prints as soon as they go on, not 8 s later", () => {
    const { progress, lines, callFor } = timed();
    callFor(9);
    expect(lines).toHaveLength(1);
    // 12 s without a call or a call waiting, then calls again: the line due at 18 s follows the first call after the pause.
    jest.advanceTimersByTime(12_000);
    expect(lines).toHaveLength(1);
    callFor(2);
    expect(lines).toHaveLength(2);
    progress.stop();
  });

  it("keeps printing while calls wait for the rate-limit window, with none answered", () => {
    const { progress, lines, callFor } = timed();
    callFor(3);
    progress.attempting();
    progress.held();
    // Lines at 8, 18, 28, 38 and 48 s, though no call was answered after 3 s.
    jest.advanceTimersByTime(45_000);
    expect(lines.length).toBe(5);
    expect(lines[4]).toMatch(/^mailgun: 3 calls made in \d+s, \d+\/min, paced by the rate limit; 1 waiting$/);
    progress.dropped();
    jest.advanceTimersByTime(30_000);
    expect(lines.length).toBe(5);
    progress.stop();
  });
});
