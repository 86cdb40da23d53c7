import { exampleStack, isWrite, useExampleEmulator } from "../../testkit/examples";

/**
 * examples/transactional-mail through the real Pulumi CLI: templates with versions and a rollback,
 * a newsletter list with members, suppressions carried over with adopt (one of them already at
 * Mailgun), and a destroy that leaves none of it. Drift by hand is the tour's (tour.test.ts) and,
 * for an unsubscribe deleted by hand, test/handlers/suppressions.test.ts's.
 */
const DOMAIN = "mg.mail.example.com";
const LIST = `newsletter@${DOMAIN}`;

interface LiveVersion {
  tag: string;
  active: boolean;
}

describe("examples/transactional-mail", () => {
  const t = useExampleEmulator();

  const templates = async () => (await t.emulator.state()).us.templates[DOMAIN] ?? [];
  const activeWelcome = async () => ((await templates()).find((t: { name: string }) => t.name === "welcome")?.versions ?? []).filter((v: LiveVersion) => v.active).map((v: LiveVersion) => v.tag);
  const suppressions = async () => (await t.emulator.state()).us.suppressions;
  const members = async () => (await t.emulator.api("us", "GET", `/v3/lists/${LIST}/members/pages`)).items;

  test("up makes every object, a rollback is one change, refresh converges, destroy leaves nothing", async () => {
    t.project = await exampleStack(t.emulator, "transactional-mail", { "mailgun-transactional-mail:domain": DOMAIN });
    const p = t.project;

    const up = await p.stack.up();
    // The domain, 2 templates, 3 versions, the list, 3 members, 2 bounces, 2 unsubscribes, 1 complaint, 1 allowlist entry, and the stack.
    expect(up.summary.resourceChanges).toMatchObject({ create: 17 });
    expect(up.outputs.suppressionsImported.value).toBe(5);

    const live = await templates();
    expect(live.map((t: { name: string }) => t.name).sort()).toEqual(["password-reset", "welcome"]);
    expect(await activeWelcome()).toEqual(["v2"]);
    const reset = live.find((t: { name: string }) => t.name === "password-reset").versions[0];
    expect(reset.headers).toEqual({ From: `Example <security@${DOMAIN}>`, Subject: "Reset your password", "Reply-To": `support@${DOMAIN}` });

    const list = (await t.emulator.api("us", "GET", `/v3/lists/${LIST}`)).list;
    expect(list).toMatchObject({ access_level: "readonly", reply_preference: "sender", members_count: 3 });
    const byAddress = Object.fromEntries((await members()).map((m: { address: string }) => [m.address, m]));
    expect(byAddress["alan@example.org"]).toMatchObject({ subscribed: false, vars: { plan: "free" } });
    expect(byAddress["grace@example.org"]).toMatchObject({ subscribed: true, name: "Grace Hopper", vars: { plan: "enterprise" } });

    const s = await suppressions();
    expect(s[`bounces:${DOMAIN}`].map((e: { address: string; code: string }) => `${e.address} ${e.code}`).sort()).toEqual(["full-mailbox@example.org 552", "no-such-user@example.net 550"]);
    expect(s[`unsubscribes:${DOMAIN}`].find((e: { address: string }) => e.address === "no-newsletter@example.com").tags).toEqual(["newsletter"]);
    expect(s[`complaints:${DOMAIN}`].map((e: { address: string }) => e.address)).toEqual(["marked-as-spam@example.org"]);
    expect(s[`whitelists:${DOMAIN}`].map((e: { value: string }) => e.value)).toEqual(["example.com"]);

    await p.stack.preview({ expectNoChanges: true });
    await p.stack.preview({ refresh: true, expectNoChanges: true });

    // Roll back the welcome template: both versions' `active` changes in the program, but Mailgun
    // needs one call (activating v1 deactivates v2); nothing is replaced or deleted.
    await p.stack.setConfig("mailgun-transactional-mail:welcomeVersion", { value: "v1" });
    await t.emulator.clearRequests();
    const rollback = await p.stack.up();
    expect(rollback.summary.resourceChanges).toMatchObject({ update: 2 });
    const writes = (await t.emulator.requests()).filter(isWrite).map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([`PUT /v3/${DOMAIN}/templates/welcome/versions/v1`]);
    expect(rollback.summary.resourceChanges?.replace ?? 0).toBe(0);
    expect(rollback.summary.resourceChanges?.delete ?? 0).toBe(0);
    expect(await activeWelcome()).toEqual(["v1"]);
    // v2's state still says active until a refresh reads it; that refresh proposes no change.
    await p.stack.preview({ refresh: true, expectNoChanges: true });

    await p.stack.destroy();
    expect(await templates()).toEqual([]);
    expect((await t.emulator.api("us", "GET", "/v3/lists/pages")).items).toEqual([]);
    expect((await t.emulator.state()).us.suppressions).toEqual({});
    expect((await t.emulator.state()).us.domains).toEqual([]);
  }, 900_000);
});
