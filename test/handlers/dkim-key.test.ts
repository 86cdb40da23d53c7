import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { objectCounts } from "../../testkit/emulator";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { Held, diffOf, later, newRun, plan, refresh, saying, up, writes, destroy } from "./engine-steps";

/**
 * What is particular to DkimKey, as the provider runs it: generated and imported keys,
 * activation in place, a new size replacing the key delete-first, the advice when the domain's
 * last active key is destroyed, and an inactive key left by an interrupted create taken over.
 * The generic lifecycle is in battery.test.ts.
 */
const t = useHandlerEmulator({});
const NAME = "mg.dkim-test.example.com";
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const PEM_PUBLIC = createPublicKey(PEM).export({ type: "spki", format: "der" }).toString("base64");
/** A line from the middle of the private key: what must never appear in a message. */
const PEM_LINE = PEM.split("\n")[5];

const genArgs = (args: Record<string, unknown> = {}) => ({ signingDomain: NAME, selector: "s1", bits: 2048, ...args });
const impArgs = (args: Record<string, unknown> = {}) => ({ signingDomain: NAME, selector: "imp", pem: PEM, active: true, ...args });
const gen = (args: Record<string, unknown> = {}, held?: Held) => up("DkimKey", "gen", genArgs(args), held);
const imp = (held?: Held) => up("DkimKey", "imp", impArgs(), held);
/** The domain's keys at the emulator, by selector. */
const keys = async () => ((await t.emulator.state()).us.domains.find((d: { name: string }) => d.name === NAME)?.dkim_keys ?? [])
  .sort((a: { selector: string }, b: { selector: string }) => a.selector.localeCompare(b.selector));
const s1 = async () => (await keys()).find((k: { selector: string }) => k.selector === "s1");

test("generated and imported keys; the domain's own DKIM record stays its selector's, and its refresh is no drift", async () => {
  const d = (await up("Domain", "d", { name: NAME })).held;
  const { result, said } = await saying(async () => ({ g: (await gen()).held, i: (await imp()).held }));
  const { g, i } = result;
  expect(g.outs.dnsRecord).toMatchObject({ type: "TXT", name: `s1._domainkey.${NAME}`, valid: "unknown" });
  expect((g.outs.dnsRecord as { value: string }).value).toBe(`k=rsa; p=${g.outs.publicKey}`);
  expect([g.outs.keySize, g.outs.active]).toEqual([2048, false]);
  expect(i.outs).toMatchObject({ publicKey: PEM_PUBLIC, keySize: 1024, active: true });
  expect(await keys()).toEqual([
    { selector: "imp", key_size: 1024, active: true },
    { selector: "k1", key_size: 1024, active: false },
    { selector: "s1", key_size: 2048, active: false },
  ]);
  expect(said).not.toContain(PEM_LINE);

  // A refresh of each: nothing to do. The domain's records now list the new keys too, which is not drift of the Domain.
  newRun();
  const dRead = (await refresh(later(d)))!;
  expect((dRead.outs.dnsRecords as { dkim: { name: string } }).dkim.name).toBe(`k1._domainkey.${NAME}`);
  expect(await plan("Domain", "d", { name: NAME }, dRead)).toBe("same");
  expect(await plan("DkimKey", "gen", genArgs(), (await refresh(later(g)))!)).toBe("same");
  const iRead = (await refresh(later(i)))!;
  expect(await plan("DkimKey", "imp", impArgs(), iRead)).toBe("same");
  // The private key never comes back from Mailgun, so a refresh keeps the declared one (a secret output) and shows no change.
  expect(iRead.outs.pem).toBe(PEM);
});

test("activation is an update in place; deactivated by hand it is drift that up puts back", async () => {
  await t.emulator.api("us", "POST", "/v4/domains", { name: NAME });
  const g = (await gen()).held;
  await t.emulator.clearRequests();
  const activated = await gen({ active: true }, g);
  expect(activated.step).toBe("update");
  expect(await writes(t.emulator)).toEqual([`us PUT /v4/domains/${NAME}/keys/s1/activate`]);
  expect((await s1()).active).toBe(true);

  await t.emulator.api("us", "PUT", `/v4/domains/${NAME}/keys/s1/deactivate`);
  newRun();
  const drifted = (await refresh(later(activated.held)))!;
  expect(drifted.outs.active).toBe(false);
  const repaired = await gen({ active: true }, drifted);
  expect(repaired.step).toBe("update");
  expect((await s1()).active).toBe(true);
  newRun();
  expect(await plan("DkimKey", "gen", genArgs({ active: true }), (await refresh(later(repaired.held)))!)).toBe("same");

  // Deleted by hand (after deactivating it): read says gone, and a create makes it again.
  await t.emulator.api("us", "PUT", `/v4/domains/${NAME}/keys/s1/deactivate`);
  await t.emulator.api("us", "DELETE", `/v1/dkim/keys?signing_domain=${NAME}&selector=s1`);
  newRun();
  expect(await refresh(later(repaired.held))).toBeUndefined();
  await gen({ active: true });
  expect(await s1()).toEqual({ selector: "s1", key_size: 2048, active: true });
});

