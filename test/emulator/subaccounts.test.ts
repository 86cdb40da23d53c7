/**
 * Subaccounts (`/v5/accounts/subaccounts`) and `X-Mailgun-On-Behalf-Of`: shapes are the spec's
 * examples (checked against its schemas by the harness); the answer to an unknown or disabled
 * subaccount in the header is our choice (403 `{"message":"Forbidden"}`, the spec's 403 of the
 * one operation that documents the header).
 */
import Mailgun from "mailgun.js";
import { domainName, useEmulator } from "./helpers/harness";

const SUBS = "/v5/accounts/subaccounts";
const onBehalfOf = (id: string) => ({ headers: { "x-mailgun-on-behalf-of": id } });

describe("subaccounts", () => {
  const h = useEmulator();

  test("create, get, list (filter, sort, enabled), disable, enable", async () => {
    const a = await h.us.post(SUBS, undefined, { query: { name: "Team B" } });
    expect(a.status).toBe(200);
    expect(a.body.subaccount).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), name: "Team B", status: "open", created_at: expect.stringMatching(/GMT$/), updated_at: expect.any(String) });
    const b = (await h.us.post(SUBS, { name: "Team A" })).body.subaccount;
    expect((await h.us.get(`${SUBS}/${a.body.subaccount.id}`)).body).toEqual({ subaccount: a.body.subaccount });
    expect((await h.us.get(SUBS, { query: { sort: "asc" } })).body).toEqual({ subaccounts: [b, a.body.subaccount], total: 2 });
    expect((await h.us.get(SUBS, { query: { filter: "team a" } })).body.subaccounts.map((s: any) => s.name)).toEqual(["Team A"]);
    const disabled = await h.us.post(`${SUBS}/${b.id}/disable`);
    expect([disabled.status, disabled.body.subaccount.status]).toEqual([200, "disabled"]);
    expect([(await h.us.post(`${SUBS}/${b.id}/disable`)).status, (await h.us.post(`${SUBS}/${b.id}/disable`)).body]).toEqual([400, { message: "subaccount is already disabled" }]);
    expect((await h.us.get(SUBS, { query: { enabled: "true" } })).body.subaccounts.map((s: any) => s.name)).toEqual(["Team B"]);
    expect((await h.us.post(`${SUBS}/${b.id}/enable`)).body.subaccount.status).toBe("open");
    expect([(await h.us.get(`${SUBS}/000000000000000000000000`)).status, (await h.us.get(`${SUBS}/000000000000000000000000`)).body]).toEqual([404, { message: "Not Found" }]);
    expect((await h.us.post(SUBS)).status).toBe(400);
  });

  test("the header acts on the subaccount's own objects, in every region; unknown or disabled: 403", async () => {
    const sub = (await h.us.post(SUBS, { name: "child" })).body.subaccount.id as string;
    const parentDomain = domainName("parent");
    const childDomain = domainName("child");
    expect((await h.us.post("/v4/domains", { name: parentDomain })).status).toBe(200);
    expect((await h.us.post("/v4/domains", { name: childDomain }, onBehalfOf(sub))).status).toBe(200);
    const names = async (o?: object) => (await h.us.get("/v4/domains", o)).body.items.map((d: any) => d.name);
    expect(await names()).toEqual([parentDomain]);
    expect(await names(onBehalfOf(sub))).toEqual([childDomain]);
    expect((await h.us.get(`/v4/domains/${parentDomain}`, onBehalfOf(sub))).status).toBe(404);
    // Routes, per region too.
    const route = await h.eu.post("/v3/routes", { expression: 'match_recipient("a@x.test")', action: "stop()" }, onBehalfOf(sub));
    expect(route.status).toBe(200);
    expect((await h.eu.get("/v3/routes")).body.total_count).toBe(0);
    expect((await h.eu.get("/v3/routes", onBehalfOf(sub))).body.total_count).toBe(1);
    expect((await h.us.get("/v3/routes", onBehalfOf(sub))).body.total_count).toBe(0);
    // Writes on behalf of a subaccount are writes (request log `applied`).
    expect((await h.control.requests()).find((r: any) => r.path === "/v3/routes" && r.method === "POST").applied).toBe(true);

    const forbidden = await h.us.get("/v4/domains", onBehalfOf("000000000000000000000000"));
    expect([forbidden.status, forbidden.body]).toEqual([403, { message: "Forbidden" }]);
    await h.us.post(`${SUBS}/${sub}/disable`);
    expect((await h.us.get("/v4/domains", onBehalfOf(sub))).status).toBe(403);
    await h.us.post(`${SUBS}/${sub}/enable`);
    expect(await names(onBehalfOf(sub))).toEqual([childDomain]);
    // A bad key is refused before the header is looked at.
    expect((await h.us.get("/v4/domains", { ...onBehalfOf(sub), key: "wrong" })).status).toBe(401);
    // Reset drops the subaccounts with everything else.
    await h.control.call("POST", "reset", {});
    expect((await h.us.get("/v4/domains", onBehalfOf(sub))).status).toBe(403);
  });

  test("mailgun.js: mg.subaccounts and mg.setSubaccount", async () => {
    const mg: any = new Mailgun(FormData).client({ username: "api", key: h.emulator.apiKey, url: h.emulator.urls.us });
    const created = await mg.subaccounts.create("js child");
    expect(created.subaccount).toMatchObject({ name: "js child", status: "open" });
    const id = created.subaccount.id;
    expect((await mg.subaccounts.get(id)).subaccount.name).toBe("js child");
    expect((await mg.subaccounts.list()).subaccounts.map((s: any) => s.id)).toEqual([id]);
    expect((await mg.subaccounts.disable(id)).subaccount.status).toBe("disabled");
    expect((await mg.subaccounts.enable(id)).subaccount.status).toBe("open");
    const name = domainName("js");
    mg.setSubaccount(id);
    await mg.domains.create({ name });
    expect((await mg.domains.list()).map((d: any) => d.name)).toEqual([name]);
    mg.resetSubaccount();
    expect((await mg.domains.list()).map((d: any) => d.name)).toEqual([]);
    expect((await mg.subaccounts.destroy(id)).message).toBe("Subaccount successfully deleted");
    expect((await mg.subaccounts.list()).total).toBe(0);
  });
});
