import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const NAME = "mg.domain-test.example.com";
const domain = (args: Record<string, unknown> = {}): ResourceSpec => ({
  kind: "Domain",
  name: "main",
  args: { name: NAME, spamAction: "tag", openTracking: true, clickTracking: "htmlonly", smtpPassword: "first-password", ...args },
});

describe("Domain through the real Pulumi engine", () => {
  const t = useMailgunStack([domain()], { emulator: { knobs: { deleteDelayMs: 1500 } } });

  test("lifecycle with tracking, write-only password, drift, deletion, replace and adoption", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    const outs = up.outputs.resources.value.main;
    expect(outs).toMatchObject({ name: NAME, region: "us", spamAction: "tag", openTracking: true, clickTracking: "htmlonly", state: "unverified", smtpLogin: `postmaster@${NAME}` });
    expect(outs.dnsRecords.spf).toMatchObject({ type: "TXT", name: NAME });
    expect(outs.dnsRecords.dkim.name).toMatch(/\._domainkey\./);
    expect(outs.dnsRecords.tracking).toMatchObject({ type: "CNAME", name: `email.${NAME}` });
    expect(outs.dnsRecords.mx).toHaveLength(2);
    let live = (await emulator.state()).us.domains[0];
    expect(live).toMatchObject({ name: NAME, spam_action: "tag" });
    expect(live.tracking.open.active).toBe(true);

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });
    // A refresh stores as inputs only what the program set (not the DKIM selector or footers it leaves to Mailgun).
    const domainState = JSON.parse(project.rawState()).checkpoint.latest.resources.find((r: { type: string }) => r.type.endsWith(":Domain"));
    expect(Object.keys(domainState.inputs)).not.toContain("dkimSelector");
    expect(Object.keys(domainState.inputs)).not.toContain("unsubscribeHtmlFooter");

    // A no-op `up` makes no write calls (the password is not re-sent).
    await emulator.clearRequests();
    await stack.up({ onOutput: log.onOutput });
    expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    // In place: same domain id, new spam action, click tracking off, new password.
    await project.setResources([domain({ spamAction: "disabled", clickTracking: false, smtpPassword: "second-password" })]);
    const update = await stack.up({ onOutput: log.onOutput });
    expect(update.summary.resourceChanges).toMatchObject({ update: 1 });
    live = (await emulator.state()).us.domains[0];
    expect(live).toMatchObject({ id: outs.domainId, spam_action: "disabled" });
    expect(live.tracking.click.active).toBe(false);

    // Drift: open tracking switched off in the dashboard.
    await emulator.api("us", "PUT", `/v3/domains/${NAME}/tracking/open`, { active: "no" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    await stack.up({ refresh: true, onOutput: log.onOutput });
    expect((await emulator.state()).us.domains[0].tracking.open.active).toBe(true);
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Out-of-band deletion: refresh drops it; up recreates it (waiting out the reserved name).
    await emulator.api("us", "DELETE", `/v3/domains/${NAME}`);
    await new Promise((r) => setTimeout(r, 1600));
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await emulator.state()).us.domains).toHaveLength(1);

    // Replace keeping the name (key size cannot change): delete first, wait for the name, create.
    await project.setResources([domain({ spamAction: "disabled", clickTracking: false, smtpPassword: "second-password", dkimKeySize: 2048 })]);
    const replace = await stack.up({ onOutput: log.onOutput });
    expect(replace.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await emulator.state()).us.domains).toEqual([expect.objectContaining({ name: NAME, dkim_key_size: 2048 })]);

    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toMatchObject({ us: { domains: 0 }, eu: { domains: 0 } });
  }, 600_000);

  test("an existing domain fails with a hint to adopt it; adopt: true takes it over", async () => {
    const { emulator, project, log } = t;
    const name = "mg.adopt-test.example.com";
    await emulator.api("us", "POST", "/v4/domains", { name, spam_action: "block" });
    await project.setResources([{ kind: "Domain", name: "taken", args: { name } }]);
    const err = await project.stack.up().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(new RegExp(`domain ${name.replace(/\./g, "\\.")} already exists in region us[\\s\\S]*adopt: true`));

    await project.setResources([{ kind: "Domain", name: "taken", args: { name, adopt: true, wildcard: true } }]);
    const up = await project.stack.up({ onOutput: log.onOutput });
    expect(up.outputs.resources.value.taken).toMatchObject({ name, spamAction: "disabled", wildcard: true });
    expect((await emulator.state()).us.domains.find((d: { name: string }) => d.name === name)).toMatchObject({ spam_action: "disabled", wildcard: true });
    await project.stack.destroy();
  }, 300_000);

  test("bad input fails at preview, naming the field and the fix", async () => {
    const { emulator, project, log } = t;
    await project.setResources([{ kind: "Domain", name: "bad", args: { name: "not a domain", region: "de", smtpPassword: "abc", clickTracking: "sometimes" } }]);
    await emulator.clearRequests();
    const err = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/\[name\] "not a domain" is not a valid domain name/);
    expect(err?.message).toMatch(/\[region\] region must be "us" or "eu" \(got "de"\)/);
    expect(err?.message).toMatch(/\[smtpPassword\] smtpPassword must be 5 to 32 characters/);
    expect(err?.message).toMatch(/\[clickTracking\] clickTracking must be true, false or "htmlonly"/);
    expect(await emulator.requests()).toEqual([]);
  }, 120_000);
});
