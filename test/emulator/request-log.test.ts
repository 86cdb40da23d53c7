import { createDomain, useEmulator } from "./helpers/harness";

describe("request log", () => {
  const h = useEmulator();

  test("one entry per API request, control calls excluded, cleared on demand", async () => {
    const name = await createDomain(h.us);
    await h.eu.get("/v3/routes", { query: { limit: "5", tag: ["a", "b"] } });
    await h.us.get("/v4/domains", { key: null });
    await h.us.get(`/v4/domains/${name}`);
    await h.control.state();
    await h.control.knobs();
    const log = await h.control.requests();
    expect(log).toHaveLength(4);
    expect(log[0]).toEqual({
      seq: 1, time: expect.any(String), region: "us", method: "POST", path: "/v4/domains", query: {},
      status: 200, fault: null, applied: true, durationMs: expect.any(Number),
    });
    expect(new Date(log[0].time).toISOString()).toBe(log[0].time);
    expect(log[1]).toMatchObject({ seq: 2, region: "eu", method: "GET", path: "/v3/routes", query: { limit: "5", tag: ["a", "b"] }, applied: false });
    expect(log[2]).toMatchObject({ status: 401, applied: false });
    expect(log[3]).toMatchObject({ path: `/v4/domains/${name}`, status: 200 });

    await h.control.clearRequests();
    expect(await h.control.requests()).toEqual([]);
    await h.us.get("/nowhere");
    expect(await h.control.requests()).toMatchObject([{ seq: 5, path: "/nowhere", status: 404 }]);
  });

  test("failed writes are not applied", async () => {
    await h.us.post("/v4/domains", { spam_action: "tag" });
    await h.us.delete("/v3/routes/000000000000000000000000");
    expect((await h.control.requests()).map((e: any) => [e.status, e.applied])).toEqual([[400, false], [404, false]]);
  });
});
