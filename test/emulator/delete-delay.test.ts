import { createDomain, sleep, useEmulator } from "./helpers/harness";

const DELAY = 800;

describe("background domain deletion (deleteDelayMs)", () => {
  const h = useEmulator({ knobs: { deleteDelayMs: DELAY } });

  test("the name stays taken and GET still finds the domain until the delay ends", async () => {
    const name = await createDomain(h.us);
    await h.us.post(`/v3/domains/${name}/webhooks`, { id: "opened", url: "https://a.example/" });
    expect((await h.us.delete(`/v3/domains/${name}`)).body).toEqual({ message: "Domain will be deleted in the background" });
    expect((await h.us.get(`/v4/domains/${name}`)).status).toBe(200);
    const again = await h.us.post("/v4/domains", { name });
    expect([again.status, again.body]).toEqual([400, { message: "This domain name is already taken" }]);
    expect((await h.eu.post("/v4/domains", { name })).status).toBe(400);
    // Writes to a domain being deleted find nothing.
    expect((await h.us.put(`/v4/domains/${name}`, { wildcard: "true" })).status).toBe(404);
    expect((await h.us.delete(`/v3/domains/${name}`)).status).toBe(404);
    let state = await h.control.state();
    expect(state.us.pendingDomainDeletes).toEqual([name]);
    expect(state.us.domains).toEqual([]);
    expect(state.us.webhooks).toEqual({});

    await sleep(DELAY + 50);
    expect((await h.us.get(`/v4/domains/${name}`)).status).toBe(404);
    state = await h.control.state();
    expect(state.us.pendingDomainDeletes).toEqual([]);
    expect((await h.eu.post("/v4/domains", { name })).status).toBe(200);
  });
});
