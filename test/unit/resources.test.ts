import { generateKeyPairSync } from "node:crypto";
import { configure } from "../../provider/runtime";
import { domainHandler } from "../../provider/resources/domain";
import { dkimKeySizeOf, dkimSelectorOf, keyedRecords, sortedRecords } from "../../provider/resources/dns";
import { routeHandler } from "../../provider/resources/route";
import { actionProblem, expressionProblem } from "../../provider/resources/route-syntax";
import { markerOf, sendingKeyHandler, stripMarker } from "../../provider/resources/sending-key";
import { UNKNOWN } from "../../provider/resources/validation";
import { webhookHandler } from "../../provider/resources/webhook";

beforeAll(() => configure({ get: (k: string) => ({ "mailgun:region": "EU" })[k] }));

describe("route syntax", () => {
  test.each([
    'match_recipient("support@mg.example.com")',
    "match_recipient('.*@mg.example.com') and match_header(\"subject\", \".*urgent.*\")",
    "catch_all()",
    'match_header("X-Mailgun-Sflag", "Yes") and match_recipient("(?P<user>.*?)@mg.example.com")',
  ])("accepts %s", (expr) => expect(expressionProblem(expr)).toBeUndefined());

  test.each([
    ["", /must not be empty/],
    ["match_everything()", /is not a Mailgun filter/],
    ['match_recipient("a") or catch_all()', /is not a Mailgun filter/],
    ['match_recipient("unterminated)', /is not a Mailgun filter/],
  ])("rejects %j", (expr, message) => expect(expressionProblem(expr)).toMatch(message));

  test.each(['forward("ops@example.com")', 'forward("https://example.com/in, ops@example.com")', "store()", 'store(notify="https://example.com/n")', "stop()"])(
    "accepts action %s",
    (action) => expect(actionProblem(action)).toBeUndefined(),
  );
  test.each([
    ['forward("not-an-address")', /neither an email address nor an http\(s\) URL/],
    ['store(notify="ftp://x")', /needs an http\(s\) URL/],
    ["drop()", /is not a Mailgun action/],
  ])("rejects action %s", (action, message) => expect(actionProblem(action)).toMatch(message));
});

describe("check", () => {
  test("fills defaults and the configured default region, normalizes names", async () => {
    const { inputs, failures } = await domainHandler.check({}, { name: "MG.Example.COM" });
    expect(failures).toBeUndefined();
    expect(inputs).toMatchObject({ name: "mg.example.com", region: "eu", spamAction: "disabled", webPrefix: "email", clickTracking: false });
  });

  test("names the field and the fix for every problem", async () => {
    const { failures } = await domainHandler.check({}, { name: "bad name", region: "asia", dkimKeySize: 4096, typo: 1 });
    const reasons = failures!.map((f) => f.reason).join("\n");
    expect(failures!.map((f) => f.property).sort()).toEqual(["", "dkimKeySize", "name", "region"].sort());
    expect(reasons).toMatch(/Domain: \[typo\] typo is not a Domain input; the inputs are name, region, /);
    expect(reasons).toMatch(/Domain: \[region\] region must be "us" or "eu" \(got "asia"\)/);
    expect(reasons).toMatch(/dkimKeySize must be 1024 or 2048/);
  });

  test("values unknown during preview are passed through and not validated", async () => {
    const { inputs, failures } = await webhookHandler.check({}, { domain: UNKNOWN, url: "https://example.com/h", events: ["opened", "delivered"] });
    expect(failures).toBeUndefined();
    expect(inputs).toMatchObject({ domain: UNKNOWN, events: ["delivered", "opened"], region: "eu" });
  });

  test("sending key expiration must be positive seconds", async () => {
    const { failures } = await sendingKeyHandler.check({}, { domain: "mg.example.com", expiration: -5 });
    expect(failures?.[0]).toMatchObject({ property: "expiration" });
  });

  test("routes need at least one action", async () => {
    const { failures } = await routeHandler.check({}, { expression: "catch_all()", actions: [] });
    expect(failures?.[0].reason).toMatch(/actions needs at least one action/);
  });
});

