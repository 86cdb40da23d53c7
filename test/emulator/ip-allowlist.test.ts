/**
 * The account's IP allowlist (`/v2/ip_whitelist`). No capture exists; shapes and error texts
 * are the spec's examples (every answer here is also checked against the spec's schemas by the
 * harness), the rest is listed as our choice in emulator/README.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contractProblems, sleep, startHarness, useEmulator } from "./helpers/harness";

const PATH = "/v2/ip_whitelist";

describe("IP allowlist", () => {
  const h = useEmulator();

  test("add, list, change the description, delete: every answer is the whole list", async () => {
    expect((await h.us.get(PATH)).body).toEqual({ addresses: [] });
    const added = await h.us.post(PATH, { address: "10.11.11.111", description: "OnPrem Server" });
    expect([added.status, added.body]).toEqual([200, { addresses: [{ ip_address: "10.11.11.111", description: "OnPrem Server" }] }]);
    // The description "defaults to empty string" (spec), multipart accepted like every write.
    expect((await h.us.post(PATH, { address: "2001:db8::/32" }, { multipart: true })).body.addresses)
      .toEqual([{ ip_address: "10.11.11.111", description: "OnPrem Server" }, { ip_address: "2001:db8::/32", description: "" }]);
    const updated = await h.us.put(PATH, { address: "10.11.11.111", description: "OnPrem Server 1" });
    expect(updated.body.addresses[0]).toEqual({ ip_address: "10.11.11.111", description: "OnPrem Server 1" });
    // A PUT without a description sets the default, "".
    expect((await h.us.put(PATH, { address: "10.11.11.111" })).body.addresses[0].description).toBe("");
    const deleted = await h.us.delete(PATH, { query: { address: "10.11.11.111" } });
    expect(deleted.body).toEqual({ addresses: [{ ip_address: "2001:db8::/32", description: "" }] });
    expect((await h.us.get(PATH)).body).toEqual({ addresses: [{ ip_address: "2001:db8::/32", description: "" }] });
  });

  test("errors: invalid address, blank address, unknown address, duplicate", async () => {
    const refused = async (p: Promise<{ status: number; body: unknown }>) => {
      const r = await p;
      return [r.status, r.body];
    };
    const invalid = [400, { message: "Invalid IP Address or CIDR" }];
    for (const address of ["10.0.0.256", "10.0.0.1/33", "2001:db8::/129", "example.com", "10.0.0.0/8/8", "fe80::1%eth0", "010.0.0.1", "10.0.0.1/x"]) {
      expect(await refused(h.us.post(PATH, { address }))).toEqual(invalid);
    }
    const blank = [400, { message: "IP address can not be blank" }];
    expect(await refused(h.us.post(PATH, { description: "no address" }))).toEqual(blank);
    expect(await refused(h.us.post(PATH, { address: "  " }))).toEqual(blank);
    expect(await refused(h.us.delete(PATH))).toEqual(blank);
    expect(await refused(h.us.put(PATH, { description: "x" }))).toEqual(blank);
    const notFound = [400, { message: "IP not found" }];
    expect(await refused(h.us.put(PATH, { address: "192.0.2.1", description: "x" }))).toEqual(notFound);
    expect(await refused(h.us.delete(PATH, { query: { address: "192.0.2.1" } }))).toEqual(notFound);
    await h.us.post(PATH, { address: "192.0.2.1", description: "first" });
    expect(await refused(h.us.post(PATH, { address: "192.0.2.1", description: "second" }))).toEqual([400, { message: "IP address already exists" }]);
    expect((await h.us.get(PATH)).body.addresses).toEqual([{ ip_address: "192.0.2.1", description: "first" }]);
    // None of the refusals changed anything.
    expect((await h.control.requests()).filter((r: { status: number; applied: boolean }) => r.status === 400 && r.applied)).toEqual([]);
  });

  test("account-wide: both regions' hosts serve one list; the state dump shows it and reset clears it", async () => {
    await h.eu.post(PATH, { address: "198.51.100.0/24", description: "VPN" });
    expect((await h.us.get(PATH)).body.addresses).toEqual([{ ip_address: "198.51.100.0/24", description: "VPN" }]);
    await h.us.delete(PATH, { query: { address: "198.51.100.0/24" } });
    expect((await h.eu.get(PATH)).body.addresses).toEqual([]);
    await h.us.post(PATH, { address: "203.0.113.50", description: "office" });
    expect((await h.control.state()).ipAllowlist).toEqual([{ ip_address: "203.0.113.50", description: "office" }]);
    await h.control.reset();
    expect((await h.us.get(PATH)).body.addresses).toEqual([]);
  });

  test("eventual consistency: a new entry is answered by the write but listed only after the delay", async () => {
    await h.control.knobs({ consistencyDelayMs: 300 });
    const written = await h.us.post(PATH, { address: "192.0.2.7", description: "new" });
    expect(written.body.addresses).toEqual([{ ip_address: "192.0.2.7", description: "new" }]);
    expect((await h.us.get(PATH)).body.addresses).toEqual([]);
    await sleep(350);
    expect((await h.us.get(PATH)).body.addresses).toEqual([{ ip_address: "192.0.2.7", description: "new" }]);
    await h.us.put(PATH, { address: "192.0.2.7", description: "changed" });
    expect((await h.us.get(PATH)).body.addresses[0].description).toBe("new");
    await sleep(350);
    expect((await h.us.get(PATH)).body.addresses[0].description).toBe("changed");
  });

  test("a basic (read-only) key may list but not change it", async () => {
    const basic = (await h.us.post("/v1/keys", { role: "basic" })).body.key.secret;
    expect((await h.us.get(PATH, { key: basic })).status).toBe(200);
    const refused = await h.us.post(PATH, { address: "192.0.2.9" }, { key: basic });
    expect([refused.status, refused.body]).toEqual([403, { message: "Forbidden" }]);
  });
});

test("the allowlist survives a restart with a data file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mailgun-emulator-"));
  try {
    const dataFile = join(dir, "state.json");
    const first = await startHarness({ dataFile });
    await first.us.post(PATH, { address: "203.0.113.0/24", description: "office" });
    await first.emulator.close();
    const second = await startHarness({ dataFile });
    expect((await second.eu.get(PATH)).body.addresses).toEqual([{ ip_address: "203.0.113.0/24", description: "office" }]);
    await second.emulator.close();
    expect([...contractProblems(first), ...contractProblems(second)]).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
