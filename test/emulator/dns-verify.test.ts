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

  test("only SPF and DKIM gate activation; each record's validity can be set on its own", async () => {
    const name = await createDomain(h.us);
    await h.control.call("POST", `dns/${name}`, { valid: true, records: ["spf"] });
    const spfOnly = await h.us.put(`/v4/domains/${name}/verify`);
    const validity = (body: any) => Object.fromEntries([...body.sending_dns_records, ...body.receiving_dns_records].map((r: any) => [`${r.record_type} ${r.name ?? r.value}`, r.valid]));
    expect(spfOnly.body.domain.state).toBe("unverified");
    expect(validity(spfOnly.body)).toEqual({
      [`TXT ${name}`]: "valid",
      [`TXT k1._domainkey.${name}`]: "invalid",
      [`CNAME email.${name}`]: "invalid",
      "MX mxa.mailgun.org": "invalid",
      "MX mxb.mailgun.org": "invalid",
    });
    await h.control.call("POST", `dns/${name}`, { valid: true, records: ["dkim"] });
    const sending = await h.us.put(`/v4/domains/${name}/verify`);
    // Tracking CNAME and MX still missing: the domain can send, so Mailgun activates it.
    expect(sending.body.domain.state).toBe("active");
    expect(sending.body.sending_dns_records.find((r: any) => r.name.includes("._domainkey.")).is_active).toBe(true);
    await h.control.call("POST", `dns/${name}`, { valid: true, records: ["mx", "tracking"] });
    expect(Object.values(validity((await h.us.get(`/v4/domains/${name}`)).body))).toEqual(Array(5).fill("valid"));
    // Without a list, every record at once (and the per-record settings are forgotten).
    await h.control.dns(name, false);
    expect(Object.values(validity((await h.us.get(`/v4/domains/${name}`)).body))).toEqual(Array(5).fill("invalid"));
    await expect(h.control.call("POST", `dns/${name}`, { records: ["spf", "aaaa"] })).rejects.toMatchObject({ status: 400, body: { message: "records must be a list of spf, dkim, tracking, mx" } });
  });

  test("verify has its own window: X-Request-* headers (10 a second, reset in epoch ms), then 429", async () => {
    const name = await createDomain(h.us);
    const first = await h.us.put(`/v4/domains/${name}/verify`);
    expect(first.headers.get("x-request-limit")).toBe("10");
    expect(first.headers.get("x-request-remaining")).toBe("9");
    const reset = Number(first.headers.get("x-request-reset"));
    expect(reset).toBeGreaterThan(Date.now() - 100);
    expect(reset).toBeLessThanOrEqual(Date.now() + 1_000);
    // Other endpoints do not spend it.
    expect((await h.us.get(`/v4/domains/${name}`)).headers.get("x-request-limit")).toBeNull();

    await h.control.knobs({ verifyRateLimit: { limit: 2, windowMs: 60_000 } });
    expect((await h.us.put(`/v4/domains/${name}/verify`)).status).toBe(200);
    expect((await h.us.put(`/v3/domains/${name}/verify`)).status).toBe(200);
    const limited = await h.us.put(`/v4/domains/${name}/verify`);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: "Too Many Requests" });
    expect(limited.headers.get("x-request-remaining")).toBe("0");
    // The other region counts on its own.
    const eu = await createDomain(h.eu);
    expect((await h.eu.put(`/v4/domains/${eu}/verify`)).status).toBe(200);
    expect((await h.control.requests()).find((r: any) => r.status === 429)).toMatchObject({ fault: "rate-limit", applied: false });

    await h.control.knobs({ verifyRateLimit: null });
    const unlimited = await h.us.put(`/v4/domains/${name}/verify`);
    expect(unlimited.status).toBe(200);
    expect(unlimited.headers.get("x-request-limit")).toBeNull();
  });

  test("unknown domain: 404", async () => {
    await expect(h.control.dns("nope.example.test")).rejects.toMatchObject({ status: 404, body: { message: "Domain not found" } });
  });
});
