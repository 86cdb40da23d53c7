import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const TOKEN = "tok-8d2a6f01c9";
const TOKEN_URL = `https://hooks.example.com/mailgun/${TOKEN}`;
const secretHook = (args: Record<string, unknown> = {}): ResourceSpec => ({
  kind: "AccountWebhook", name: "hook", args: { url: { $secret: "hookUrl" }, eventTypes: ["permanent_fail", "delivered"], description: "prod", ...args },
});

type Listed = { webhook_id: string; url: string; event_types: string[]; description: string };

describe("AccountWebhook through the real Pulumi engine", () => {
  const t = useMailgunStack([secretHook()], { secrets: { hookUrl: TOKEN_URL } });
  const hooks = async (region: "us" | "eu" = "us"): Promise<Listed[]> => (await t.emulator.state())[region].accountWebhooks;

  test("a secret URL stays secret; updates in place; drift and deletion by hand are noticed; destroy removes it", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    const id: string = up.outputs.resources.value.hook.webhookId;
    expect(await hooks()).toEqual([{ webhook_id: id, url: TOKEN_URL, event_types: ["delivered", "permanent_fail"], description: "prod", created_at: expect.any(String) }]);
    expect(await hooks("eu")).toEqual([]);
    const recorded = () => JSON.parse(project.rawState()).checkpoint.latest.resources.find((r: { type: string }) => r.type.endsWith(":AccountWebhook"));
    expect(recorded().id).toBe(id);
    expect(project.rawState()).not.toContain(TOKEN);

    await stack.preview({ expectNoChanges: true });
    await stack.refresh({ expectNoChanges: true });
    expect(project.rawState()).not.toContain(TOKEN);

    // In place: events and description change, the webhook keeps its id.
    await project.setResources([secretHook({ eventTypes: ["complained"], description: "bounces only" })]);
    const update = await stack.up({ onOutput: log.onOutput });
    expect(update.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await hooks()).toEqual([expect.objectContaining({ webhook_id: id, event_types: ["complained"], description: "bounces only" })]);

    // Drift: events changed in the dashboard; refresh shows it, up sets them back.
    await emulator.api("us", "PUT", `/v1/webhooks/${id}`, { url: TOKEN_URL, event_types: ["opened"], description: "bounces only" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    await stack.up({ refresh: true, onOutput: log.onOutput });
    expect((await hooks())[0]).toMatchObject({ webhook_id: id, event_types: ["complained"] });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Deleted by hand: refresh drops it, up creates it again.
    await emulator.api("us", "DELETE", `/v1/webhooks/${id}`);
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await hooks()).map((w) => w.url)).toEqual([TOKEN_URL]);

    await stack.destroy({ onOutput: log.onOutput });
    expect(await hooks()).toEqual([]);
    expect(log.text).not.toContain(TOKEN);
  }, 600_000);

  test("a webhook with the URL made outside the stack: refused with the adopt advice, taken over with adopt; an identical leftover is taken over, not duplicated", async () => {
    const { emulator, project } = t;
    const { stack } = project;
    const url = "https://adopt.example.com/hook";
    const declared = (args: Record<string, unknown> = {}): ResourceSpec => ({ kind: "AccountWebhook", name: "taken", args: { url, eventTypes: ["opened"], ...args } });
    const handMade = (await emulator.api("us", "POST", "/v1/webhooks", { url, event_types: ["delivered"], description: "dashboard" })).webhook_id;

    await project.setResources([declared()]);
    const err = await stack.up().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/an account webhook in region us already sends to https:\/\/adopt\.example\.com\/… .*Set adopt: true/);
    expect(await hooks()).toHaveLength(1);

    await project.setResources([declared({ adopt: true })]);
    const adopted = await stack.up();
    expect(adopted.outputs.resources.value.taken.webhookId).toBe(handMade);
    expect(await hooks()).toEqual([expect.objectContaining({ webhook_id: handMade, event_types: ["opened"], description: "" })]);
    await stack.preview({ refresh: true, expectNoChanges: true });
    await stack.destroy();
    expect(await hooks()).toEqual([]);

    // What an interrupted create leaves: the very webhook the program declares.
    const leftover = (await emulator.api("us", "POST", "/v1/webhooks", { url, event_types: ["opened"] })).webhook_id;
    await project.setResources([declared()]);
    await emulator.clearRequests();
    const up = await stack.up();
    expect(up.outputs.resources.value.taken.webhookId).toBe(leftover);
    expect((await emulator.requests()).filter((r) => r.method === "POST")).toEqual([]);
    expect(await hooks()).toHaveLength(1);
    await stack.destroy();
  }, 300_000);

  test("Mailgun's limits: refused at preview for the program's own webhooks, at up with a message naming the event (never the URL's token) for others", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    for (const n of [1, 2, 3]) await emulator.api("us", "POST", "/v1/webhooks", { url: `https://other-${n}.example.com/h`, event_types: ["clicked"] });
    await project.setResources([secretHook({ eventTypes: ["clicked"] })]);
    const err = await stack.up({ onOutput: log.onOutput }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/cannot add account webhook https:\/\/hooks\.example\.com\/… for "clicked" in region us: the event already has 3 account-level URLs/);
    expect(err?.message).not.toContain(TOKEN);
    expect(log.text).not.toContain(TOKEN);
    await emulator.api("us", "DELETE", "/v1/webhooks?all=true");

    // Four declared on one event: refused at preview, naming them, before any call.
    const four = [1, 2, 3, 4].map((n): ResourceSpec => ({ kind: "AccountWebhook", name: `w${n}`, args: { url: `https://w${n}.example.com/h`, eventTypes: ["opened"] } }));
    await project.setResources(four);
    await emulator.clearRequests();
    const refused = await stack.preview().then(() => undefined, (e: Error) => e);
    expect(refused?.message).toMatch(/AccountWebhook: \[eventTypes\] "opened" would get 4 account-level URLs in region us: AccountWebhooks "w\d", "w\d", "w\d" and this one \("w\d"\)/); // checked in parallel: any order
    expect(await emulator.requests()).toEqual([]);
    await project.setResources([]);
    await stack.up();
  }, 300_000);
});
