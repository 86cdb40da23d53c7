/** DKIM keys and rotation: preview-time checks, diff rules and the record helpers, without any API call. */
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { configure } from "../../provider/runtime";
import { dkimKeyHandler, type DkimKeyOutputs } from "../../provider/resources/dkim-key";
import { pemFacts } from "../../provider/resources/dkim-pem";
import { durationMs, rotationOutput } from "../../provider/resources/dkim-rotation";
import { dkimSelectorOf, dnsDigest, keyedRecords } from "../../provider/resources/dns";
import { domainHandler } from "../../provider/resources/domain";

beforeAll(() => configure({ get: () => undefined }));

const key = (bits: number) => generateKeyPairSync("rsa", { modulusLength: bits }).privateKey;
const PEM = key(1024).export({ type: "pkcs1", format: "pem" }).toString();
const PUBLIC = createPublicKey(PEM).export({ type: "spki", format: "der" }).toString("base64");
const LINE = PEM.split("\n")[3];

describe("pem", () => {
  test("a PKCS#1 RSA key gives its public key and size", () => {
    expect(pemFacts(PEM)).toEqual({ ok: true, publicKey: PUBLIC, bits: 1024 });
  });

  test("failures never quote the key, and name it only as pem", async () => {
    const pkcs8 = key(1024).export({ type: "pkcs8", format: "pem" }).toString();
    const result = await dkimKeyHandler.check({}, { signingDomain: "mg.example.com", selector: "s1", pem: pkcs8, bits: 2048 });
    const text = JSON.stringify(result.failures);
    expect(result.failures?.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^DkimKey: \[pem\] pem is in PKCS#8 form/),
      expect.stringMatching(/^DkimKey: \[bits\] bits and pem exclude each other/),
    ]);
    expect(result.failures?.every((f) => f.property === "" || f.property === "bits")).toBe(true);
    expect(text).not.toContain(pkcs8.split("\n")[3]);
    // Even a value that is a PEM line quoted back by zod's own messages (a misspelled field) is masked.
    const typo = await dkimKeyHandler.check({}, { signingDomain: "mg.example.com", selector: "s1", pEm: PEM });
    expect(JSON.stringify(typo.failures)).not.toContain(LINE);
  });
});

describe("DkimKey diff", () => {
  const olds = { signingDomain: "mg.example.com", selector: "s1", region: "us", pem: PEM, publicKey: PUBLIC, active: false } as unknown as DkimKeyOutputs;

  test("a reformatted PEM is the same key; another key replaces, deleting first (same selector)", async () => {
    const reformatted = PEM.replace(/\n/g, "\r\n");
    expect(await dkimKeyHandler.diff("id", olds, { ...olds, pem: reformatted })).toEqual({ changes: false });
    const other = key(1024).export({ type: "pkcs1", format: "pem" }).toString();
    expect(await dkimKeyHandler.diff("id", olds, { ...olds, pem: other })).toEqual({ changes: true, replaces: ["pem"], deleteBeforeReplace: true });
  });

  test("activation is in place; a new selector replaces creating first", async () => {
    expect(await dkimKeyHandler.diff("id", olds, { ...olds, active: true })).toEqual({ changes: true });
    expect(await dkimKeyHandler.diff("id", olds, { ...olds, selector: "s2" })).toEqual({ changes: true, replaces: ["selector"] });
  });

  test("a key re-made by hand under the selector (another public key at Mailgun) shows as a change of pem", async () => {
    expect(await dkimKeyHandler.diff("id", { ...olds, publicKey: "MIGf-other" }, { ...olds })).toMatchObject({ replaces: ["pem"] });
  });
});

