/**
 * DKIM keys and key rotation over HTTP: shapes from domains.yml (2025) and the spec, the errors
 * api-notes §2.8 lists, and the domain's DNS records following its keys.
 */
import { generateKeyPairSync } from "node:crypto";
import Mailgun from "mailgun.js";
import { createDomain, useEmulator } from "./helpers/harness";

function rsaPem(bits: number, type: "pkcs1" | "pkcs8" = "pkcs1"): { pem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return {
    pem: privateKey.export({ type, format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

const dkimNames = (records: any[]) => records.filter((r) => r.name?.includes("._domainkey.")).map((r) => r.name);

describe("DKIM keys", () => {
  const h = useEmulator();

  test("create (generated and imported), list per authority and account-wide, the domain's records follow", async () => {
    const d = await createDomain(h.us);
    const made = await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "s2025", bits: "2048" }, { multipart: true });
    expect(made.status).toBe(200);
    expect(Object.keys(made.body)).toEqual(["signing_domain", "selector", "dns_record"]);
    expect(made.body).toMatchObject({
      signing_domain: d,
      selector: "s2025",
      dns_record: { is_active: false, cached: [], name: `s2025._domainkey.${d}`, record_type: "TXT", valid: "unknown" },
    });
    // 2048-bit SPKI keys start with MIIBIjAN.
    expect(made.body.dns_record.value).toMatch(/^k=rsa; p=MIIBIjAN/);

    const { pem, publicKey } = rsaPem(1024);
    const imported = await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "imported", pem });
    expect(imported.body.dns_record.value).toBe(`k=rsa; p=${publicKey}`);
    expect(imported.text).not.toContain("PRIVATE KEY");

    const authority = await h.us.get(`/v4/domains/${d}/keys`);
    expect(authority.body.items.map((k: any) => k.selector)).toEqual(["k1", "s2025", "imported"]);
    // The domain lists one DKIM TXT record per key (the Dec 2025 verify capture shows two).
    const domain = await h.us.get(`/v4/domains/${d}`);
    expect(dkimNames(domain.body.sending_dns_records)).toEqual([`k1._domainkey.${d}`, `s2025._domainkey.${d}`, `imported._domainkey.${d}`]);

    const filtered = await h.us.get("/v1/dkim/keys", { query: { signing_domain: d, selector: "imported" } });
    expect(filtered.body.items).toEqual([imported.body]);
    expect(Object.keys(filtered.body.paging)).toEqual(["previous", "first", "next", "last"]);
    // Keys are region-bound with their domain.
    expect((await h.eu.get("/v1/dkim/keys", { query: { signing_domain: d } })).body.items).toEqual([]);
  });

  test("paging through /v1/dkim/keys with the page token of the paging URLs", async () => {
    const d = await createDomain(h.us);
    for (const s of ["a1", "a2", "a3"]) await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: s });
    const first = await h.us.get("/v1/dkim/keys", { query: { signing_domain: d, limit: "2" } });
    expect(first.body.items.map((k: any) => k.selector)).toEqual(["k1", "a1"]);
    const next = new URL(first.body.paging.next);
    expect(next.origin).toBe(new URL(h.emulator.urls.us).origin);
    const second = await h.us.get(`/v1/dkim/keys${next.search}`, { query: { signing_domain: d, limit: "2" } });
    expect(second.body.items.map((k: any) => k.selector)).toEqual(["a2", "a3"]);
    expect((await h.us.get("/v1/dkim/keys", { query: { limit: "101" } })).status).toBe(400);
  });

  test("errors: duplicate, unreadable PEM, PKCS#8, bad bits, unknown domain and key", async () => {
    const d = await createDomain(h.us);
    const dup = await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "k1" });
    expect([dup.status, dup.body]).toEqual([400, { message: "failed to create domain key: duplicate key" }]);
    const garbage = await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "x1", pem: "not a pem" });
    expect(garbage.status).toBe(400);
    expect(garbage.body.message).toMatch(/^failed to import domain key: failed to parse PEM/);
    const pkcs8 = await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "x1", pem: rsaPem(1024, "pkcs8").pem });
    expect([pkcs8.status, pkcs8.body]).toEqual([400, { message: "failed to parse private key: key must be PKCS1 format" }]);
    expect((await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "x1", bits: "4096" })).status).toBe(400);
    expect((await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "bad selector" })).status).toBe(400);
    const noDomain = await h.us.post("/v1/dkim/keys", { signing_domain: "nope.example.test", selector: "x1" });
    expect([noDomain.status, noDomain.body]).toEqual([404, { message: "Domain not found" }]);
    const noKey = await h.us.put(`/v4/domains/${d}/keys/x1/activate`);
    expect([noKey.status, noKey.body]).toEqual([404, { message: "domain key not found" }]);
    // Nothing was made by the failed calls.
    expect((await h.us.get(`/v4/domains/${d}/keys`)).body.items).toHaveLength(1);
  });

  test("activate, deactivate, delete; the last active key cannot be deleted", async () => {
    const d = await createDomain(h.us);
    await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "s2" });
    expect((await h.us.put(`/v4/domains/${d}/keys/s2/activate`)).body).toEqual({ message: "domain key activated" });
    const active = (await h.us.get(`/v4/domains/${d}/keys`)).body.items.find((k: any) => k.selector === "s2");
    expect(active.dns_record.is_active).toBe(true);

    const del = (selector: string) => h.us.delete("/v1/dkim/keys", { query: { signing_domain: d, selector } });
    const refused = await del("s2");
    expect([refused.status, refused.body]).toEqual([400, { message: "cannot delete domain key: must have at least one active domain key" }]);
    // An inactive key goes; so does an active one once another key is active.
    expect((await del("k1")).body).toEqual({ message: "success" });
    await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "s3" });
    await h.us.put(`/v4/domains/${d}/keys/s3/activate`);
    const gone = await del("s2");
    expect([gone.status, gone.headers.get("content-type"), gone.body]).toEqual([200, "application/json", { message: "success" }]);
    expect((await h.us.get(`/v4/domains/${d}/keys`)).body.items.map((k: any) => k.selector)).toEqual(["s3"]);
    expect(dkimNames((await h.us.get(`/v4/domains/${d}`)).body.sending_dns_records)).toEqual([`s3._domainkey.${d}`]);
    // A delete that names no key, or a key the domain lacks, changes nothing and succeeds (domains.yml, Aug 2025).
    expect((await h.us.delete("/v1/dkim/keys")).body).toEqual({ message: "success" });
    expect((await del("never")).status).toBe(200);
    expect((await h.us.delete("/v1/dkim/keys", { query: { signing_domain: "nope.example.test", selector: "x" } })).status).toBe(404);
    expect((await h.us.put(`/v4/domains/${d}/keys/s3/deactivate`)).body).toEqual({ message: "domain key deactivated" });
  });

  test("verify activates the domain's own key; renaming the selector renames that key", async () => {
    const d = await createDomain(h.us);
    await h.us.post("/v1/dkim/keys", { signing_domain: d, selector: "extra" });
    await h.control.dns(d);
    await h.us.put(`/v4/domains/${d}/verify`);
    const keys = (await h.us.get(`/v4/domains/${d}/keys`)).body.items;
    expect(keys.map((k: any) => [k.selector, k.dns_record.is_active])).toEqual([["k1", true], ["extra", false]]);
    expect((await h.us.put(`/v3/domains/${d}/dkim_selector`, { dkim_selector: "extra" })).status).toBe(400);
    await h.us.put(`/v3/domains/${d}/dkim_selector`, { dkim_selector: "k2" });
    expect((await h.us.get(`/v4/domains/${d}/keys`)).body.items.map((k: any) => k.selector)).toEqual(["k2", "extra"]);
  });

  test("mailgun.js: create, list, listAll, activate, deactivate, destroy", async () => {
    jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const mg: any = new Mailgun(FormData).client({ username: "api", key: h.emulator.apiKey, url: h.emulator.urls.us });
    const d = await createDomain(h.us);
    const created = await mg.domains.domainKeys.create({ signingDomain: d, selector: "js1", bits: "1024" });
    expect(created).toMatchObject({ signing_domain: d, selector: "js1", dns_record: { name: `js1._domainkey.${d}` } });
    expect((await mg.domains.domainKeys.list(d)).items.map((k: any) => k.selector)).toEqual(["k1", "js1"]);
    // mailgun.js sends `limit=` and `page=` empty whatever it is given: the defaults apply.
    const all = await mg.domains.domainKeys.listAll({ signingDomain: d, limit: 1 });
    expect(all.items.map((k: any) => k.selector)).toEqual(["k1", "js1"]);
    expect(Object.keys(all.pages)).toEqual(expect.arrayContaining(["first", "next", "previous", "last"]));
    expect(await mg.domains.domainKeys.activate(d, "js1")).toMatchObject({ message: "domain key activated" });
    expect(await mg.domains.domainKeys.deactivate(d, "js1")).toMatchObject({ message: "domain key deactivated" });
    expect(await mg.domains.domainKeys.destroy(d, "js1")).toMatchObject({ message: "success" });
    expect((await h.us.get(`/v4/domains/${d}/keys`)).body.items.map((k: any) => k.selector)).toEqual(["k1"]);
  });
});

