import { Recorded, calls, laterRun, previewRefresh, refresh, refusal, up, useEngineSteps, writes } from "./engine-runs";

/**
 * What is particular to a Domain: tracking and the write-only SMTP password, the DNS records
 * handed to DNS providers, dkimRotation, a name Mailgun reserves while it deletes, and adoption.
 */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "5000" });
const requests = () => h.emulator.requests();
const liveDomain = async (name: string) => (await h.emulator.state()).us.domains.find((d: { name: string }) => d.name === name);

describe("settings, tracking and the write-only password", () => {
  const NAME = "mg.domain-test.example.com";
  const args = (more: Record<string, unknown> = {}) => ({ name: NAME, spamAction: "tag", openTracking: true, clickTracking: "htmlonly", smtpPassword: "first-password", ...more });

  test("create sets spam action and tracking and hands on the DNS records; a refresh records only the inputs the program set", async () => {
    const { state } = await up("Domain", "main", args());
    expect(state.outs).toMatchObject({ name: NAME, region: "us", spamAction: "tag", openTracking: true, clickTracking: "htmlonly", state: "unverified", smtpLogin: `postmaster@${NAME}` });
    expect(state.outs.dnsRecords.spf).toMatchObject({ type: "TXT", name: NAME });
    expect(state.outs.dnsRecords.dkim.name).toMatch(/\._domainkey\./);
    expect(state.outs.dnsRecords.tracking).toMatchObject({ type: "CNAME", name: `email.${NAME}` });
    expect(state.outs.dnsRecords.mx).toHaveLength(2);
    const live = await liveDomain(NAME);
    expect(live).toMatchObject({ name: NAME, spam_action: "tag" });
    expect(live.tracking.open.active).toBe(true);

    // Not the DKIM selector or footers, which the program leaves to Mailgun.
    const refreshed = (await refresh(laterRun(state)))!;
    expect(Object.keys(refreshed.inputs)).not.toContain("dkimSelector");
    expect(Object.keys(refreshed.inputs)).not.toContain("unsubscribeHtmlFooter");
    expect(refreshed.inputs).toMatchObject({ name: NAME, spamAction: "tag", openTracking: true, clickTracking: "htmlonly" });
  });

  test("the password is sent only when it changes: an unchanged program writes nothing, an update is one write of each kind", async () => {
    const { state: made } = await up("Domain", "main", args());
    await h.emulator.clearRequests();
    // The same program, before and after a refresh (Mailgun never returns the password).
    expect((await up("Domain", "main", args(), made)).step).toBe("same");
    const refreshed = (await refresh(laterRun(made)))!;
    expect((await up("Domain", "main", args(), refreshed)).step).toBe("same");
    expect(writes(await requests())).toEqual([]);

    await h.emulator.clearRequests();
    const update = await up("Domain", "main", args({ spamAction: "disabled", clickTracking: false, smtpPassword: "second-password" }), refreshed);
    expect(update.step).toBe("update");
    expect(calls(writes(await requests()))).toEqual([`PUT /v4/domains/${NAME}`, `PUT /v3/domains/${NAME}/tracking/click`]);
    const live = await liveDomain(NAME);
    expect(live).toMatchObject({ id: made.outs.domainId, spam_action: "disabled" });
    expect(live.tracking.click.active).toBe(false);
    // Mailgun refuses to set the password it already has: proof the new one reached it.
    await expect(h.emulator.api("us", "PUT", `/v3/domains/${NAME}/credentials/postmaster@${NAME}`, { password: "second-password" })).rejects.toThrow(/400/);
    expect(update.state.outs.smtpPassword).toBe("second-password");
  });

  test("open tracking switched off by hand is drift that preview --refresh shows and up --refresh puts back", async () => {
    const { state: made } = await up("Domain", "main", args());
    await h.emulator.api("us", "PUT", `/v3/domains/${NAME}/tracking/open`, { active: "no" });
    expect((await previewRefresh(laterRun(made), args()))?.changes).toBe(true);
    const refreshed = (await refresh(laterRun(made)))!;
    const repaired = await up("Domain", "main", args(), refreshed);
    expect(repaired.step).toBe("update");
    expect((await liveDomain(NAME)).tracking.open.active).toBe(true);
    expect((await previewRefresh(laterRun(repaired.state), args()))?.changes).toBe(false);
  });

  test("a new key size replaces the domain delete-first, and the create waits until Mailgun releases the name", async () => {
    await h.emulator.setKnobs({ deleteDelayMs: 1500 });
    const { state: made } = await up("Domain", "main", args());
    await h.emulator.clearRequests();
    const replaced = await up("Domain", "main", args({ dkimKeySize: 2048 }), made);
    // The provider asks for delete-first (the name cannot exist twice); engine-steps honours it as the engine does.
    expect(replaced.diff).toEqual({ changes: true, replaces: ["dkimKeySize"], deleteBeforeReplace: true });
    const log = await requests();
    const deleted = log.findIndex((r) => r.method === "DELETE" && r.path === `/v3/domains/${NAME}`);
    const created = log.findIndex((r) => r.method === "POST" && r.path === "/v4/domains");
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(created).toBeGreaterThan(deleted);
    // Polled while Mailgun still held the name, and created once it was gone: never refused as taken.
    const polls = log.slice(deleted + 1, created).filter((r) => r.method === "GET" && r.path === `/v4/domains/${NAME}`);
    expect(polls.map((r) => r.status)).toContain(200);
    expect(polls[polls.length - 1].status).toBe(404);
    expect(log[created].status).toBe(200);
    expect((await h.emulator.state()).us.domains).toEqual([expect.objectContaining({ name: NAME, dkim_key_size: 2048 })]);
  });
});