describe("diff", () => {
  const base = { name: "mg.example.com", region: "us", spamAction: "disabled", wildcard: false, forceDkimAuthority: false, webScheme: "http", webPrefix: "email", requireTls: false, skipVerification: false, useAutomaticSenderSecurity: false, openTracking: false, clickTracking: false, unsubscribeTracking: false } as any;
  const outs = { ...base, domainId: "x", state: "active", createdAt: "then", sendingDnsRecords: [], dkimKeySize: 1024 };

  test("ignores output-only fields", async () => expect(await domainHandler.diff("mg.example.com", outs, base)).toEqual({ changes: false }));
  test("in-place fields update", async () => expect(await domainHandler.diff("x", outs, { ...base, clickTracking: "htmlonly" })).toEqual({ changes: true }));
  test("region replaces, deleting first because the name is kept", async () =>
    expect(await domainHandler.diff("x", outs, { ...base, region: "eu" })).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: true }));
  test("a new name replaces without deleting first", async () =>
    expect(await domainHandler.diff("x", outs, { ...base, name: "mg2.example.com" })).toEqual({ changes: true, replaces: ["name"] }));
  test("an unreadable key size is not a change", async () =>
    expect(await domainHandler.diff("x", { ...outs, dkimKeySize: undefined }, { ...base, dkimKeySize: 2048 })).toEqual({ changes: false }));
  test("sending keys replace on any change", async () => {
    const k = { domain: "mg.example.com", description: "a", region: "us" } as any;
    expect(await sendingKeyHandler.diff("id", { ...k, keyId: "id", secret: "s" }, { ...k, rotation: "2" })).toEqual({ changes: true, replaces: ["rotation"] });
  });
});

describe("DNS records", () => {
  const der = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
  const records = [
    { record_type: "CNAME", name: "email.mg.example.com", value: "mailgun.org", valid: "unknown" },
    { record_type: "TXT", name: "mg.example.com", value: "v=spf1 include:mailgun.org ~all", valid: "valid" },
    { record_type: "TXT", name: "k1._domainkey.mg.example.com", value: `k=rsa; p=${der}`, valid: "unknown" },
  ];
  test("stable order, keyed by purpose, selector and key size read back", () => {
    const sorted = sortedRecords([...records].reverse() as any, "mg.example.com");
    expect(sorted.map((r) => r.type)).toEqual(["CNAME", "TXT", "TXT"]);
    expect(sortedRecords(records as any, "mg.example.com")).toEqual(sorted);
    const keyed = keyedRecords("mg.example.com", sorted, []);
    expect(keyed.spf?.value).toMatch(/^v=spf1/);
    expect(keyed.dkim?.name).toBe("k1._domainkey.mg.example.com");
    expect(keyed.tracking?.type).toBe("CNAME");
    expect(dkimSelectorOf(sorted)).toBe("k1");
    expect(dkimKeySizeOf(sorted)).toBe(2048);
  });
  test("each key's own size, asked again and again (sizes are kept per key)", () => {
    const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
    const withKey = (p: string) => sortedRecords([{ ...records[2], value: `k=rsa; p=${p}` }] as any, "mg.example.com");
    for (let i = 0; i < 2; i++) {
      expect(dkimKeySizeOf(withKey(der))).toBe(2048);
      expect(dkimKeySizeOf(withKey(small))).toBe(1024);
      expect(dkimKeySizeOf(withKey("bm90IGEga2V5"))).toBeUndefined();
    }
  });
});

describe("sending key markers", () => {
  const i = { domain: "mg.example.com", description: "app", region: "us", ownerTag: "o1" } as any;
  test("differ by configuration so a rotation never deletes the key it replaces", () => {
    expect(markerOf(i)).not.toBe(markerOf({ ...i, rotation: "2" }));
    expect(markerOf(i)).toBe(markerOf({ ...i }));
  });
  test("are stripped from descriptions read back", () => expect(stripMarker(`app ${markerOf(i)}`)).toBe("app"));
});
