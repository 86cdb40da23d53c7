/**
 * A domain's suppressions: bounces, unsubscribes, complaints and the allowlist. Messages and
 * shapes as mailgun-ruby's recordings (bounces.yml, unsubscribes.yml, complaints.yml,
 * suppressions.yml) and the spec show them; every answer is also checked against the spec's
 * schemas (with the timestamp override in helpers/contract.ts).
 */
import Mailgun from "mailgun.js";
import { createDomain, useEmulator } from "./helpers/harness";

const TIME = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} UTC$/;

describe("suppressions", () => {
  const h = useEmulator();
  const json = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const postJson = async (path: string, body: unknown) => {
    const res = await fetch(new URL(path, h.emulator.urls.us), { method: "POST", ...json(body), headers: { ...json(body).headers, authorization: `Basic ${Buffer.from(`api:${h.emulator.apiKey}`).toString("base64")}` } });
    return { status: res.status, body: await res.json() };
  };

  test("bounces: add one (form), read, overwrite, list, delete; 404 wording", async () => {
    const d = await createDomain(h.us);
    const added = await h.us.post(`/v3/${d}/bounces`, { address: "Alice@Example.com", code: "550", error: "No such mailbox" });
    expect([added.status, added.body]).toEqual([200, { address: "Alice@Example.com", message: "Address has been added to the bounces table" }]);
    // Looked up without regard to case; kept as written.
    const got = await h.us.get(`/v3/${d}/bounces/alice@example.com`);
    expect(got.body).toEqual({ address: "Alice@Example.com", code: "550", error: "No such mailbox", created_at: expect.stringMatching(TIME) });
    // Defaults: code 550, error "". A POST of a listed address overwrites it.
    await h.us.post(`/v3/${d}/bounces`, { address: "bob@example.com" });
    expect((await h.us.get(`/v3/${d}/bounces/bob@example.com`)).body).toMatchObject({ code: "550", error: "" });
    await h.us.post(`/v3/${d}/bounces`, { address: "bob@example.com", code: "554", error: "rejected" });
    expect((await h.us.get(`/v3/${d}/bounces/bob@example.com`)).body).toMatchObject({ code: "554", error: "rejected" });
    const list = await h.us.get(`/v3/${d}/bounces`);
    expect(list.body.items.map((b: { address: string }) => b.address)).toEqual(["Alice@Example.com", "bob@example.com"]);
    expect(list.body.paging.next).toBe(`${h.emulator.urls.us}/v3/${d}/bounces?page=next&address=bob%40example.com&limit=100&term=`);
    const removed = await h.us.delete(`/v3/${d}/bounces/alice@example.com`);
    expect(removed.body).toEqual({ address: "Alice@Example.com", message: "Bounced address has been removed" });
    const gone = await h.us.get(`/v3/${d}/bounces/alice@example.com`);
    expect([gone.status, gone.body]).toEqual([404, { message: "Address not found in bounces table" }]);
    expect((await h.us.delete(`/v3/${d}/bounces/alice@example.com`)).status).toBe(404);
    expect((await h.us.post(`/v3/${d}/bounces`, { code: "550" })).body).toEqual({ message: "Missing mandatory parameter: address" });
    // An unknown domain, or the other region's host.
    expect((await h.us.get("/v3/nowhere.example.test/bounces")).status).toBe(404);
    expect((await h.eu.get(`/v3/${d}/bounces/bob@example.com`)).status).toBe(404);
  });

  test("JSON batches of up to 1000; paging by pivot address", async () => {
    const d = await createDomain(h.us);
    const many = Array.from({ length: 25 }, (_, i) => ({ address: `user${String(i).padStart(2, "0")}@example.com`, code: "550", error: "bulk" }));
    expect(await postJson(`/v3/${d}/bounces`, many)).toEqual({ status: 200, body: { message: "25 addresses have been added to the bounces table" } });
    expect(await postJson(`/v3/${d}/complaints`, [{ address: "c@example.com" }])).toEqual({ status: 200, body: { message: "1 complaint addresses have been added to the complaints table" } });
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ address: `x${i}@example.com` }));
    expect(await postJson(`/v3/${d}/bounces`, tooMany)).toEqual({ status: 400, body: { message: "Batch size should be less than 1000" } });
    const seen: string[] = [];
    let page = await h.us.get(`/v3/${d}/bounces`, { query: { limit: "10" } });
    while (page.body.items.length) {
      seen.push(...page.body.items.map((b: { address: string }) => b.address));
      page = await h.us.get(new URL(page.body.paging.next).pathname + new URL(page.body.paging.next).search);
    }
    expect(seen).toEqual(many.map((b) => b.address));
    expect((await h.us.get(`/v3/${d}/bounces`, { query: { term: "user1" } })).body.items).toHaveLength(10);
    expect((await h.us.get(`/v3/${d}/bounces`, { query: { limit: "1001" } })).status).toBe(400);
  });

  test("unsubscribes: tags default to *, a POST adds tags, DELETE ?tag= removes one", async () => {
    const d = await createDomain(h.us);
    const added = await h.us.post(`/v3/${d}/unsubscribes`, { address: "a@example.com", tag: "*" });
    expect(added.body).toEqual({ address: "a@example.com", message: "Address has been added to the unsubscribes table" });
    expect((await h.us.get(`/v3/${d}/unsubscribes/a@example.com`)).body).toEqual({ address: "a@example.com", tags: ["*"], created_at: expect.stringMatching(TIME) });
    await h.us.post(`/v3/${d}/unsubscribes`, { address: "b@example.com" });
    expect((await h.us.get(`/v3/${d}/unsubscribes/b@example.com`)).body.tags).toEqual(["*"]);
    // Tags accumulate: each unsubscribe adds its tag to the address's record.
    await h.us.post(`/v3/${d}/unsubscribes`, { address: "c@example.com", tag: "news" });
    await postJson(`/v3/${d}/unsubscribes`, [{ address: "c@example.com", tags: ["promo", "news"] }]);
    expect((await h.us.get(`/v3/${d}/unsubscribes/c@example.com`)).body.tags).toEqual(["news", "promo"]);
    const untagged = await h.us.delete(`/v3/${d}/unsubscribes/c@example.com`, { query: { tag: "news" } });
    expect(untagged.body).toEqual({ address: "c@example.com", message: "Unsubscribe event has been removed" });
    expect((await h.us.get(`/v3/${d}/unsubscribes/c@example.com`)).body.tags).toEqual(["promo"]);
    const noTag = await h.us.delete(`/v3/${d}/unsubscribes/c@example.com`, { query: { tag: "news" } });
    expect([noTag.status, noTag.body]).toEqual([404, { message: "Unsubscribe event for this tag does not exist" }]);
    // The last tag removed removes the record.
    await h.us.delete(`/v3/${d}/unsubscribes/c@example.com`, { query: { tag: "promo" } });
    expect((await h.us.get(`/v3/${d}/unsubscribes/c@example.com`)).body).toEqual({ message: "Address not found in unsubscribers table" });
    // Without a tag the whole record goes.
    await h.us.delete(`/v3/${d}/unsubscribes/a@example.com`);
    expect((await h.us.get(`/v3/${d}/unsubscribes/a@example.com`)).status).toBe(404);
  });

  test("complaints and the allowlist", async () => {
    const d = await createDomain(h.us);
    expect((await h.us.post(`/v3/${d}/complaints`, { address: "x@example.com" })).body).toEqual({ address: "x@example.com", message: "Address has been added to the complaints table" });
    expect((await h.us.get(`/v3/${d}/complaints/x@example.com`)).body).toEqual({ address: "x@example.com", created_at: expect.stringMatching(TIME) });
    expect((await h.us.delete(`/v3/${d}/complaints/x@example.com`)).body).toEqual({ address: "x@example.com", message: "Spam complaint has been removed" });
    expect((await h.us.get(`/v3/${d}/complaints/x@example.com`)).body).toEqual({ message: "No spam complaints found for this address" });

    expect((await h.us.post(`/v3/${d}/whitelists`, { domain: "partner.example" })).body).toEqual({ message: "Address/Domain has been added to the allowlists table", type: "domain", value: "partner.example" });
    // `address` wins over `domain` (spec).
    expect((await h.us.post(`/v3/${d}/whitelists`, { address: "qa@example.com", domain: "ignored.example" }, { multipart: true })).body).toMatchObject({ type: "address", value: "qa@example.com" });
    expect((await h.us.post(`/v3/${d}/whitelists`, {})).body).toEqual({ message: "Missing mandatory parameter: address/domain" });
    expect((await h.us.get(`/v3/${d}/whitelists/partner.example`)).body).toEqual({ type: "domain", value: "partner.example", reason: "", createdAt: expect.stringMatching(TIME) });
    expect((await h.us.get(`/v3/${d}/whitelists`)).body.items.map((w: { value: string }) => w.value)).toEqual(["partner.example", "qa@example.com"]);
    expect((await h.us.delete(`/v3/${d}/whitelists/partner.example`)).body).toEqual({ message: "Allowlist address/domain has been removed", value: "partner.example" });
    expect((await h.us.get(`/v3/${d}/whitelists/partner.example`)).body).toEqual({ message: "Address/Domain not found in allowlist table" });
    expect((await h.us.delete(`/v3/${d}/whitelists`)).body).toEqual({ message: "Allowlist addresses/domains for this domain have been removed" });
    expect((await h.us.get(`/v3/${d}/whitelists`)).body.items).toEqual([]);
    // The state dump shows the tables; reset empties them.
    await h.us.post(`/v3/${d}/complaints`, { address: "y@example.com" });
    expect((await h.control.state()).us.suppressions).toEqual({ [`complaints:${d}`]: [{ address: "y@example.com", created_at: expect.stringMatching(TIME) }] });
    await h.control.reset();
    expect((await h.control.state()).us.suppressions).toEqual({});
  });

  test("a new entry is not seen until the consistency delay has passed", async () => {
    const d = await createDomain(h.us);
    await h.control.knobs({ consistencyDelayMs: 300 });
    await h.us.post(`/v3/${d}/bounces`, { address: "late@example.com" });
    expect((await h.us.get(`/v3/${d}/bounces/late@example.com`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 350));
    expect((await h.us.get(`/v3/${d}/bounces/late@example.com`)).status).toBe(200);
  });

  test("mailgun.js suppressions calls work unchanged", async () => {
    jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const d = await createDomain(h.us);
    const mg: any = new Mailgun(FormData).client({ username: "api", key: h.emulator.apiKey, url: h.emulator.urls.us });
    // mailgun.js sends bounces and complaints as a JSON array, one unsubscribe and the allowlist as a form.
    expect(await mg.suppressions.create(d, "bounces", { address: "bob@example.com", code: 550, error: "mailbox full" }))
      .toMatchObject({ message: "1 addresses have been added to the bounces table", status: 200 });
    expect(await mg.suppressions.create(d, "unsubscribes", { address: "carol@example.com", tag: "news" }))
      .toMatchObject({ message: "Address has been added to the unsubscribes table", status: 200 });
    await mg.suppressions.create(d, "unsubscribes", [{ address: "dan@example.com", tags: ["promo", "news"] }]);
    await mg.suppressions.create(d, "complaints", { address: "eve@example.com" });
    expect(await mg.suppressions.create(d, "whitelists", { domain: "partner.example" }))
      .toMatchObject({ message: "Address/Domain has been added to the allowlists table", type: "domain", value: "partner.example" });

    expect(await mg.suppressions.get(d, "bounces", "bob@example.com")).toMatchObject({ address: "bob@example.com", code: 550, error: "mailbox full", type: "bounces" });
    expect(await mg.suppressions.get(d, "unsubscribes", "dan@example.com")).toMatchObject({ address: "dan@example.com", tags: ["promo", "news"] });
    expect(await mg.suppressions.get(d, "whitelists", "partner.example")).toMatchObject({ value: "partner.example", type: "whitelists" });
    const listed = await mg.suppressions.list(d, "unsubscribes", { limit: 1 });
    expect(listed.items.map((u: any) => u.address)).toEqual(["carol@example.com"]);
    expect(listed.pages.next.page).toMatch(/page=next/);
    const next = await mg.suppressions.list(d, "unsubscribes", { page: listed.pages.next.page, limit: 1 });
    expect(next.items.map((u: any) => u.address)).toEqual(["dan@example.com"]);

    expect(await mg.suppressions.destroy(d, "complaints", "eve@example.com")).toMatchObject({ message: "Spam complaint has been removed", address: "eve@example.com" });
    expect(await mg.suppressions.destroy(d, "whitelists", "partner.example")).toMatchObject({ value: "partner.example" });
    await expect(mg.suppressions.get(d, "complaints", "eve@example.com")).rejects.toMatchObject({ status: 404 });
    expect(await mg.suppressions.destroyAll(d, "bounces")).toMatchObject({ status: 200 });
    expect((await mg.suppressions.list(d, "bounces")).items).toEqual([]);
  });
});
