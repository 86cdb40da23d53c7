import { keyIdOf } from "../../emulator/formats";
import { createDomain, useEmulator } from "./helpers/harness";

describe("authentication", () => {
  const h = useEmulator();

  const expectForbidden = (res: { status: number; text: string; headers: Headers }) => {
    expect(res.status).toBe(401);
    expect(res.text).toBe("Forbidden");
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="MG API"');
  };

  test("missing or wrong key: 401 text/plain Forbidden with Www-Authenticate", async () => {
    expectForbidden(await h.us.get("/v4/domains", { key: null }));
    expectForbidden(await h.us.get("/v4/domains", { key: "0123456789abcdef0123456789abcdef-01234567-89abcdef" }));
    expectForbidden(await h.us.get("/v4/domains", { headers: { authorization: `Basic ${Buffer.from(`user:${h.emulator.apiKey}`).toString("base64")}` }, key: null }));
    expectForbidden(await h.eu.post("/v3/routes", { expression: "catch_all()" }, { key: "nope" }));
  });

  test("authenticated answers carry X-Mailgun-Key-Id, the tail of the secret", async () => {
    const res = await h.us.get("/v4/domains");
    expect(res.headers.get("x-mailgun-key-id")).toBe(keyIdOf(h.emulator.apiKey));
    const missing = await h.us.get("/v4/domains/nope.example.test");
    expect(missing.headers.get("x-mailgun-key-id")).toBe(keyIdOf(h.emulator.apiKey));
  });

  test("a domain sending key may only send for its domain; management calls answer 401", async () => {
    const d = await createDomain(h.us);
    const other = await createDomain(h.us);
    const secret = (await h.us.post("/v1/keys", { kind: "domain", role: "sending", domain_name: d })).body.key.secret;
    const sent = await h.us.post(`/v3/${d}/messages`, { from: `me@${d}`, to: "you@example.com", subject: "hi", text: "hello" }, { key: secret });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ id: expect.stringMatching(new RegExp(`^<\\d{14}\\.[0-9a-f]+@${d.replace(/\./g, "\\.")}>$`)), message: "Queued. Thank you." });
    expect(sent.headers.get("x-mailgun-key-id")).toBe(keyIdOf(secret));
    expect((await h.us.post(`/v3/${d}/messages.mime`, { to: "you@example.com", message: "Subject: x\r\n\r\nhi" }, { multipart: true, key: secret })).status).toBe(200);
    expectForbidden(await h.us.post(`/v3/${other}/messages`, { from: `me@${other}`, to: "you@example.com", text: "x" }, { key: secret }));
    expectForbidden(await h.us.get(`/v4/domains/${d}`, { key: secret }));
    expectForbidden(await h.us.get("/v1/keys", { key: secret }));
    expectForbidden(await h.us.put(`/v3/domains/${d}/tracking/open`, { active: "true" }, { key: secret }));
  });

  test("user keys created through /v1/keys work as management keys until deleted or expired", async () => {
    const key = (await h.us.post("/v1/keys", { role: "admin", description: "ops" })).body.key;
    expect((await h.eu.get("/v4/domains", { key: key.secret })).status).toBe(200);
    const basic = (await h.us.post("/v1/keys", { role: "basic", expiration: "1" })).body.key;
    expect((await h.us.get("/v3/routes", { key: basic.secret })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expectForbidden(await h.us.get("/v3/routes", { key: basic.secret }));
    await h.us.delete(`/v1/keys/${key.id}`);
    expectForbidden(await h.us.get("/v4/domains", { key: key.secret }));
  });

  test("messages: validation and unknown domains", async () => {
    const d = await createDomain(h.us);
    const bad = await h.us.post(`/v3/${d}/messages`, { from: "sally@gmail.com", to: "sallygmail.com", subject: "x", text: "y" });
    expect([bad.status, bad.body]).toEqual([400, { message: "to parameter is not a valid address. please check documentation" }]);
    expect((await h.us.post(`/v3/${d}/messages`, { from: `a@${d}`, to: "b@example.com" })).status).toBe(400);
    // 2025 capture: sending through a domain the account lacks is a 401.
    expectForbidden(await h.us.post("/v3/not-our-doma.in/messages", { from: "a@not-our-doma.in", to: "b@example.com", text: "x" }));
  });
});
