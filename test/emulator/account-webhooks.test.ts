import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAccountWebhook, getAccountWebhook } from "../../emulator/models/account-webhooks";
import { contextFor } from "../../emulator/models/context";
import { load, serialize } from "../../emulator/persistence";
import { World } from "../../emulator/store";
import { useEmulator } from "./helpers/harness";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe("account-level webhooks (/v1/webhooks)", () => {
  const h = useEmulator();

  test("create, get, list (with filter), replace (204), delete (204), per region", async () => {
    const created = await h.us.post("/v1/webhooks", { url: "https://hooks.example.com/a", event_types: ["delivered", "opened"], description: "prod" }, { multipart: true });
    expect([created.status, Object.keys(created.body)]).toEqual([200, ["webhook_id"]]);
    const id: string = created.body.webhook_id;
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    const got = await h.us.get(`/v1/webhooks/${id}`);
    expect(got.body).toEqual({ webhook_id: id, description: "prod", url: "https://hooks.example.com/a", event_types: ["delivered", "opened"], created_at: expect.stringMatching(RFC3339) });
    expect(Object.keys(got.body)).toEqual(["webhook_id", "description", "url", "event_types", "created_at"]);

    const other = (await h.us.post("/v1/webhooks", { url: "https://hooks.example.com/b", event_types: "clicked" })).body.webhook_id;
    expect((await h.us.get("/v1/webhooks")).body.webhooks.map((w: any) => w.webhook_id).sort()).toEqual([id, other].sort());
    expect((await h.us.get("/v1/webhooks", { query: { webhook_ids: other } })).body.webhooks.map((w: any) => w.webhook_id)).toEqual([other]);
    // Regions are independent.
    expect((await h.eu.get("/v1/webhooks")).body).toEqual({ webhooks: [] });
    expect((await h.eu.get(`/v1/webhooks/${id}`)).status).toBe(404);

    const replaced = await h.us.put(`/v1/webhooks/${id}`, { url: "https://hooks.example.com/a2", event_types: ["complained"] }, { multipart: true });
    expect([replaced.status, replaced.text]).toEqual([204, ""]);
    // A full replacement: the description left out becomes empty, the id stays.
    expect((await h.us.get(`/v1/webhooks/${id}`)).body).toMatchObject({ webhook_id: id, url: "https://hooks.example.com/a2", event_types: ["complained"], description: "" });

    const deleted = await h.us.delete(`/v1/webhooks/${id}`);
    expect([deleted.status, deleted.text]).toEqual([204, ""]);
    const missing = await h.us.get(`/v1/webhooks/${id}`);
    expect([missing.status, missing.body]).toEqual([404, { Description: "webhook not found" }]);
    const again = await h.us.delete(`/v1/webhooks/${id}`);
    expect([again.status, again.body]).toEqual([404, { Description: `webhook_id not found: ${id}` }]);
    expect((await h.control.state()).us.accountWebhooks.map((w: any) => w.webhook_id)).toEqual([other]);
  });

  test("errors in the spec's shapes: Field/Value, Description, 404 for a bad event type, 409 conflicts", async () => {
    const post = (form: Record<string, string | string[]>) => h.us.post("/v1/webhooks", form);
    expect((await post({ event_types: "delivered" })).body).toEqual({ Field: "url", Value: "missing or invalid url parameter" });
    expect((await post({ url: "ftp://x.example.com", event_types: "delivered" })).status).toBe(400);
    expect((await post({ url: "https://x.example.com" })).body).toMatchObject({ Field: "event_types" });
    const dup = await post({ url: "https://x.example.com", event_types: ["accepted", "accepted"] });
    expect([dup.status, dup.body]).toEqual([400, { Field: "event_types", Value: "duplicate event types: 'accepted'" }]);
    const bad = await post({ url: "https://x.example.com", event_types: "invalid_type" });
    expect([bad.status, bad.body]).toEqual([404, { Description: "event_type 'invalid_type' is invalid" }]);

    // One URL per event type across the region's account webhooks; at most 3 URLs per event type.
    await post({ url: "https://1.example.com", event_types: ["delivered"] });
    const same = await post({ url: "https://1.example.com", event_types: ["opened", "delivered"] });
    expect([same.status, same.body]).toEqual([409, { Description: "url https://1.example.com already exists for event type delivered" }]);
    expect((await post({ url: "https://1.example.com", event_types: ["opened"] })).status).toBe(200);
    await post({ url: "https://2.example.com", event_types: ["delivered"] });
    const third = (await post({ url: "https://3.example.com", event_types: ["delivered"] })).body.webhook_id;
    const fourth = await post({ url: "https://4.example.com", event_types: ["delivered"] });
    expect([fourth.status, fourth.body]).toEqual([409, { Description: "unable to add more than 3 urls for event type delivered" }]);
    // A replace is checked against the others, not against itself.
    expect((await h.us.put(`/v1/webhooks/${third}`, { url: "https://3.example.com", event_types: ["delivered", "clicked"] })).status).toBe(204);
    expect((await h.us.put(`/v1/webhooks/${third}`, { url: "https://1.example.com", event_types: ["delivered"] })).status).toBe(409);
    const unknown = await h.us.put("/v1/webhooks/507f1f77bcf86cd799439011", { url: "https://x.example.com", event_types: ["delivered"] });
    expect([unknown.status, unknown.body]).toEqual([404, { Description: "webhook_id not found: 507f1f77bcf86cd799439011" }]);
    const malformed = await h.us.delete("/v1/webhooks/nope");
    expect([malformed.status, malformed.body]).toEqual([400, { Field: "webhook_id", Value: "is not valid" }]);
  });

  test("bulk delete by ids or all=true", async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await h.us.post("/v1/webhooks", { url: `https://${n}.example.com`, event_types: "delivered" })).body.webhook_id);
    expect((await h.us.delete("/v1/webhooks", { query: { webhook_ids: "" } })).body.message).toMatch(/empty values not allowed/);
    expect((await h.us.delete("/v1/webhooks")).status).toBe(400);
    expect((await h.us.delete("/v1/webhooks", { query: { webhook_ids: ids[0] } })).status).toBe(204);
    expect((await h.us.get("/v1/webhooks")).body.webhooks).toHaveLength(2);
    expect((await h.us.delete("/v1/webhooks", { query: { all: "true" } })).status).toBe(204);
    const none = await h.us.delete("/v1/webhooks", { query: { all: "true" } });
    expect([none.status, none.body]).toEqual([404, { Description: "no webhooks found for account" }]);
  });

  test("eventual consistency: a new webhook reads as 404 until it settles", async () => {
    await h.control.knobs({ consistencyDelayMs: 300 });
    const id = (await h.us.post("/v1/webhooks", { url: "https://slow.example.com", event_types: "delivered" })).body.webhook_id;
    expect((await h.us.get(`/v1/webhooks/${id}`)).status).toBe(404);
    expect((await h.us.get("/v1/webhooks")).body.webhooks).toEqual([]);
    await new Promise((r) => setTimeout(r, 350));
    expect((await h.us.get(`/v1/webhooks/${id}`)).status).toBe(200);
  });

  test("persist through the data file", () => {
    const source = new World();
    const made = createAccountWebhook(contextFor(source, "eu"), { url: "https://kept.example.com", event_types: ["opened"], description: "d" });
    const file = join(mkdtempSync(join(tmpdir(), "account-webhooks-")), "data.json");
    writeFileSync(file, serialize(source));
    const world = new World();
    expect(load(world, file)).toBe(true);
    expect(getAccountWebhook(contextFor(world, "eu"), made.webhook_id)).toEqual(made);
    expect(world.regions.us.accountWebhooks.size).toBe(0);
  });
});
