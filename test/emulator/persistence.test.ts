import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contractProblems, createDomain, startHarness } from "./helpers/harness";

describe("persistence (dataFile)", () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "mailgun-emulator-")); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("state, the primary key and created keys survive a restart", async () => {
    const dataFile = join(dir, "nested", "state.json");
    const first = await startHarness({ dataFile });
    const name = await createDomain(first.eu, undefined, { smtp_password: "postmaster-pw" });
    await first.eu.put(`/v3/domains/${name}/tracking/open`, { active: "true" });
    await first.eu.post(`/v3/domains/${name}/webhooks`, { id: "opened", url: "https://a.example/" });
    const route = (await first.us.post("/v3/routes", { expression: "catch_all()" })).body.route;
    const key = (await first.us.post("/v1/keys", { role: "admin" })).body.key;
    const before = await first.control.state();
    await first.emulator.close();
    expect(JSON.parse(readFileSync(dataFile, "utf8")).format).toBe(1);

    const second = await startHarness({ dataFile });
    expect(second.emulator.apiKey).toBe(first.emulator.apiKey);
    expect(await second.control.state()).toEqual(before);
    expect((await second.eu.get(`/v3/domains/${name}/tracking`)).body.tracking.open.active).toBe(true);
    expect((await second.us.get(`/v3/routes/${route.id}`)).body.route).toEqual(route);
    expect((await second.us.get("/v1/keys", { key: key.secret })).status).toBe(200);
    // The name is still taken in the global registry.
    expect((await second.us.post("/v4/domains", { name })).status).toBe(400);
    await second.emulator.close();
    expect([...contractProblems(first), ...contractProblems(second)]).toEqual([]);
  });

  test("a file from before domains had several DKIM keys loads with the one key it held", async () => {
    const dataFile = join(dir, "state.json");
    const first = await startHarness({ dataFile });
    const name = await createDomain(first.us);
    const record = (await first.us.get(`/v4/domains/${name}`)).body.sending_dns_records.find((r: any) => r.name.includes("._domainkey."));
    await first.emulator.close();
    // Rewrite the file in the old shape: the key's fields flat on `dkim`.
    const data = JSON.parse(readFileSync(dataFile, "utf8"));
    const entry = data.regions.us.domains[0][1];
    const [key] = entry.value.dkim.keys;
    entry.value.dkim = { selector: key.selector, key_size: key.key_size, public_key: key.public_key, active: key.active, self_authority: entry.value.dkim.self_authority };
    writeFileSync(dataFile, JSON.stringify(data));

    const second = await startHarness({ dataFile });
    expect((await second.us.get(`/v4/domains/${name}/keys`)).body.items).toEqual([{ signing_domain: name, selector: "k1", dns_record: record }]);
    expect((await second.us.post("/v1/dkim/keys", { signing_domain: name, selector: "s2" })).status).toBe(200);
    await second.emulator.close();
  });

  test("an explicit apiKey replaces the stored primary key", async () => {
    const dataFile = join(dir, "state.json");
    const first = await startHarness({ dataFile });
    await first.emulator.close();
    const key = "0123456789abcdef0123456789abcdef-aaaaaaaa-bbbbbbbb";
    const second = await startHarness({ dataFile, apiKey: key });
    expect((await second.us.get("/v4/domains", { key: first.emulator.apiKey })).status).toBe(401);
    expect((await second.us.get("/v1/keys")).body.items.map((k: any) => k.id)).toEqual(["aaaaaaaa-bbbbbbbb"]);
    await second.emulator.close();
  });
});
