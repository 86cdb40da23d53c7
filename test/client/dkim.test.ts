import { generateKeyPairSync } from "node:crypto";
import { MailgunBadRequestError } from "../../provider/client/errors";
import { startHarness, uniqueDomain, type Harness } from "./emulator-harness";

describe("DKIM keys and rotation through the client", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("create (a PEM never in a log line or error), list, activate, delete, last-active refusal, 404 on delete resolves", async () => {
    const lines: string[] = [];
    const c = h.client({}, { logger: (l) => lines.push(l) });
    const name = uniqueDomain("dkim");
    await c.domains.create("us", { name });
    const pem = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const made = await c.dkim.createKey("us", { signing_domain: name, selector: "imp", pem });
    expect(made).toMatchObject({ signing_domain: name, selector: "imp", dns_record: { record_type: "TXT", is_active: false } });
    const dup = await c.dkim.createKey("us", { signing_domain: name, selector: "imp", pem }).catch((e) => e);
    expect(dup).toBeInstanceOf(MailgunBadRequestError);
    expect(dup.mailgunMessage).toBe("failed to create domain key: duplicate key");

    expect((await c.dkim.listKeys("us", name)).map((k) => k.selector)).toEqual(["k1", "imp"]);
    await c.dkim.setKeyActive("us", name, "imp", true);
    expect((await c.dkim.listKeys("us", name)).find((k) => k.selector === "imp")?.dns_record?.is_active).toBe(true);
    const refused = await c.dkim.deleteKey("us", name, "imp").catch((e) => e);
    expect(refused.mailgunMessage).toBe("cannot delete domain key: must have at least one active domain key");
    await c.dkim.setKeyActive("us", name, "imp", false);
    await c.dkim.deleteKey("us", name, "imp");
    expect((await c.dkim.listKeys("us", name)).map((k) => k.selector)).toEqual(["k1"]);
    await c.domains.delete("us", name);
    await expect(c.dkim.deleteKey("us", name, "k1")).resolves.toBeUndefined();

    const body = pem.split("\n").slice(1, -2);
    const everything = [...lines, String(dup.message), JSON.stringify(dup.body)].join("\n");
    for (const line of body) expect(everything).not.toContain(line);
  });

  it("rotation: update, read back, booleans from strings", async () => {
    const c = h.client();
    const name = uniqueDomain("rot");
    await c.domains.create("us", { name, use_automatic_sender_security: true });
    expect(await c.dkim.updateRotation("us", name, { rotation_enabled: true, rotation_interval: "7d" })).toMatchObject({ rotation_enabled: true, rotation_interval: "7d" });
    expect(await c.dkim.getRotation("us", name)).toMatchObject({ name, rotation_enabled: true, rotation_interval: "7d" });
    await c.dkim.updateRotation("us", name, { rotation_enabled: false });
    expect((await c.dkim.getRotation("us", name)).rotation_enabled).toBe(false);
    const bad = await c.dkim.updateRotation("us", name, { rotation_enabled: false, rotation_interval: "7d" }).catch((e) => e);
    // The DKIM service words its errors under `Reason`.
    expect(bad.mailgunMessage).toBe("rotation_interval is not allowed unless also enabling DKIM rotation");
  });
});
