import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";
import { webhookId } from "../../provider/resources/webhook-id";

const NAME = "mg.webhook-test.example.com";
const OTHER = "https://other-consumer.example.com/hook";
const domain: ResourceSpec = { kind: "Domain", name: "d", args: { name: NAME } };
const TOKEN = "tok-3f9c1e7a5b";
const TOKEN_URL = `https://hooks.example.com/mailgun?token=${TOKEN}`;
const hook = (name: string, url: string, events: string[]): ResourceSpec => ({ kind: "Webhook", name, args: { domain: { $ref: "d.name" }, url, events } });

describe("Webhook through the real Pulumi engine", () => {
  const t = useMailgunStack([domain], { secrets: { hookUrl: TOKEN_URL } });
  const webhooks = async () => (await t.emulator.state()).us.webhooks[NAME] ?? {};

  test("coexists with other consumers' URLs, updates in place, detects drift, respects the 3-URL limit", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    await stack.up({ onOutput: log.onOutput });
    // Another consumer already listens to "delivered".
    await emulator.api("us", "POST", `/v3/domains/${NAME}/webhooks`, { id: "delivered", url: OTHER });

    // Two Webhook resources of one domain change the same event in one run.
    await project.setResources([domain, hook("a", "https://a.example.com/h", ["delivered", "permanent_fail"]), hook("b", "https://b.example.com/h", ["delivered"])]);
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    let map = await webhooks();
    expect([...map.delivered].sort()).toEqual(["https://a.example.com/h", "https://b.example.com/h", OTHER].sort());
    expect(map.permanent_fail).toEqual(["https://a.example.com/h"]);

    await stack.preview({ expectNoChanges: true });
    await stack.refresh({ expectNoChanges: true });

    // In place: a moves from permanent_fail to complained.
    await project.setResources([domain, hook("a", "https://a.example.com/h", ["delivered", "complained"]), hook("b", "https://b.example.com/h", ["delivered"])]);
    const update = await stack.up({ onOutput: log.onOutput });
    expect(update.summary.resourceChanges).toMatchObject({ update: 1 });
    map = await webhooks();
    expect(map.permanent_fail).toBeUndefined();
    expect(map.complained).toEqual(["https://a.example.com/h"]);
    expect(map.delivered).toContain(OTHER);

    // Drift: b's URL removed from "delivered" in the dashboard.
    await emulator.api("us", "PUT", `/v3/domains/${NAME}/webhooks/delivered`, { url: ["https://a.example.com/h", OTHER] });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    await stack.up({ refresh: true, onOutput: log.onOutput });
    expect((await webhooks()).delivered).toContain("https://b.example.com/h");

    // A fourth URL on "delivered" is refused with a message naming the three.
    await project.setResources([
      domain, hook("a", "https://a.example.com/h", ["delivered", "complained"]), hook("b", "https://b.example.com/h", ["delivered"]),
      hook("c", "https://c.example.com/h", ["delivered"]),
    ]);
    const err = await stack.up().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/already has 3 URLs .*at most 3 per event/);

    // Destroy removes our URLs and leaves the other consumer's.
    await project.setResources([domain, hook("a", "https://a.example.com/h", ["delivered", "complained"]), hook("b", "https://b.example.com/h", ["delivered"])]);
    await stack.up({ onOutput: log.onOutput });
    await project.setResources([domain]);
    await stack.up({ onOutput: log.onOutput });
    expect(await webhooks()).toEqual({ delivered: [OTHER] });
    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toMatchObject({ us: { domains: 0, webhookUrls: 0 } });
  }, 600_000);

  test("taking over a hand-made subscription leaves the URL on exactly the declared events", async () => {
    const { emulator, project } = t;
    const url = "https://adopted.example.com/h";
    await project.setResources([domain]);
    await project.stack.up();
    await emulator.api("us", "POST", `/v3/domains/${NAME}/webhooks`, { id: "delivered", url });
    await emulator.api("us", "POST", `/v3/domains/${NAME}/webhooks`, { id: "permanent_fail", url });
    await project.setResources([domain, hook("adopted", url, ["permanent_fail"])]);
    await project.stack.up();
    const map = await webhooks();
    expect(map.permanent_fail).toEqual([url]);
    expect(map.delivered ?? []).not.toContain(url);
    await project.stack.preview({ refresh: true, expectNoChanges: true });
    await project.stack.destroy();
  }, 300_000);

  test("a URL passed as a secret is never in the state in plain text, ids included; older URL-bearing ids move on refresh", async () => {
    const { project } = t;
    const { stack } = project;
    type StateResource = { type: string; id: string };
    const recordedHook = () => (JSON.parse(project.rawState()).checkpoint.latest.resources as StateResource[]).find((r) => r.type.endsWith(":Webhook"))!;
    await project.setResources([domain, { kind: "Webhook", name: "tokened", args: { domain: { $ref: "d.name" }, url: { $secret: "hookUrl" }, events: ["delivered"] } }]);
    await stack.up();
    expect((await webhooks()).delivered).toContain(TOKEN_URL);
    expect(recordedHook().id).toBe(webhookId(NAME, TOKEN_URL));
    expect(project.rawState()).not.toContain(TOKEN);

    // A stack written before ids stopped carrying the URL.
    const exported = await stack.exportStack();
    (exported.deployment.resources as StateResource[]).find((r) => r.type.endsWith(":Webhook"))!.id = `${NAME}/${TOKEN_URL}`;
    await stack.importStack(exported);
    expect(project.rawState()).toContain(TOKEN);
    await stack.refresh();
    expect(recordedHook().id).toBe(webhookId(NAME, TOKEN_URL));
    expect(project.rawState()).not.toContain(TOKEN);
    await stack.preview({ expectNoChanges: true });

    await project.setResources([domain]);
    await stack.up();
    expect((await webhooks()).delivered ?? []).not.toContain(TOKEN_URL);
    await stack.destroy();
  }, 300_000);

  test("bad events and URLs fail at preview", async () => {
    const { emulator, project, log } = t;
    await project.setResources([domain, hook("bad", "ftp://x.example.com", ["delivered", "bounced"])]);
    const err = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/\[url\] url must be an absolute http:\/\/ or https:\/\/ URL/);
    expect(err?.message).toMatch(/\[events\.1\] "bounced" is not a Mailgun webhook event/);
  }, 120_000);
});
