import { createDomain, domainName, useEmulator } from "./helpers/harness";
import type { Harness } from "./helpers/harness";

/** Outcome of a request: its status, or "drop" when the socket closed without an answer. */
async function outcome(run: () => Promise<{ status: number }>): Promise<number | "drop"> {
  try {
    return (await run()).status;
  } catch {
    return "drop";
  }
}

async function sequence(h: Harness, n: number): Promise<Array<number | "drop">> {
  const out: Array<number | "drop"> = [];
  for (let i = 0; i < n; i++) out.push(await outcome(() => h.us.get("/v3/routes")));
  return out;
}

describe("fault knobs", () => {
  const h = useEmulator();

  test("errorRate answers 500/502/503 with Mailgun's error body", async () => {
    await h.control.knobs({ faults: { errorRate: 1 } });
    for (let i = 0; i < 5; i++) {
      const res = await h.us.get("/v4/domains");
      expect([500, 502, 503]).toContain(res.status);
      expect(res.body).toEqual({ message: "Internal server error" });
    }
    expect((await h.control.requests()).every((e: any) => e.fault === "error")).toBe(true);
  });

  test("dropRate closes the connection without an answer", async () => {
    await h.control.knobs({ faults: { dropRate: 1 } });
    expect(await outcome(() => h.us.get("/v4/domains"))).toBe("drop");
    const [entry] = await h.control.requests();
    expect(entry).toMatchObject({ status: null, fault: "drop", applied: false });
  });

  test("faults are seeded: the same seed replays the same sequence", async () => {
    const knobs = { faults: { errorRate: 0.3, dropRate: 0.2, seed: 42 } };
    await h.control.knobs(knobs);
    const first = await sequence(h, 30);
    expect(new Set(first).size).toBeGreaterThan(2); // a mix of successes, errors and drops
    await h.control.reset(true);
    expect(await sequence(h, 30)).toEqual(first);
    await h.control.knobs({ faults: { seed: 7 } });
    expect(await sequence(h, 30)).not.toEqual(first);
    await h.control.knobs({ faults: { seed: 42 } });
    expect(await sequence(h, 30)).toEqual(first);
  });

  test("afterWriteShare=1: the write happens, the client gets a 5xx or a dropped socket", async () => {
    await h.control.knobs({ faults: { errorRate: 1, afterWriteShare: 1 } });
    const res = await h.us.post("/v3/routes", { expression: "catch_all()", description: "ghost" });
    expect(res.status).toBeGreaterThanOrEqual(500);
    let state = await h.control.state();
    expect(state.us.routes.map((r: any) => r.description)).toEqual(["ghost"]);
    expect((await h.control.requests())[0]).toMatchObject({ method: "POST", fault: "error", applied: true });

    await h.control.knobs({ faults: { errorRate: 0, dropRate: 1, afterWriteShare: 1 } });
    const name = domainName();
    expect(await outcome(() => h.us.post("/v4/domains", { name }))).toBe("drop");
    state = await h.control.state();
    expect(state.us.domains.map((d: any) => d.name)).toEqual([name]);
    expect((await h.control.requests()).at(-1)).toMatchObject({ status: null, fault: "drop", applied: true });
    // Reads are never deferred: nothing to apply.
    expect(await outcome(() => h.us.get("/v3/routes"))).toBe("drop");
  });

  test("afterWriteShare=0: faults hit before the change", async () => {
    await h.control.knobs({ faults: { errorRate: 1, afterWriteShare: 0 } });
    expect((await h.us.post("/v3/routes", { expression: "catch_all()" })).status).toBeGreaterThanOrEqual(500);
    expect((await h.control.state()).us.routes).toEqual([]);
    expect((await h.control.requests())[0]).toMatchObject({ applied: false, fault: "error" });
  });

  test("a burst answers the next N API requests with its status, then clears itself", async () => {
    const name = await createDomain(h.us);
    await h.control.knobs({ faults: { burst: { status: 503, count: 2 } } });
    expect((await h.us.get(`/v4/domains/${name}`)).status).toBe(503);
    expect((await h.control.knobs()).faults.burst).toEqual({ status: 503, count: 1 });
    expect((await h.eu.get("/v4/domains")).status).toBe(503);
    expect((await h.us.get(`/v4/domains/${name}`)).status).toBe(200);
    expect((await h.control.knobs()).faults.burst).toBeUndefined();
    await h.control.knobs({ faults: { burst: { status: 429, count: 1 } } });
    const limited = await h.us.get("/v4/domains");
    expect([limited.status, limited.body]).toEqual([429, { message: "Too Many Requests" }]);
    const log = await h.control.requests();
    expect(log.filter((e: any) => e.fault === "burst").map((e: any) => e.status)).toEqual([503, 503, 429]);
  });

  test("invalid knob values are refused", async () => {
    await expect(h.control.knobs({ faults: { errorRate: 2 } })).rejects.toMatchObject({ status: 400 });
    await expect(h.control.knobs({ latencyMs: -1 })).rejects.toMatchObject({ status: 400 });
    await expect(h.control.knobs({ faults: { burst: { status: 418, count: 1 } } })).rejects.toMatchObject({ status: 400 });
  });
});