test("a domain that already exists fails with the advice to adopt it; adopt: true takes it over and sets it as declared", async () => {
  const name = "mg.adopt-test.example.com";
  await h.emulator.api("us", "POST", "/v4/domains", { name, spam_action: "block" });
  const err = await up("Domain", "taken", { name }).then(() => undefined, (e: Error) => e);
  expect(err?.message).toMatch(new RegExp(`domain ${name.replace(/\./g, "\\.")} already exists in region us[\\s\\S]*adopt: true`));

  await h.emulator.clearRequests();
  const { state } = await up("Domain", "taken", { name, adopt: true, wildcard: true });
  expect(state.outs).toMatchObject({ name, spamAction: "disabled", wildcard: true });
  expect(await liveDomain(name)).toMatchObject({ spam_action: "disabled", wildcard: true });
  expect(calls(writes(await requests()))).not.toContain("POST /v4/domains");
});

test("bad name, region, password and click tracking are refused by check, each naming its field, before any call", async () => {
  await h.emulator.clearRequests();
  const message = await refusal("Domain", "bad", { name: "not a domain", region: "de", smtpPassword: "abc", clickTracking: "sometimes" });
  expect(message).toMatch(/\[name\] "not a domain" is not a valid domain name/);
  expect(message).toMatch(/\[region\] region must be "us" or "eu" \(got "de"\)/);
  expect(message).toMatch(/\[smtpPassword\] smtpPassword must be 5 to 32 characters/);
  expect(message).toMatch(/\[clickTracking\] clickTracking must be true, false or "htmlonly"/);
  expect(await requests()).toEqual([]);
});

/** The DNS outputs feed DNS providers: they must show what Mailgun serves, after updates and after drift. */
describe("DNS records", () => {
  const dkimNames = (outs: { dnsRecords: { dkim: { name: string } }; sendingDnsRecords: { name: string }[] }) => [
    outs.dnsRecords.dkim.name,
    ...outs.sendingDnsRecords.filter((r) => r.name.includes("._domainkey.")).map((r) => r.name),
  ];

  test("after an update the outputs show the records Mailgun serves", async () => {
    const SET = "mg.dns-test.example.com";
    const { state: first } = await up("Domain", "set", { name: SET, dkimSelector: "sel1" });
    expect(dkimNames(first.outs)).toEqual([`sel1._domainkey.${SET}`, `sel1._domainkey.${SET}`]);
    const second = await up("Domain", "set", { name: SET, dkimSelector: "sel2" }, first);
    expect(second.step).toBe("update");
    expect(dkimNames(second.state.outs)).toEqual([`sel2._domainkey.${SET}`, `sel2._domainkey.${SET}`]);
    expect((await previewRefresh(laterRun(second.state), { name: SET, dkimSelector: "sel2" }))?.changes).toBe(false);
  });

  test("records changed at Mailgun are drift, even where no input shows it", async () => {
    const LEFT = "mg.dns-free.example.com";
    const { state: made } = await up("Domain", "left", { name: LEFT });
    // The program leaves the selector to Mailgun; someone changes it in the dashboard.
    await h.emulator.api("us", "PUT", `/v3/domains/${LEFT}/dkim_selector`, { dkim_selector: "dashboard1" });
    expect((await previewRefresh(laterRun(made), { name: LEFT }))?.changes).toBe(true);
    const repaired = await up("Domain", "left", { name: LEFT }, (await refresh(laterRun(made)))!);
    expect(repaired.step).toBe("update");
    expect(dkimNames(repaired.state.outs)).toEqual([`dashboard1._domainkey.${LEFT}`, `dashboard1._domainkey.${LEFT}`]);
    expect((await previewRefresh(laterRun(repaired.state), { name: LEFT }))?.changes).toBe(false);
  });
});

