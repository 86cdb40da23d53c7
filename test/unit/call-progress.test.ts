import { CallProgress } from "../../provider/client/progress";

/** A progress reporter on a clock the test moves; lines are collected instead of written. */
function reporter() {
  let now = 1_000_000;
  const lines: string[] = [];
  const progress = new CallProgress({ now: () => now, intervalMs: 10_000, write: (l) => lines.push(l) });
  return { progress, lines, advance: (ms: number) => (now += ms) };
}

describe("the progress line of a rate-limited run", () => {
  it("counts calls, the rate, and the calls left for the operations announced at up", () => {
    const { progress, advance } = reporter();
    for (let i = 0; i < 100; i++) progress.announce();
    // 40 creates of one call each, over 30 s: 80 calls a minute.
    for (let i = 0; i < 40; i++) {
      progress.called(300);
      progress.finished();
      advance(750);
    }
    expect(progress.line()).toBe(
      "mailgun: paced by the rate limit (Mailgun allows 300 a window): 40 calls made in 30s, 80/min; about 60 calls left for 60 of 100 operations announced so far, about 45s at this rate",
    );
  });

  it("counts what an operation costs from the operations that wrote, not from diffs that found no change", () => {
    const { progress, advance } = reporter();
    for (let i = 0; i < 10; i++) progress.announce();
    for (let i = 0; i < 4; i++) progress.settle();
    // Two creates of three calls each.
    for (let i = 0; i < 2; i++) {
      for (let c = 0; c < 3; c++) progress.called();
      progress.finished();
    }
    advance(59_000);
    expect(progress.line()).toMatch(/6 calls made in 59s, 6\/min; about 12 calls left for 4 of 10 operations announced so far, about 2m00s at this rate$/);
  });

  it("says the calls left are not known when nothing was announced (refresh, destroy)", () => {
    const { progress, advance } = reporter();
    progress.called();
    advance(2_000);
    expect(progress.line()).toMatch(/1 calls made in 2s, 30\/min; calls left not known \(refresh and destroy hand the provider one resource at a time\)$/);
  });

  it("uses the calls of the last minute as the rate once a minute has passed", () => {
    const { progress, advance } = reporter();
    for (let i = 0; i < 100; i++) progress.called();
    advance(61_000);
    for (let i = 0; i < 30; i++) {
      progress.called();
      advance(1_000);
    }
    expect(progress.line()).toMatch(/130 calls made in 1m31s, 30\/min;/);
  });
});

describe("when the lines are written", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("writes nothing until the limit holds a call, then every interval while calls go on, and stops when they stop", () => {
    const lines: string[] = [];
    const progress = new CallProgress({ now: () => Date.now(), intervalMs: 10_000, write: (l) => lines.push(l) });
    progress.called();
    jest.advanceTimersByTime(30_000);
    expect(lines).toEqual([]);

    progress.held();
    progress.held();
    for (let s = 0; s < 25; s++) {
      progress.called();
      jest.advanceTimersByTime(1_000);
    }
    expect(lines).toHaveLength(2);
    jest.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(3);
    // No call in the last interval: the run is over or waits on something else.
    jest.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);
    progress.stop();
  });
});
