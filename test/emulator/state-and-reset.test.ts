import { keyIdOf } from "../../emulator/formats";
import { createDomain, useEmulator } from "./helpers/harness";

describe("state dump and reset", () => {
  const h = useEmulator();

  test("the dump shows what exists, with the exact objects the API returns", async () => {
    const us = await createDomain(h.us, undefined, { smtp_password: "postmaster-pw" });
    const eu = await createDomain(h.eu);
    await h.us.put(`/v3/domains/${us}/tracking/click`, { active: "true" });
    await h.us.post(`/v3/domains/${us}/webhooks`, { id: "opened", url: ["https://a.example/", "https://b.example/"] });
    await h.us.post(`/v3/domains/${us}/credentials`, { login: "bot", password: "secret-bot" });
    const route = (await h.eu.post("/v3/routes", { expression: "catch_all()", action: "stop()" })).body.route;
    const key = (await h.us.post("/v1/keys", { kind: "domain", role: "sending", domain_name: eu, description: "eu sender" })).body.key;

    const state = await h.control.state();
    const got = await h.us.get(`/v4/domains/${us}`);
    const tracking = (await h.us.get(`/v3/domains/${us}/tracking`)).body.tracking;
    expect(state.us.domains).toEqual([{
      ...got.body.domain, tracking, dkim_selector: "k1", dkim_key_size: 1024, force_dkim_authority: false, dkim_authority: us,
      dkim_keys: [{ selector: "k1", key_size: 1024, active: false }],
      sending_dns_records: got.body.sending_dns_records, receiving_dns_records: got.body.receiving_dns_records,
    }]);
    expect(state.us.webhooks).toEqual({ [us]: { opened: ["https://a.example/", "https://b.example/"] } });
    expect(state.us.credentials).toEqual({ [us]: [`postmaster@${us}`, `bot@${us}`] });
    expect(state.us.routes).toEqual([]);
    expect(state.us.pendingDomainDeletes).toEqual([]);
    expect(state.eu.domains.map((d: any) => d.name)).toEqual([eu]);
    expect(state.eu.routes).toEqual([route]);
    expect(state.keys).toEqual([
      expect.objectContaining({ id: keyIdOf(h.emulator.apiKey), kind: "user", role: "admin", primary: true, domain_name: null }),
      { id: key.id, kind: "domain", role: "sending", domain_name: eu, description: "eu sender", created_at: key.created_at, expires_at: null, is_disabled: false, primary: false },
    ]);
    expect(JSON.stringify(state)).not.toContain(key.secret);
  });

  test("the dump has each region's mailing lists with their members", async () => {
    await h.eu.post("/v3/lists", { address: "News@Lists.example.com", name: "News" });
    await h.eu.post("/v3/lists/news@lists.example.com/members", { address: "Ann@example.com", name: "Ann", vars: '{"plan":"pro"}', subscribed: "no" });
    const state = await h.control.state();
    expect(state.us.lists).toEqual([]);
    expect(state.eu.lists).toEqual([expect.objectContaining({
      address: "News@Lists.example.com", name: "News", members_count: 1,
      members: [{ address: "Ann@example.com", name: "Ann", subscribed: false, vars: { plan: "pro" } }],
    })]);
  });

  test("reset removes all data but the primary key, clears the log and restores knobs unless kept", async () => {
    const name = await createDomain(h.us);
    await h.us.post("/v1/keys", { role: "admin" });
    await h.control.knobs({ latencyMs: 5, rateLimit: { limit: 100, windowMs: 1000 } });
    const reset = await h.control.reset();
    expect(reset.knobs.latencyMs).toBe(0);
    const state = await h.control.state();
    expect(state.us.domains).toEqual([]);
    expect(state.keys.map((k: any) => k.primary)).toEqual([true]);
    expect(await h.control.requests()).toEqual([]);
    expect((await h.control.knobs()).rateLimit).toBeNull();
    expect((await h.us.post("/v4/domains", { name })).status).toBe(200); // the name is free again

    await h.control.knobs({ latencyMs: 5 });
    await h.control.reset(true);
    expect((await h.control.knobs()).latencyMs).toBe(5);
    expect((await h.control.state()).us.domains).toEqual([]);
  });

  test("control routes answer on both listeners without auth", async () => {
    const eu = new (h.control.constructor as any)(h.emulator.urls.eu);
    await eu.knobs({ latencyMs: 1 });
    expect((await h.control.knobs()).latencyMs).toBe(1);
  });
});
