import { keyIdOf } from "../../emulator/formats";
import { createDomain, useEmulator } from "./helpers/harness";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

describe("API keys", () => {
  const h = useEmulator();

  test("list shows the primary key without secrets", async () => {
    const res = await h.us.get("/v1/keys");
    expect(res.body.total_count).toBe(1);
    expect(res.body.items[0]).toMatchObject({ id: keyIdOf(h.emulator.apiKey), kind: "user", role: "admin", domain_name: null });
    expect(JSON.stringify(res.body)).not.toContain(h.emulator.apiKey);
  });

  test("domain sending key: nested create answer, secret once, id = secret tail, filters, delete", async () => {
    const d = await createDomain(h.us);
    const created = await h.us.post("/v1/keys", { kind: "domain", role: "sending", domain_name: d, description: "ci" }, { multipart: true });
    expect(created.status).toBe(200);
    const { key } = created.body;
    expect(Object.keys(created.body)).toEqual(["message", "key"]);
    expect(key).toMatchObject({ kind: "domain", role: "sending", domain_name: d, description: "ci", is_disabled: false, requestor: null, user_name: null });
    expect(key.secret).toMatch(/^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(key.id).toBe(keyIdOf(key.secret));
    expect(key.created_at).toMatch(ISO);

    const domainKeys = await h.us.get("/v1/keys", { query: { kind: "domain", domain_name: d } });
    expect(domainKeys.body.items.map((k: any) => k.id)).toEqual([key.id]);
    expect(domainKeys.body.items[0]).not.toHaveProperty("secret");
    expect((await h.us.get("/v1/keys", { query: { kind: "user" } })).body.total_count).toBe(1);
    const badKind = await h.us.get("/v1/keys", { query: { kind: "robot" } });
    expect([badKind.status, badKind.body]).toEqual([400, { message: "expected `kind` param to be one of [domain user web] or absent" }]);

    expect((await h.us.delete(`/v1/keys/${key.id}`)).body).toEqual({ message: "key deleted" });
    const gone = await h.us.delete(`/v1/keys/${key.id}`);
    expect([gone.status, gone.body]).toEqual([404, { message: "no key matching id" }]);
    expect((await h.us.get(`/v1/keys/${key.id}`)).status).toBe(404); // no get-by-id: HTML 404
  });

  test("user keys with an expiry; validation", async () => {
    const created = await h.us.post("/v1/keys", { role: "developer", expiration: "3600", description: "dev" });
    expect(created.body.key.kind).toBe("user");
    expect(created.body.key.expires_at).toMatch(ISO);
    expect((await h.us.post("/v1/keys", { kind: "user" })).body).toEqual({ message: "Missing parameter 'role'" });
    expect((await h.us.post("/v1/keys", { role: "boss" })).status).toBe(400);
    expect((await h.us.post("/v1/keys", { role: "sending", kind: "user" })).status).toBe(400);
    expect((await h.us.post("/v1/keys", { role: "sending", kind: "domain" })).body).toEqual({ message: "Missing parameter 'domain_name'" });
    expect((await h.us.post("/v1/keys", { role: "sending", kind: "domain", domain_name: "nope.example.test" })).status).toBe(404);
  });
});