describe("rotation", () => {
  test.each([["5d", 5 * 86_400_000], ["120h", 120 * 3_600_000], ["7d12h", 7.5 * 86_400_000], ["120h0m0s", 120 * 3_600_000], ["1w", undefined], ["", undefined]])(
    "durationMs(%j)", (text, ms) => expect(durationMs(text)).toBe(ms),
  );

  test("the live interval is reported in the program's spelling when it is the same duration", () => {
    expect(rotationOutput({ enabled: true, interval: "7d" }, { rotation_enabled: true, rotation_interval: "168h0m0s" })).toEqual({ enabled: true, interval: "7d" });
    expect(rotationOutput({ enabled: true, interval: "7d" }, { rotation_enabled: true, rotation_interval: "10d" })).toEqual({ enabled: true, interval: "10d" });
    // No interval in the program: none compared.
    expect(rotationOutput({ enabled: false }, { rotation_enabled: false, rotation_interval: "10d" })).toEqual({ enabled: false });
  });

  test("check: cross-field rules reported with the fields' own failures", async () => {
    const result = await domainHandler.check({}, { name: "mg.example.com", spamAction: "loud", dkimRotation: { enabled: false, interval: "7d" } });
    expect(result.failures?.map((f) => f.reason)).toEqual([
      expect.stringMatching(/\[spamAction\]/),
      expect.stringMatching(/\[dkimRotation.interval\] dkimRotation.interval is only allowed with enabled: true/),
      expect.stringMatching(/\[dkimRotation\] dkimRotation needs useAutomaticSenderSecurity: true/),
    ]);
    expect(await domainHandler.check({}, { name: "mg.example.com", useAutomaticSenderSecurity: true, dkimRotation: { enabled: true, interval: "7d" } }))
      .toMatchObject({ inputs: { dkimRotation: { enabled: true, interval: "7d" } } });
  });

  test.each([
    [{ enabled: true, interval: 7 }, /\[dkimRotation.interval\] dkimRotation.interval must be a string/],
    [{ interval: "7d" }, /\[dkimRotation.enabled\] dkimRotation.enabled must be true or false/],
    [true, /\[dkimRotation\] dkimRotation must be an object such as \{ enabled: true, interval: "7d" \}/],
  ])("check refuses dkimRotation %j", async (dkimRotation, reason) => {
    const result = await domainHandler.check({}, { name: "mg.example.com", useAutomaticSenderSecurity: true, dkimRotation });
    expect(result.failures?.map((f) => f.reason)).toContainEqual(expect.stringMatching(reason));
  });

  test("removing dkimRotation from the program is a change (the state stops recording it), adding it too", async () => {
    const outs = (await domainHandler.check({}, { name: "mg.example.com", useAutomaticSenderSecurity: true })).inputs!;
    const withRotation = { ...outs, dkimRotation: { enabled: true } };
    expect(await domainHandler.diff("mg.example.com", withRotation as never, outs as never)).toMatchObject({ changes: true });
    expect(await domainHandler.diff("mg.example.com", outs as never, withRotation as never)).toMatchObject({ changes: true });
    expect(await domainHandler.diff("mg.example.com", withRotation as never, withRotation as never)).toMatchObject({ changes: false });
  });
});

describe("a domain with several DKIM keys", () => {
  const rec = (selector: string, value = `k=rsa; p=${selector}`) => ({ type: "TXT", name: `${selector}._domainkey.mg.example.com`, value, valid: "unknown" });
  const spf = { type: "TXT", name: "mg.example.com", value: "v=spf1 include:mailgun.org ~all", valid: "unknown" };
  const sending = [rec("a1"), rec("k1"), spf];

  test("its own selector's record is the domain's DKIM record", () => {
    expect(dkimSelectorOf(sending, "k1")).toBe("k1");
    expect(dkimSelectorOf(sending, "gone")).toBe("a1");
    expect(keyedRecords("mg.example.com", sending, [], "k1").dkim?.name).toBe("k1._domainkey.mg.example.com");
  });

  test("the DNS digest ignores other keys' records, not its own", () => {
    const own = dnsDigest([rec("k1"), spf], [], "k1");
    expect(dnsDigest(sending, [], "k1")).toBe(own);
    expect(dnsDigest([rec("k1", "k=rsa; p=rotated"), spf], [], "k1")).not.toBe(own);
  });
});