test("a new size keeps the selector, so diff asks to delete the old key first: DELETE then POST", async () => {
  await t.emulator.api("us", "POST", "/v4/domains", { name: NAME });
  // Another active key, so s1 is not the domain's last one.
  await imp();
  const g = (await gen({ active: true })).held;
  expect(await diffOf("DkimKey", "gen", genArgs({ active: true, bits: 1024 }), g)).toMatchObject({ changes: true, replaces: ["bits"], deleteBeforeReplace: true });
  await t.emulator.clearRequests();
  const replaced = await gen({ active: true, bits: 1024 }, g);
  expect(replaced.step).toBe("replace");
  expect((await t.emulator.requests()).filter((r) => r.path === "/v1/dkim/keys").map((r) => r.method)).toEqual(["DELETE", "POST"]);
  expect(await s1()).toEqual({ selector: "s1", key_size: 1024, active: true });
});

test("the domain's only active key: refused with advice while the program keeps the domain; a destroy leaves it to the domain's delete", async () => {
  const d = (await up("Domain", "d", { name: NAME })).held;
  const i = (await imp()).held;
  // An up that drops the key but keeps the Domain: Mailgun refuses, and the advice says how.
  newRun();
  await up("Domain", "d", { name: NAME }, d);
  const refused = await destroy(i).then(() => undefined, (e: Error) => e);
  expect(refused?.message).toContain("only active key");
  expect(refused?.message).toContain("retainOnDelete: true");
  expect(refused?.message).not.toContain(PEM_LINE);
  // Issue 20 item 7: pulumi destroy (no resource declared): the key's delete finishes, keeping the
  // key for the domain's delete, which takes it along; nothing is left.
  newRun();
  const { said } = await saying(() => destroy(i));
  expect(said).toContain(`kept DKIM key imp of ${NAME} at Mailgun: it is the domain's only active key`);
  expect(said).not.toContain(PEM_LINE);
  await destroy(d);
  expect(await objectCounts(t.emulator)).toMatchObject({ us: { domains: 0 } });
});

test("an inactive key left by an interrupted create is taken over; an active one needs adopt", async () => {
  await t.emulator.api("us", "POST", "/v4/domains", { name: NAME });
  // What an interrupted create leaves: the key exists at Mailgun, inactive, and the stack does not know it.
  await t.emulator.api("us", "POST", "/v1/dkim/keys", { signing_domain: NAME, selector: "s1", bits: "2048" });
  await t.emulator.clearRequests();
  const { result: g, said } = await saying(async () => (await gen({ active: true })).held);
  expect(said).toContain(`taking over DKIM key s1 of ${NAME}: it already exists, inactive, as an interrupted create of this resource leaves it`);
  expect((await writes(t.emulator, true)).filter((w) => w.startsWith("us POST /v1/dkim/keys ") && w.endsWith(" 200"))).toEqual([]);
  expect((await keys()).filter((k: { selector: string }) => k.selector === "s1")).toEqual([{ selector: "s1", key_size: 2048, active: true }]);
  expect(g.outs).toMatchObject({ keySize: 2048, active: true });

  // Someone else's key, active: not taken over silently.
  await t.emulator.api("us", "POST", "/v1/dkim/keys", { signing_domain: NAME, selector: "s9" });
  await t.emulator.api("us", "PUT", `/v4/domains/${NAME}/keys/s9/activate`);
  await t.emulator.clearRequests();
  const refused = await up("DkimKey", "other", { signingDomain: NAME, selector: "s9" }).then(() => undefined, (e: Error) => e);
  expect(refused?.message).toContain("adopt: true");
  expect((await writes(t.emulator, true)).filter((w) => !/ 4\d\d$/.test(w))).toEqual([]);
  const other = (await up("DkimKey", "other", { signingDomain: NAME, selector: "s9", adopt: true })).held;
  expect(other.outs.active).toBe(true);
  expect((await keys()).map((k: { selector: string }) => k.selector)).toEqual(["k1", "s1", "s9"]);

  // One of two active keys goes.
  newRun();
  await destroy(other);
  expect((await keys()).map((k: { selector: string }) => k.selector)).toEqual(["k1", "s1"]);
});
