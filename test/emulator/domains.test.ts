import { createDomain, domainName, useEmulator } from "./helpers/harness";

const RFC1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe("domains", () => {
  const h = useEmulator();

  test("create answers the recorded shape: unverified custom domain, DKIM/SPF/CNAME and two MX records", async () => {
    const name = domainName();
    const res = await h.us.post("/v4/domains", { name, spam_action: "tag", wildcard: "false", smtp_password: "" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const { message, domain, receiving_dns_records, sending_dns_records } = res.body;
    expect(message).toBe("Domain DNS records have been created");
    expect(domain).toMatchObject({
      name, state: "unverified", type: "custom", spam_action: "tag", wildcard: false, is_disabled: false,
      smtp_login: `postmaster@${name}`, web_prefix: "email", web_scheme: "http", require_tls: false,
      skip_verification: false, use_automatic_sender_security: false, encrypt_incoming_message: false, message_ttl: 0,
    });
    expect(domain.id).toMatch(/^[0-9a-f]{24}$/);
    expect(domain.created_at).toMatch(RFC1123);
    expect(receiving_dns_records).toEqual([
      { is_active: true, cached: [], priority: "10", record_type: "MX", valid: "unknown", value: "mxa.mailgun.org" },
      { is_active: true, cached: [], priority: "10", record_type: "MX", valid: "unknown", value: "mxb.mailgun.org" },
    ]);
    expect(sending_dns_records.map((r: any) => [r.record_type, r.name])).toEqual([
      ["TXT", `k1._domainkey.${name}`], ["TXT", name], ["CNAME", `email.${name}`],
    ]);
    expect(sending_dns_records[0]).toMatchObject({ is_active: false, valid: "unknown", cached: [] });
    expect(sending_dns_records[0].value).toMatch(/^k=rsa; p=MIGfMA0G/);
    expect(sending_dns_records[1].value).toBe("v=spf1 include:mailgun.org ~all");
    expect(sending_dns_records[2].value).toBe("mailgun.org");
  });

  test("get, v3 get and h:with_dns=false", async () => {
    const name = await createDomain(h.us);
    const v4 = await h.us.get(`/v4/domains/${name}`);
    expect(Object.keys(v4.body)).toEqual(["domain", "receiving_dns_records", "sending_dns_records"]);
    const v3 = await h.us.get(`/v3/domains/${name.toUpperCase()}`);
    expect(v3.body).toEqual(v4.body);
    const bare = await h.us.get(`/v4/domains/${name}`, { query: { "h:with_dns": "false" } });
    expect(Object.keys(bare.body)).toEqual(["domain"]);
    const missing = await h.us.get("/v4/domains/nope.example.test");
    expect([missing.status, missing.body]).toEqual([404, { message: "Domain not found" }]);
  });

  test("create options: selector, key size, web prefix/scheme, TLS, TTL", async () => {
    const name = domainName();
    const res = await h.us.post("/v4/domains", {
      name, dkim_selector: "mx1", dkim_key_size: "2048", web_prefix: "track", web_scheme: "https",
      require_tls: "yes", skip_verification: "true", message_ttl: "3600", force_dkim_authority: "true",
    }, { multipart: true });
    expect(res.status).toBe(200);
    expect(res.body.domain).toMatchObject({ web_prefix: "track", web_scheme: "https", require_tls: true, skip_verification: true, message_ttl: 3600 });
    const names = res.body.sending_dns_records.map((r: any) => r.name);
    expect(names).toEqual([`mx1._domainkey.${name}`, name, `track.${name}`]);
    // 2048-bit SPKI keys start with MIIBIjAN.
    expect(res.body.sending_dns_records[0].value).toMatch(/^k=rsa; p=MIIBIjAN/);
    const state = await h.control.state();
    expect(state.us.domains[0]).toMatchObject({ dkim_selector: "mx1", dkim_key_size: 2048, force_dkim_authority: true });
  });

  test("create validation: missing name, bad values, taken name, password length", async () => {
    expect((await h.us.post("/v4/domains", { spam_action: "tag" })).body).toEqual({ message: "Missing parameter 'name'" });
    const bad = await h.us.post("/v4/domains", { name: "not a domain" });
    expect(bad.status).toBe(400);
    expect((await h.us.post("/v4/domains", { name: domainName(), spam_action: "explode" })).status).toBe(400);
    expect((await h.us.post("/v4/domains", { name: domainName(), wildcard: "maybe" })).status).toBe(400);
    expect((await h.us.post("/v4/domains", { name: domainName(), dkim_selector: "a.b" })).status).toBe(400);
    const short = await h.us.post("/v4/domains", { name: domainName(), smtp_password: "abc" });
    expect([short.status, short.body.message]).toEqual([400, "Password is too short. It must be between 5 and 32 characters."]);
    const long = await h.us.post("/v4/domains", { name: domainName(), smtp_password: "x".repeat(33) });
    expect(long.status).toBe(400);
    const name = await createDomain(h.us);
    const again = await h.us.post("/v4/domains", { name });
    expect([again.status, again.body]).toEqual([400, { message: "This domain name is already taken" }]);
    const v3 = await h.us.post("/v3/domains", { name: name.toUpperCase() });
    expect(v3.body).toEqual({ message: "This domain name is already taken" });
    expect((await h.control.state()).us.domains).toHaveLength(1);
  });

  test("v3 create uses the legacy message", async () => {
    const res = await h.us.post("/v3/domains", { name: domainName() });
    expect(res.body.message).toBe("Domain has been created");
  });

  test("update changes only what is sent and answers SPF first, as recorded", async () => {
    const name = await createDomain(h.us, domainName(), { spam_action: "tag" });
    const res = await h.us.put(`/v4/domains/${name}`, { spam_action: "block", web_scheme: "https", wildcard: "true" });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe("Domain has been updated");
    expect(res.body.domain).toMatchObject({ spam_action: "block", web_scheme: "https", wildcard: true, require_tls: false });
    expect(res.body.sending_dns_records.map((r: any) => r.value.slice(0, 6))).toEqual(["v=spf1", "k=rsa;", "mailgu"]);
    const tls = await h.us.put(`/v4/domains/${name}`, { require_tls: "true", skip_verification: "true", web_prefix: "t" });
    expect(tls.body.domain).toMatchObject({ require_tls: true, skip_verification: true, spam_action: "block", web_prefix: "t" });
    expect((await h.us.get(`/v3/domains/${name}/connection`)).body).toEqual({ require_tls: true, skip_verification: true });
    const v3 = await h.us.put(`/v3/domains/${name}`, { wildcard: "no" });
    expect(v3.body.domain.wildcard).toBe(false);
    expect((await h.us.put("/v4/domains/nope.example.test", { wildcard: "true" })).status).toBe(404);
  });

  test("smtp_password manages postmaster@domain", async () => {
    const name = await createDomain(h.us, domainName(), { smtp_password: "first-pass" });
    let state = await h.control.state();
    expect(state.us.credentials[name]).toEqual([`postmaster@${name}`]);
    const same = await h.us.put(`/v4/domains/${name}`, { smtp_password: "first-pass" });
    expect([same.status, same.body]).toEqual([400, { message: "New password cannot be the same as old password." }]);
    expect((await h.us.put(`/v4/domains/${name}`, { smtp_password: "abc" })).status).toBe(400);
    expect((await h.us.put(`/v4/domains/${name}`, { smtp_password: "second-pass" })).status).toBe(200);
    const plain = await createDomain(h.us);
    state = await h.control.state();
    expect(state.us.credentials[plain]).toBeUndefined();
  });

  test("list: skip, limit, search, state, sort, newest first by default", async () => {
    const names = [domainName("alpha"), domainName("bravo"), domainName("charlie")];
    for (const n of names) await createDomain(h.us, n);
    const all = await h.us.get("/v4/domains");
    expect(all.body.total_count).toBe(3);
    expect(all.body.items.map((d: any) => d.name)).toEqual([...names].reverse());
    const page = await h.us.get("/v4/domains", { query: { skip: 1, limit: 1 } });
    expect(page.body.total_count).toBe(3);
    expect(page.body.items.map((d: any) => d.name)).toEqual([names[1]]);
    const search = await h.us.get("/v4/domains", { query: { search: "bravo" } });
    expect(search.body.items.map((d: any) => d.name)).toEqual([names[1]]);
    expect((await h.us.get("/v4/domains", { query: { state: "active" } })).body).toEqual({ total_count: 0, items: [] });
    const sorted = await h.us.get("/v3/domains", { query: { sort: "name:desc" } });
    expect(sorted.body.items.map((d: any) => d.name)).toEqual([...names].sort().reverse());
    expect((await h.us.get("/v4/domains", { query: { state: "bogus" } })).status).toBe(400);
    expect(all.body.items[0]).not.toHaveProperty("sending_dns_records");
  });

  test("delete answers in the background and frees the name", async () => {
    const name = await createDomain(h.us);
    const res = await h.us.delete(`/v3/domains/${name}`);
    expect([res.status, res.body]).toEqual([200, { message: "Domain will be deleted in the background" }]);
    expect((await h.us.get(`/v4/domains/${name}`)).status).toBe(404);
    expect((await h.us.delete(`/v3/domains/${name}`)).body).toEqual({ message: "Domain not found" });
    expect((await h.us.post("/v4/domains", { name })).status).toBe(200);
  });

  test("EU domains point at the EU hosts", async () => {
    const name = await createDomain(h.eu);
    const res = await h.eu.get(`/v4/domains/${name}`);
    expect(res.body.receiving_dns_records.map((r: any) => r.value)).toEqual(["mxa.eu.mailgun.org", "mxb.eu.mailgun.org"]);
    expect(res.body.sending_dns_records[1].value).toBe("v=spf1 include:eu.mailgun.org ~all");
    expect(res.body.sending_dns_records[2].value).toBe("eu.mailgun.org");
  });
});