describe("DKIM key rotation (Automatic Sender Security)", () => {
  const h = useEmulator();
  const rotation = (d: string, form: Record<string, string>) => h.us.put(`/v1/dkim_management/domains/${d}/rotation`, form, { multipart: true });

  test("set, change, disable, read back; the spec's shape with string booleans", async () => {
    const d = await createDomain(h.us, undefined, { use_automatic_sender_security: "true" });
    const set = await rotation(d, { rotation_enabled: "true", rotation_interval: "7d" });
    expect(set.status).toBe(200);
    expect(set.body.domain).toMatchObject({ name: d, rotation_enabled: "true", rotation_interval: "7d", state: "wait_verify", active_selector: "pdk1" });
    expect(set.body.domain.records.map((r: any) => [r.name, r.type])).toEqual([[`pdk1._domainkey.${d}`, "CNAME"], [`pdk2._domainkey.${d}`, "CNAME"]]);
    expect((await h.us.get(`/v1/dkim_management/domains/${d}`)).body).toEqual(set.body);
    await rotation(d, { rotation_enabled: "true", rotation_interval: "240h" });
    expect((await h.us.get(`/v1/dkim_management/domains/${d}`)).body.domain.rotation_interval).toBe("240h");
    const off = await rotation(d, { rotation_enabled: "false" });
    expect(off.body.domain).toMatchObject({ rotation_enabled: "false", rotation_interval: "240h" });
    expect((await h.control.state()).us.domains[0].dkim_rotation).toEqual({ enabled: false, interval: "240h" });
  });

  test("errors: interval without enabling, too short, malformed, missing flag, unknown or non-ASS domain", async () => {
    const d = await createDomain(h.us, undefined, { use_automatic_sender_security: "true" });
    const notEnabling = await rotation(d, { rotation_enabled: "false", rotation_interval: "7d" });
    expect([notEnabling.status, notEnabling.body]).toEqual([400, { Reason: "rotation_interval is not allowed unless also enabling DKIM rotation" }]);
    expect((await rotation(d, { rotation_enabled: "true", rotation_interval: "24h" })).body.Reason).toMatch(/at least 5d/);
    expect((await rotation(d, { rotation_enabled: "true", rotation_interval: "weekly" })).status).toBe(400);
    expect((await rotation(d, { rotation_interval: "7d" })).body).toEqual({ Reason: "rotation_enabled is required" });
    const unknown = await rotation("nope.example.test", { rotation_enabled: "true" });
    expect([unknown.status, unknown.body]).toEqual([404, { Description: "domain not found" }]);
    const plain = await createDomain(h.us);
    expect((await rotation(plain, { rotation_enabled: "true" })).status).toBe(404);
    expect((await h.us.get(`/v1/dkim_management/domains/${plain}`)).status).toBe(404);
    const rotate = await h.us.post(`/v1/dkim_management/domains/${d}/rotate`);
    expect([rotate.status, rotate.body]).toEqual([400, { Reason: "only domains in enabled can rotate their keys. Current state: wait_verify" }]);
  });

  test("mailgun.js: dkimManagement.update and rotateImmediately", async () => {
    const mg: any = new Mailgun(FormData).client({ username: "api", key: h.emulator.apiKey, url: h.emulator.urls.us });
    const d = await createDomain(h.us, undefined, { use_automatic_sender_security: "true" });
    const updated = await mg.dkimManagement.update(d, { rotation_enabled: true, rotation_interval: "5d" });
    expect(JSON.stringify(updated)).toContain('"rotation_interval":"5d"');
    await h.control.dns(d);
    await h.us.put(`/v4/domains/${d}/verify`);
    expect(await mg.dkimManagement.rotateImmediately(d)).toMatchObject({ message: "ok" });
  });
});
