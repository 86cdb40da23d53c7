import { checkIntervalMs, isVerified, recordsOf, summary, timeoutMessage, zoneLine } from "../../provider/resources/verification-records";

const D = "mg.example.com";
/** Mailgun's answer shape (domains.yml, Dec 2025), with automatic sender security's DKIM CNAME added. */
function live(valid: Record<string, string>, state = "unverified") {
  const v = (key: string) => valid[key] ?? "invalid";
  return {
    domain: { name: D, state },
    sending_dns_records: [
      { record_type: "CNAME", name: `email.${D}`, value: "mailgun.org", valid: v("tracking"), cached: [] },
      { record_type: "TXT", name: D, value: "v=spf1 include:mailgun.org ~all", valid: v("spf"), cached: [] },
      { record_type: "CNAME", name: `pdk1._domainkey.${D}`, value: "pdk1._domainkey.abc.service.mailgun.com", valid: v("dkim"), cached: [] },
    ],
    receiving_dns_records: [
      { record_type: "MX", value: "mxb.mailgun.org", priority: "10", valid: v("mx"), cached: [] },
      { record_type: "MX", value: "mxa.mailgun.org", priority: "10", valid: v("mx"), cached: [] },
    ],
  } as any;
}

describe("verification records", () => {
  test("categories: a DKIM CNAME is a sending record, the other CNAME is tracking, MX is receiving", () => {
    const records = recordsOf(live({ spf: "valid" }), ["tracking", "sending", "receiving"]);
    expect(records.map((r) => `${r.category} ${r.type} ${r.name} ${r.value}`)).toEqual([
      `sending CNAME pdk1._domainkey.${D} pdk1._domainkey.abc.service.mailgun.com`,
      `sending TXT ${D} v=spf1 include:mailgun.org ~all`,
      `receiving MX ${D} mxa.mailgun.org`,
      `receiving MX ${D} mxb.mailgun.org`,
      `tracking CNAME email.${D} mailgun.org`,
    ]);
    expect(recordsOf(live({}), ["receiving"]).every((r) => r.category === "receiving" && r.priority === 10)).toBe(true);
  });

  test("verified: every waited-for record valid, and active when sending is waited for", () => {
    const all = { spf: "valid", dkim: "valid", tracking: "valid", mx: "valid" };
    expect(isVerified("unverified", recordsOf(live(all), ["sending"]), ["sending"])).toBe(false);
    expect(isVerified("active", recordsOf(live(all), ["sending"]), ["sending"])).toBe(true);
    expect(isVerified("unverified", recordsOf(live({ mx: "valid" }), ["receiving"]), ["receiving"])).toBe(true);
    expect(isVerified("active", recordsOf(live({ spf: "valid", dkim: "valid", tracking: "unknown" }), ["sending", "tracking"]), ["sending", "tracking"])).toBe(false);
  });

  test("progress summary counts per category, and names the state when only it is missing", () => {
    expect(summary("unverified", recordsOf(live({ spf: "valid" }), ["sending", "receiving"]), ["sending", "receiving"])).toBe("1 of 2 sending, 0 of 2 receiving records valid");
    expect(summary("unverified", recordsOf(live({ spf: "valid", dkim: "valid" }), ["sending"]), ["sending"])).toBe("2 of 2 sending records valid, domain state unverified");
  });

  test("zone-file lines: fully qualified names, quoted TXT split at 255, MX priority", () => {
    expect(zoneLine({ type: "TXT", name: D, value: "v=spf1 include:mailgun.org ~all" })).toBe(`${D}. IN TXT "v=spf1 include:mailgun.org ~all"`);
    expect(zoneLine({ type: "CNAME", name: `email.${D}`, value: "mailgun.org" })).toBe(`email.${D}. IN CNAME mailgun.org.`);
    expect(zoneLine({ type: "MX", name: D, value: "mxa.mailgun.org", priority: 10 })).toBe(`${D}. IN MX 10 mxa.mailgun.org.`);
    const key = `k=rsa; p=${"A".repeat(400)}`;
    const line = zoneLine({ type: "TXT", name: `k1._domainkey.${D}`, value: key });
    const strings = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect(strings.map((s) => s.length)).toEqual([255, key.length - 255]);
    expect(strings.join("")).toBe(key);
    expect(zoneLine({ type: "TXT", name: D, value: 'say "hi"' })).toBe(`${D}. IN TXT "say \\"hi\\""`);
  });

  test("timeout message lists only the records not valid, one pasteable line each", () => {
    const records = recordsOf(live({ dkim: "valid" }), ["sending"]);
    expect(timeoutMessage(D, 600, "unverified", records, ["sending"])).toBe([
      `domain ${D} is not verified after 600 s (Mailgun reports state "unverified"; waiting for sending records).`,
      "Mailgun does not see this DNS record yet; publish it at your DNS provider (zone-file lines):",
      `    ${D}. IN TXT "v=spf1 include:mailgun.org ~all"    ; sending, invalid`,
      "then run pulumi up again. DNS changes can take a while to propagate: timeoutSeconds sets how long pulumi up waits.",
    ].join("\n"));
    expect(timeoutMessage(D, 5, "unverified", recordsOf(live({ spf: "valid", dkim: "valid" }), ["sending"]), ["sending"])).toMatch(/Every record is valid, but Mailgun has not made the domain active yet/);
  });

  test("checks a tenth of the timeout apart, from 1 s to 30 s", () => {
    expect([5, 10, 20, 600, 7200].map(checkIntervalMs)).toEqual([1_000, 1_000, 2_000, 30_000, 30_000]);
  });
});
