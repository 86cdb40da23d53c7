import { CallProgress } from "../../provider/client/progress";

/** A progress reporter on a clock the test moves; lines are collected instead of written. */
function reporter() {
  let now = 1_000_000;
  const lines: string[] = [];
  const progress = new CallProgress({ now: () => now, firstLineMs: 8_000, intervalMs: 10_000, write: (l) => lines.push(l) });
  return { progress, lines, advance: (ms: number) => (now += ms) };
}

describe("the progress line", () => {
  it("counts calls and the rate, and says whether the rate limit paces the run and how many calls wait", () => {
    const { progress, advance } = reporter();
    // 40 calls over 30 s: 80 a minute.
    for (let i = 0; i < 40; i++) {
      progress.attempting();
      progress.called(300);
      advance(750);
    }
    expect(progress.line()).toBe("mailgun: 40 calls made in 30s, 80/min");
    progress.held();
    for (let i = 0; i < 3; i++) progress.attempting();
    expect(progress.line()).toBe("mailgun: 40 calls made in 30s, 80/min, paced by the rate limit (Mailgun allows 300 a window); 3 waiting");
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
