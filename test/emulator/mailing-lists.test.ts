/** Mailing lists and members over HTTP (api-notes §7.2; recorded shapes in mailing_list.yml, list_members.yml), and through mailgun.js. */
import Mailgun from "mailgun.js";
import { useEmulator } from "./helpers/harness";

const LIST = "devs@lists.example.test";

describe("mailing lists", () => {
  const h = useEmulator();

  test("create, read, list, update (rename included), delete, with the recorded shapes and messages", async () => {
    const created = await h.us.post("/v3/lists", { address: LIST, name: "Devs", description: "d", access_level: "members" });
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toBe("application/json");
    expect(created.body).toEqual({
      list: { access_level: "members", address: LIST, created_at: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} -0000$/), description: "d", members_count: 0, name: "Devs", reply_preference: "list" },
      message: "Mailing list has been created",
    });
    expect((await h.us.post("/v3/lists", { address: LIST.toUpperCase() })).status).toBe(400);
    expect((await h.us.get(`/v3/lists/${LIST.toUpperCase()}`)).body.list.address).toBe(LIST);
    expect((await h.eu.get(`/v3/lists/${LIST}`)).body).toEqual({ message: `Mailing list ${LIST} not found` });

    expect((await h.us.get("/v3/lists", { query: { limit: 50 } })).body).toMatchObject({ total_count: 1, items: [{ address: LIST }] });
    const pages = await h.us.get("/v3/lists/pages", { query: { limit: 10 } });
    expect(pages.body.items.map((l: any) => l.address)).toEqual([LIST]);
    expect(pages.body.paging.next).toMatch(/\/v3\/lists\/pages\?page=next&address=devs%40lists\.example\.test&limit=10$/);

    const updated = await h.us.put(`/v3/lists/${LIST}`, { name: "Developers", reply_preference: "sender" });
    expect(updated.body).toMatchObject({ list: { name: "Developers", description: "d", access_level: "members", reply_preference: "sender" }, message: "Mailing list has been updated" });
    expect((await h.us.put(`/v3/lists/${LIST}`, { access_level: "all" })).body).toEqual({ message: "Invalid access level 'all'. It can be any of: 'readonly', 'members', 'everyone'." });
    expect((await h.us.put(`/v3/lists/${LIST}`, { reply_preference: "me" })).body).toEqual({ message: "Invalid reply preference 'me'. It can be any of: 'sender', 'list'" });

    await h.us.post(`/v3/lists/${LIST}/members`, { address: "a@example.test" });
    const renamed = await h.us.put(`/v3/lists/${LIST}`, { address: "engineers@lists.example.test" });
    expect(renamed.body.list).toMatchObject({ address: "engineers@lists.example.test", members_count: 1 });
    expect((await h.us.get(`/v3/lists/${LIST}`)).status).toBe(404);
    expect((await h.us.get("/v3/lists/engineers@lists.example.test/members/a@example.test")).status).toBe(200);

    expect((await h.us.delete("/v3/lists/engineers@lists.example.test")).body).toEqual({ address: "engineers@lists.example.test", message: "Mailing list has been removed" });
    expect((await h.us.delete("/v3/lists/engineers@lists.example.test")).status).toBe(404);
  });

  test("members: upsert only when asked, vars as JSON, paging by address, a deleted list takes its members", async () => {
    await h.us.post("/v3/lists", { address: LIST });
    const add = await h.us.post(`/v3/lists/${LIST}/members`, { address: "jane@example.test", name: "Jane", vars: JSON.stringify({ age: 27, tags: ["a"] }), subscribed: "true", upsert: "no" });
    expect(add.body).toEqual({ member: { address: "jane@example.test", name: "Jane", subscribed: true, vars: { age: 27, tags: ["a"] } }, message: "Mailing list member has been created" });
    expect((await h.us.post(`/v3/lists/${LIST}/members`, { address: "jane@example.test" })).body).toEqual({ message: "Address already exists 'jane@example.test'" });
    const upsert = await h.us.post(`/v3/lists/${LIST}/members`, { address: "jane@example.test", name: "Jane D", upsert: "yes" });
    expect(upsert.body.member).toEqual({ address: "jane@example.test", name: "Jane D", subscribed: true, vars: { age: 27, tags: ["a"] } });
    expect((await h.us.post(`/v3/lists/${LIST}/members`, { address: "x@example.test", vars: "{nope" })).status).toBe(400);

    const put = await h.us.put(`/v3/lists/${LIST}/members/jane@example.test`, { subscribed: "false", vars: "{}" });
    expect(put.body).toEqual({ member: { address: "jane@example.test", name: "Jane D", subscribed: false, vars: {} }, message: "Mailing list member has been updated" });
    expect((await h.us.get(`/v3/lists/${LIST}/members/jane@example.test`)).body).toEqual({ member: { address: "jane@example.test", name: "Jane D", subscribed: false, vars: {} } });
    expect((await h.us.get(`/v3/lists/${LIST}/members/nobody@example.test`)).body).toEqual({ message: `Member nobody@example.test of mailing list ${LIST} not found` });

    for (let i = 0; i < 5; i++) await h.us.post(`/v3/lists/${LIST}/members`, { address: `m${i}@example.test` });
    expect((await h.us.get(`/v3/lists/${LIST}`)).body.list.members_count).toBe(6);
    const seen: string[] = [];
    let url: string | undefined = `/v3/lists/${LIST}/members/pages?limit=2`;
    for (let n = 0; url && n < 10; n++) {
      const got = await h.us.get(url);
      expect(got.status).toBe(200);
      if (!got.body.items.length) break;
      seen.push(...got.body.items.map((m: any) => m.address));
      url = new URL(got.body.paging.next).pathname + new URL(got.body.paging.next).search;
    }
    expect(seen).toEqual(["jane@example.test", "m0@example.test", "m1@example.test", "m2@example.test", "m3@example.test", "m4@example.test"]);
    expect((await h.us.get(`/v3/lists/${LIST}/members`, { query: { subscribed: "false" } })).body).toMatchObject({ total_count: 1, items: [{ address: "jane@example.test" }] });
    expect((await h.us.get(`/v3/lists/${LIST}/members/pages`, { query: { limit: 101 } })).status).toBe(400);

    expect((await h.us.delete(`/v3/lists/${LIST}/members/m0@example.test`)).body).toEqual({ member: { address: "m0@example.test" }, message: "Mailing list member has been deleted" });
    expect((await h.us.delete(`/v3/lists/${LIST}/members/m0@example.test`)).status).toBe(404);
    await h.us.delete(`/v3/lists/${LIST}`);
    await h.us.post("/v3/lists", { address: LIST });
    expect((await h.us.get(`/v3/lists/${LIST}/members/jane@example.test`)).status).toBe(404);
    expect((await h.us.get(`/v3/lists/${LIST}`)).body.list.members_count).toBe(0);
    expect((await h.us.delete("/v3/lists/other@lists.example.test/members/jane@example.test")).body).toEqual({ message: "Mailing list other@lists.example.test not found" });
  });

  test("mailgun.js lists and members clients work unchanged", async () => {
    jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const mg: any = new Mailgun(FormData).client({ username: "api", key: h.emulator.apiKey, url: h.emulator.urls.us });
    const list = await mg.lists.create({ address: LIST, name: "Devs", access_level: "everyone" });
    expect(list).toMatchObject({ address: LIST, name: "Devs", access_level: "everyone", members_count: 0 });
    expect(await mg.lists.get(LIST)).toMatchObject({ address: LIST });
    expect((await mg.lists.list({ limit: 10 })).items.map((l: any) => l.address)).toEqual([LIST]);
    expect(await mg.lists.update(LIST, { description: "all devs" })).toMatchObject({ description: "all devs" });

    const m = mg.lists.members;
    expect(await m.createMember(LIST, { address: "bob@example.test", name: "Bob", vars: { team: "core" }, subscribed: true })).toEqual({ address: "bob@example.test", name: "Bob", subscribed: true, vars: { team: "core" } });
    await m.createMember(LIST, { address: "ann@example.test", subscribed: false });
    expect(await m.getMember(LIST, "bob@example.test")).toMatchObject({ name: "Bob" });
    const first = await m.listMembers(LIST, { limit: 1 });
    expect(first.items.map((x: any) => x.address)).toEqual(["ann@example.test"]);
    const next = await m.listMembers(LIST, { limit: 1, page: first.pages.next.page });
    expect(next.items.map((x: any) => x.address)).toEqual(["bob@example.test"]);
    expect((await m.listMembersByAddress(LIST, { limit: 10 })).total_count).toBe(2);
    expect(await m.updateMember(LIST, "bob@example.test", { subscribed: false, vars: { team: "infra" } })).toMatchObject({ subscribed: false, vars: { team: "infra" } });
    await expect(m.createMember(LIST, { address: "bob@example.test" })).rejects.toMatchObject({ status: 400 });
    expect(await m.createMember(LIST, { address: "bob@example.test", name: "Robert", upsert: "yes" })).toMatchObject({ name: "Robert", vars: { team: "infra" } });
    expect(await m.destroyMember(LIST, "ann@example.test")).toEqual({ member: { address: "ann@example.test" }, message: "Mailing list member has been deleted" });
    expect(await mg.lists.destroy(LIST)).toEqual({ address: LIST, message: "Mailing list has been removed" });
    await expect(mg.lists.get(LIST)).rejects.toMatchObject({ status: 404 });
  });
});