describe("dkimRotation", () => {
  const NAME = "mg.rotation-test.example.com";
  const ROTATION = `/v1/dkim_management/domains/${NAME}`;
  const args = (dkimRotation?: Record<string, unknown>) => ({ name: NAME, useAutomaticSenderSecurity: true, ...(dkimRotation ? { dkimRotation } : {}) });
  const live = async () => (await liveDomain(NAME))?.dkim_rotation;
  const rotationCalls = async () => (await requests()).filter((r) => r.path.startsWith(ROTATION)).map((r) => r.method);
  const byHand = (form: Record<string, string>) => h.emulator.api("us", "PUT", `${ROTATION}/rotation`, form);

  async function made(): Promise<Recorded> {
    return (await up("Domain", "d", args({ enabled: true, interval: "7d" }))).state;
  }

  test("set at creation after the domain; read back while declared (one GET); a new interval is one PUT", async () => {
    const d = await made();
    expect(calls(writes(await requests()))).toEqual(["POST /v4/domains", `PUT ${ROTATION}/rotation`]);
    expect(d.outs.dkimRotation).toEqual({ enabled: true, interval: "7d" });
    expect(await live()).toEqual({ enabled: true, interval: "7d" });

    await h.emulator.clearRequests();
    expect((await previewRefresh(laterRun(d), args({ enabled: true, interval: "7d" })))?.changes).toBe(false);
    expect(await rotationCalls()).toEqual(["GET"]);

    await h.emulator.clearRequests();
    const change = await up("Domain", "d", args({ enabled: true, interval: "10d" }), d);
    expect(change.step).toBe("update");
    expect(await rotationCalls()).toEqual(["PUT"]);
    expect(await live()).toEqual({ enabled: true, interval: "10d" });
  });

  test("switched off by hand is drift put back by up --refresh; the same duration in other words is not drift, another is", async () => {
    let d = await made();
    const declared = args({ enabled: true, interval: "7d" });
    const repair = async () => {
      d = (await up("Domain", "d", declared, (await refresh(laterRun(d)))!)).state;
      expect(await live()).toEqual({ enabled: true, interval: "7d" });
      expect((await previewRefresh(laterRun(d), declared))?.changes).toBe(false);
    };
    await byHand({ rotation_enabled: "false" });
    expect((await previewRefresh(laterRun(d), declared))?.changes).toBe(true);
    await repair();

    await byHand({ rotation_enabled: "true", rotation_interval: "168h" });
    expect((await previewRefresh(laterRun(d), declared))?.changes).toBe(false);
    await byHand({ rotation_enabled: "true", rotation_interval: "14d" });
    expect((await previewRefresh(laterRun(d), declared))?.changes).toBe(true);
    await repair();
  });

  test("removed from the program: no longer managed; Mailgun keeps its setting, nothing is sent, reads stop asking", async () => {
    const d = await made();
    await h.emulator.clearRequests();
    const dropped = await up("Domain", "d", args(), d);
    expect(dropped.step).toBe("update");
    expect(await rotationCalls()).toEqual([]);
    expect(await live()).toEqual({ enabled: true, interval: "7d" });
    expect(dropped.state.outs.dkimRotation).toBeUndefined();
    await h.emulator.clearRequests();
    expect((await previewRefresh(laterRun(dropped.state), args()))?.changes).toBe(false);
    expect(await rotationCalls()).toEqual([]);
    expect((await refresh(laterRun(dropped.state)))!.outs.dkimRotation).toBeUndefined();
  });
});
