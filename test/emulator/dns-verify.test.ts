import { createDomain, useEmulator } from "./helpers/harness";

describe("simulated DNS and verification", () => {
  const h = useEmulator();

  test("verify without DNS leaves the domain unverified and marks records invalid", async () => {
    const name = await createDomain(h.us);
    const res = await h.us.put(`/v4/domains/${name}/verify`);
    expect(Object.keys(res.body)).toEqual(["message", "domain", "sending_dns_records", "receiving_dns_records"]);
    expect(res.body.message).toBe("Domain DNS records have been updated");
    expect(res.body.domain.state).toBe("unverified");
    expect(res.body.sending_dns_records.every((r: any) => r.valid === "invalid" && r.cached.length === 0)).toBe(true);
  });

  test("marking DNS found, then verify, makes the domain active", async () => {
    const name = await createDomain(h.eu);
    await h.control.dns(name, true);
    const before = await h.eu.get(`/v4/domains/${name}`);
    expect(before.body.domain.state).toBe("unverified");
    for (const r of [...before.body.sending_dns_records, ...before.body.receiving_dns_records]) {
      expect(r.valid).toBe("valid");
      expect(r.cached).toEqual([r.value]);
    }
    const verified = await h.eu.put(`/v3/domains/${name}/verify`);
    expect(verified.body.domain.state).toBe("active");
    expect(verified.body.sending_dns_records[0]).toMatchObject({ record_type: "TXT", is_active: true });
    expect((await h.eu.get("/v4/domains", { query: { state: "active" } })).body.items.map((d: any) => d.name)).toEqual([name]);

    await h.control.dns(name, false);
    const reverted = await h.eu.get(`/v4/domains/${name}`);
    expect(reverted.body.sending_dns_records.map((r: any) => r.valid)).toEqual(["invalid", "invalid", "invalid"]);
    expect((await h.eu.put(`/v4/domains/${name}/verify`)).body.domain.state).toBe("unverified");
  });

  test("unknown domain: 404", async () => {
    await expect(h.control.dns("nope.example.test")).rejects.toMatchObject({ status: 404, body: { message: "Domain not found" } });
  });
});
