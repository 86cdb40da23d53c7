import { RegionPacer } from "../../provider/client/pacer";

const tick = () => new Promise((r) => setImmediate(r));

describe("RegionPacer", () => {
  it("caps requests in flight and hands slots over in order", async () => {
    const p = new RegionPacer(2);
    const order: number[] = [];
    const releases = await Promise.all([p.acquire(), p.acquire()]);
    const third = p.acquire().then((rel) => (order.push(3), rel));
    const fourth = p.acquire().then((rel) => (order.push(4), rel));
    await tick();
    expect(order).toEqual([]);
    expect(p.inFlight).toBe(2);
    expect(p.queued).toBe(2);
    releases[0]();
    releases[0](); // a second call must not free a second slot
    await tick();
    expect(order).toEqual([3]);
    releases[1]();
    (await third)();
    (await fourth)();
    expect(p.inFlight).toBe(0);
  });

  it("spreads starts over the time left in the reported window", async () => {
    const p = new RegionPacer(8);
    const first = await p.acquire();
    p.observe({ "x-ratelimit-remaining": "4", "x-ratelimit-reset": String(Date.now() + 400) });
    first();
    const t0 = Date.now();
    const starts: number[] = [];
    await Promise.all([0, 1, 2].map(() => p.acquire().then((rel) => (starts.push(Date.now() - t0), rel()))));
    // 4 left over 400 ms: roughly 100 ms apart, not all at once.
    expect(starts[2]).toBeGreaterThanOrEqual(150);
  });

  it("holds the region until the reset once nothing remains, and during a pause", async () => {
    const p = new RegionPacer(8);
    p.observe({ "x-request-remaining": "0", "x-request-reset": String(Date.now() + 250) });
    let t0 = Date.now();
    (await p.acquire())();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    p.pauseUntil(Date.now() + 150);
    t0 = Date.now();
    (await p.acquire())();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
  });

  it("drops a waiter whose signal aborts", async () => {
    const p = new RegionPacer(1);
    const rel = await p.acquire();
    const ac = new AbortController();
    const waiting = p.acquire(ac.signal);
    ac.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(p.queued).toBe(0);
    rel();
    (await p.acquire())();
  });
});

describe("processPacers", () => {
  it("is one registry per process, even across two loaded copies of the module", () => {
    const { processPacers } = require("../../provider/client/pacer");
    jest.isolateModules(() => {
      const other = require("../../provider/client/pacer");
      expect(other.RegionPacer).not.toBe(RegionPacer);
      expect(other.processPacers).toBe(processPacers);
      expect(other.processPacers.get("k", 2, Date.now)).toBe(processPacers.get("k", 2, Date.now));
    });
  });
});
