import { pathFamily, RegionPacer } from "../../provider/client/pacer";

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

describe("pathFamily", () => {
  it("blanks identifiers out of Mailgun paths", () => {
    expect(pathFamily("/v4/domains/mg.x.com/verify")).toBe("/v4/domains/x/verify");
    expect(pathFamily("/v3/domains/mg.x.com/webhooks/delivered")).toBe("/v3/domains/x/webhooks/x");
    expect(pathFamily("/v3/routes/abc")).toBe("/v3/routes/x");
    expect(pathFamily("/v3/routes")).toBe("/v3/routes");
    expect(pathFamily("/v1/keys?kind=domain")).toBe("/v1/keys");
    expect(pathFamily("/v3/lists/dev@mg.x.com/members/a@b.com")).toBe("/v3/lists/x/members/x");
  });

  it("blanks the domain out of paths that start with it, and the ids after it", () => {
    expect(pathFamily("/v3/mg.x.com/bounces")).toBe("/v3/x/bounces");
    expect(pathFamily("/v3/mg.x.com/bounces/a@b.com")).toBe("/v3/x/bounces/x");
    expect(pathFamily("/v3/mg.y.com/bounces/c@d.com")).toBe("/v3/x/bounces/x");
    expect(pathFamily("/v3/mg.x.com/templates/welcome/versions/v1")).toBe("/v3/x/templates/x/versions/x");
  });
});

describe("windows per endpoint family", () => {
  const verify = pathFamily("/v4/domains/a/verify");
  const routes = pathFamily("/v3/routes/x");

  it("a small window reported by verify does not hold other families", async () => {
    const p = new RegionPacer(8);
    p.observe({ "x-request-limit": "10", "x-request-remaining": "0", "x-request-reset": String(Date.now() + 5_000) }, verify);
    expect(p.nextStartAt(verify)).toBeGreaterThan(Date.now() + 4_000);
    const t0 = Date.now();
    (await p.acquire(undefined, routes))();
    expect(Date.now() - t0).toBeLessThan(100);
  });

  it("holds a delete of one suppression by the window a delete of another reported (each path is not a family of its own)", async () => {
    const p = new RegionPacer(8);
    p.observe({ "x-ratelimit-limit": "300", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 5) }, pathFamily("/v3/mg.x.com/bounces/a@b.com"));
    expect(p.nextStartAt(pathFamily("/v3/mg.y.com/bounces/c@d.com"))).toBeGreaterThan(Date.now() + 3_000);
    expect(p.nextStartAt(pathFamily("/v3/mg.x.com/templates/welcome/versions/v2"))).toBeLessThanOrEqual(Date.now());
  });

  it("families reporting the same limit share one window", async () => {
    const p = new RegionPacer(8);
    const reset = String(Date.now() + 5_000);
    p.observe({ "x-ratelimit-limit": "300", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, routes);
    const keys = pathFamily("/v1/keys");
    // Not reported yet: not held by another family's window.
    expect(p.nextStartAt(keys)).toBeLessThanOrEqual(Date.now());
    p.observe({ "x-ratelimit-limit": "300", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, keys);
    expect(p.nextStartAt(keys)).toBeGreaterThan(Date.now() + 4_000);
  });

  it("a 429 in a family with its own small window pauses only that family", () => {
    const p = new RegionPacer(8);
    p.observe({ "x-ratelimit-limit": "300", "x-ratelimit-remaining": "200", "x-ratelimit-reset": String(Date.now() + 60_000) }, routes);
    p.observe({ "x-request-limit": "10", "x-request-remaining": "3", "x-request-reset": String(Date.now() + 60_000) }, verify);
    p.pauseUntil(Date.now() + 10_000, verify);
    expect(p.nextStartAt(verify)).toBeGreaterThan(Date.now() + 9_000);
    expect(p.nextStartAt(routes)).toBeLessThan(Date.now() + 1_000);
    // A 429 that reports no window pauses the whole region.
    p.pauseUntil(Date.now() + 10_000, pathFamily("/v1/keys"));
    expect(p.nextStartAt(routes)).toBeGreaterThan(Date.now() + 9_000);
  });
});
