import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const NAME = "mg.dkim-test.example.com";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const PEM_PUBLIC = createPublicKey(PEM).export({ type: "spki", format: "der" }).toString("base64");
/** A line from the middle of the private key: what must never appear in output or state. */
const PEM_LINE = PEM.split("\n")[5];

const domain: ResourceSpec = { kind: "Domain", name: "d", args: { name: NAME } };
const generated = (args: Record<string, unknown> = {}, opts?: Record<string, unknown>): ResourceSpec =>
  ({ kind: "DkimKey", name: "gen", args: { signingDomain: { $ref: "d.name" }, selector: "s1", bits: 2048, ...args }, opts });
const imported = (args: Record<string, unknown> = {}, opts?: Record<string, unknown>): ResourceSpec =>
  ({ kind: "DkimKey", name: "imp", args: { signingDomain: { $ref: "d.name" }, selector: "imp", pem: { $secret: "pem" }, active: true, ...args }, opts });

describe("DkimKey through the real Pulumi engine", () => {
  const t = useMailgunStack([domain, generated(), imported()], { secrets: { pem: PEM } });
  /** The domain's keys at the emulator, by selector (keys made concurrently have no set order). */
  const keys = async () => ((await t.emulator.state()).us.domains.find((d: { name: string }) => d.name === NAME)?.dkim_keys ?? [])
    .sort((a: { selector: string }, b: { selector: string }) => a.selector.localeCompare(b.selector));

  test("lifecycle: generated and imported keys, activation, drift, deletion by hand, take-over, destroy advice", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
    const { gen, imp, d } = up.outputs.resources.value;
    expect(gen.dnsRecord).toMatchObject({ type: "TXT", name: `s1._domainkey.${NAME}`, valid: "unknown" });
    expect(gen.dnsRecord.value).toBe(`k=rsa; p=${gen.publicKey}`);
    expect([gen.keySize, gen.active]).toEqual([2048, false]);
    expect(imp).toMatchObject({ publicKey: PEM_PUBLIC, keySize: 1024, active: true });
    expect(await keys()).toEqual([
      { selector: "imp", key_size: 1024, active: true },
      { selector: "k1", key_size: 1024, active: false },
      { selector: "s1", key_size: 2048, active: false },
    ]);
    // The domain's own DKIM record stays its own selector's, however many keys the domain has.
    expect(d.dnsRecords.dkim.name).toBe(`k1._domainkey.${NAME}`);

    // Nothing to do, and nothing found by a refresh: the domain's records now list the new keys too, which is not drift of the Domain.
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });
    // The imported private key is a secret in the state and never printed.
    const deployment = project.rawState();
    const impState = JSON.parse(deployment).checkpoint.latest.resources.find((r: { urn: string }) => r.urn.endsWith("::imp"));
    expect(impState.outputs.pem).toHaveProperty("ciphertext");
    expect(impState.inputs.pem).toHaveProperty("ciphertext");
    expect(deployment).not.toContain(PEM_LINE);

    // In place: activation.
    await project.setResources([domain, generated({ active: true }), imported()]);
    const activate = await stack.up({ onOutput: log.onOutput });
    expect(activate.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await keys()).find((k: { selector: string }) => k.selector === "s1").active).toBe(true);

    // Drift: deactivated in the dashboard; a refreshing preview shows it, up puts it back.
    await emulator.api("us", "PUT", `/v4/domains/${NAME}/keys/s1/deactivate`);
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    await stack.up({ refresh: true, onOutput: log.onOutput });
    expect((await keys()).find((k: { selector: string }) => k.selector === "s1").active).toBe(true);
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Deleted by hand (after deactivating it): refresh drops it, up makes it again.
    await emulator.api("us", "PUT", `/v4/domains/${NAME}/keys/s1/deactivate`);
    await emulator.api("us", "DELETE", `/v1/dkim/keys?signing_domain=${NAME}&selector=s1`);
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await keys()).map((k: { selector: string }) => k.selector)).toEqual(["imp", "k1", "s1"]);

    // A change of size keeps the selector: the old key goes first, then the new one is made.
    await emulator.clearRequests();
    await project.setResources([domain, generated({ active: true, bits: 1024 }), imported()]);
    const replaced = await stack.up({ onOutput: log.onOutput });
    expect(replaced.summary.resourceChanges).toMatchObject({ replace: 1 });
    const calls = (await emulator.requests()).filter((r) => r.path === "/v1/dkim/keys").map((r) => r.method);
    expect(calls).toEqual(["DELETE", "POST"]);
    expect((await keys()).find((k: { selector: string }) => k.selector === "s1")).toEqual({ selector: "s1", key_size: 1024, active: true });

    // A later run destroys the stack: Mailgun refuses to delete the domain's last active key, and the error says what to do.
    await project.setResources([domain, imported()]);
    await stack.up({ onOutput: log.onOutput });
    let failure = "";
    await stack.destroy({ onOutput: (s) => (failure += s) }).catch(() => undefined);
    expect(failure).toContain("only active key");
    expect(failure).toContain("retainOnDelete: true");
    expect(failure).not.toContain(PEM_LINE);
    // The advice works: the key is left to the domain's delete.
    await project.setResources([domain, imported({}, { retainOnDelete: true })]);
    await stack.up({ onOutput: log.onOutput });
    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toMatchObject({ us: { domains: 0 } });
    expect(log.text).not.toContain(PEM_LINE);
  }, 900_000);

  test("an inactive key left by an interrupted create is taken over; an active one needs adopt", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    await project.setResources([domain]);
    await stack.up({ onOutput: log.onOutput });
    // What an interrupted create leaves: the key exists at Mailgun, inactive, and the stack does not know it.
    await emulator.api("us", "POST", "/v1/dkim/keys", { signing_domain: NAME, selector: "s1", bits: "2048" });
    await project.setResources([domain, generated({ active: true })]);
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await keys()).filter((k: { selector: string }) => k.selector === "s1")).toEqual([{ selector: "s1", key_size: 2048, active: true }]);

    // Someone else's key, active: not taken over silently.
    await emulator.api("us", "POST", "/v1/dkim/keys", { signing_domain: NAME, selector: "s9" });
    await emulator.api("us", "PUT", `/v4/domains/${NAME}/keys/s9/activate`);
    const other: ResourceSpec = { kind: "DkimKey", name: "other", args: { signingDomain: NAME, selector: "s9" } };
    await project.setResources([domain, generated({ active: true }), other]);
    let output = "";
    await expect(stack.up({ onOutput: (s) => (output += s) })).rejects.toThrow();
    expect(output).toContain("adopt: true");
    await project.setResources([domain, generated({ active: true }), { ...other, args: { ...other.args, adopt: true } }]);
    const adopted = await stack.up({ onOutput: log.onOutput });
    expect(adopted.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(adopted.outputs.resources.value.other.active).toBe(true);
    expect((await keys()).map((k: { selector: string }) => k.selector)).toEqual(["k1", "s1", "s9"]);

    // One of two active keys goes; the last is left to the domain's delete.
    await project.setResources([domain, generated({ active: true }, { retainOnDelete: true })]);
    await stack.up({ onOutput: log.onOutput });
    expect((await keys()).map((k: { selector: string }) => k.selector)).toEqual(["k1", "s1"]);
    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toMatchObject({ us: { domains: 0 } });
  }, 600_000);
});
