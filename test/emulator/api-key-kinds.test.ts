/** `/v1/keys` beyond domain sending keys: user and web keys, their user fields, and keys disabled in the dashboard. */
import Mailgun from "mailgun.js";
import { useEmulator } from "./helpers/harness";

describe("API keys of every kind", () => {
  const h = useEmulator();

  test("web keys: user fields kept (user_id never shown), validity capped at one day", async () => {
    const created = await h.us.post("/v1/keys", { role: "basic", kind: "web", email: "jane@example.com", user_id: "u-42", user_name: "Jane", expiration: "604800" }, { multipart: true });
    expect(created.status).toBe(200);
    const { key } = created.body;
    expect(key).toMatchObject({ kind: "web", role: "basic", requestor: "jane@example.com", user_name: "Jane", domain_name: null, is_disabled: false });
    expect(key).not.toHaveProperty("user_id");
    const day = Date.parse(`${key.expires_at}Z`) - Date.parse(`${key.created_at}Z`);
    expect(day).toBe(86_400_000);
    const web = await h.us.get("/v1/keys", { query: { kind: "web" } });
    expect(web.body.items.map((k: any) => k.id)).toEqual([key.id]);
  });

  test("a key disabled in the dashboard (control API) is listed as disabled, with its reason, and stops authenticating", async () => {
    const { key } = (await h.us.post("/v1/keys", { role: "developer", description: "ci" })).body;
    const as = (secret: string) => h.us.get("/v1/keys", { key: secret });
    expect((await as(key.secret)).status).toBe(200);
    expect(await h.control.call("PUT", `keys/${key.id}`, { is_disabled: true, disabled_reason: "leaked" })).toEqual({ id: key.id, is_disabled: true, disabled_reason: "leaked" });
    const listed = (await h.us.get("/v1/keys", { query: { kind: "user" } })).body.items.find((k: any) => k.id === key.id);
    expect(listed).toMatchObject({ is_disabled: true, disabled_reason: "leaked" });
    expect((await as(key.secret)).status).toBe(401);
    await h.control.call("PUT", `keys/${key.id}`, { is_disabled: false });
    expect((await h.us.get("/v1/keys", { query: { kind: "user" } })).body.items.find((k: any) => k.id === key.id)).not.toHaveProperty("disabled_reason");
    expect((await as(key.secret)).status).toBe(200);
    await expect(h.control.call("PUT", "keys/00000000-00000000", {})).rejects.toMatchObject({ status: 404 });
  });

  test("mailgun.js creates, lists and deletes user and web keys", async () => {
    jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const mg: any = new Mailgun(FormData).client({ username: "api", key: h.emulator.apiKey, url: h.emulator.urls.us });
    const user = (await mg.apiKeys.create({ role: "developer", description: "deploys", expiration: "3600" })).key;
    const web = (await mg.apiKeys.create({ role: "admin", kind: "web", email: "ops@example.com", user_id: "7" })).key;
    expect(user).toMatchObject({ kind: "user", role: "developer", description: "deploys" });
    expect(web).toMatchObject({ kind: "web", requestor: "ops@example.com" });
    const users = await mg.apiKeys.list({ kind: "user" });
    expect(users.items.map((k: any) => k.id)).toContain(user.id);
    expect(users.items.find((k: any) => k.id === user.id).expires_at).toBeInstanceOf(Date);
    expect((await mg.apiKeys.list({ kind: "web" })).items.map((k: any) => k.id)).toEqual([web.id]);
    expect(await mg.apiKeys.destroy(web.id)).toEqual({ status: 200, message: "key deleted" });
    expect(await mg.apiKeys.destroy(user.id)).toEqual({ status: 200, message: "key deleted" });
  });
});
