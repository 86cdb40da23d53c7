import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";
import { webhookId } from "../../provider/resources/webhook-id";

/**
 * What only the engine shows of a Webhook (the rest is in test/handlers/webhook.test.ts): a URL
 * passed as a secret stays out of the state file, and a stack recorded with an older id that
 * carried the URL takes the new id from a refresh (the engine records the id read returns).
 */
const NAME = "mg.webhook-test.example.com";
const domain: ResourceSpec = { kind: "Domain", name: "d", args: { name: NAME } };
const TOKEN = "tok-3f9c1e7a5b";
const TOKEN_URL = `https://hooks.example.com/mailgun?token=${TOKEN}`;

describe("Webhook through the real Pulumi engine", () => {
  const t = useMailgunStack([domain], { secrets: { hookUrl: TOKEN_URL } });
  const webhooks = async () => (await t.emulator.state()).us.webhooks[NAME] ?? {};

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
});
