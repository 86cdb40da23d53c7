import { useEmulator } from "./helpers/harness";

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await run();
  return [result, performance.now() - start];
}

describe("latency knobs", () => {
  const h = useEmulator({ knobs: { latencyMs: 300 } });

  test("latencyMs, set at start, delays every API answer but not control calls", async () => {
    const [res, ms] = await timed(() => h.us.get("/v4/domains"));
    expect(res.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(290);
    const [, controlMs] = await timed(() => h.control.knobs());
    expect(controlMs).toBeLessThan(250);
    expect((await h.control.requests())[0].durationMs).toBeGreaterThanOrEqual(290);
  });

  test("latency spikes add their delay with the given probability and show in the log", async () => {
    await h.control.knobs({ latencyMs: 0, latencySpike: { rate: 1, ms: 400 } });
    const [, ms] = await timed(() => h.eu.get("/v3/routes"));
    expect(ms).toBeGreaterThanOrEqual(390);
    const [entry] = await h.control.requests();
    expect(entry).toMatchObject({ region: "eu", fault: "latency-spike", status: 200 });
    await h.control.knobs({ latencySpike: { rate: 0 } });
    const [, fast] = await timed(() => h.eu.get("/v3/routes"));
    expect(fast).toBeLessThan(300);
  });
});
