import { checked, useHandlerEmulator } from "../../testkit/handler-harness";
import { domainHandler, DomainInputs } from "../../provider/resources/domain";
import { webhookHandler, WebhookInputs } from "../../provider/resources/webhook";
import { webhookId } from "../../provider/resources/webhook-id";
import { routeHandler, RouteInputs } from "../../provider/resources/route";
import { sendingKeyHandler, SendingKeyInputs } from "../../provider/resources/sending-key";
import { TestEmulator } from "../../testkit/emulator";

/**
 * Regression tests for bugs the fault suite found, one per bug, calling the resource handlers
 * directly against the emulator (fast and deterministic: no engine, one request at a time).
 */
const harness = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "10000", "mailgun:maxRetries": "20" });
let emulator: TestEmulator;
beforeAll(() => {
  emulator = harness.emulator;
});


test("a new domain's tracking is set even while Mailgun does not show the domain yet", async () => {
  await emulator.setKnobs({ consistencyDelayMs: 1_500 });
  const inputs = await checked<DomainInputs>(domainHandler, { name: "mg.fresh.example.com", clickTracking: true, openTracking: true });
  const { outs } = await domainHandler.create(inputs);
  expect(outs).toMatchObject({ clickTracking: true, openTracking: true });
  const tracking = (await emulator.state()).us.domains[0].tracking;
  expect(tracking.click.active).toBe(true);
  expect(tracking.open.active).toBe(true);
});

describe("webhooks while Mailgun is eventually consistent", () => {
  // A domain per test: the handler remembers its own recent writes per domain for the consistency budget.
  let domain = "";
  let n = 0;
  const hook = (url: string, events: string[]) => checked<WebhookInputs>(webhookHandler, { domain, url, events });

  beforeEach(async () => {
    domain = `mg${++n}.hooks.example.com`;
    await emulator.api("us", "POST", "/v4/domains", { name: domain });
    await emulator.setKnobs({ consistencyDelayMs: 1_500 });
  });

  test("a second URL joins an event the first created moments ago", async () => {
    await webhookHandler.create(await hook("https://hooks.example.com/a", ["delivered"]));
    await webhookHandler.create(await hook("https://hooks.example.com/b", ["delivered", "opened"]));
    expect((await emulator.state()).us.webhooks[domain]).toEqual({
      delivered: ["https://hooks.example.com/a", "https://hooks.example.com/b"],
      opened: ["https://hooks.example.com/b"],
    });
  });

  test("an event subscribed moments ago is really removed by an update, not left behind", async () => {
    const created = await webhookHandler.create(await hook("https://hooks.example.com/a", ["delivered", "opened"]));
    await webhookHandler.update(created.id, created.outs, await hook("https://hooks.example.com/a", ["delivered"]));
    expect((await emulator.state()).us.webhooks[domain]).toEqual({ delivered: ["https://hooks.example.com/a"] });
  });

  test("a subscription an ambiguous earlier attempt made, not listed yet, is taken over instead of failing", async () => {
    // What a POST that succeeded but answered 5xx leaves behind: the event exists, the listing does not show it yet.
    await new Promise((res) => setTimeout(res, 1_600));
    await emulator.api("us", "POST", `/v3/domains/${domain}/webhooks`, { id: "clicked", url: "https://hooks.example.com/a" });
    await webhookHandler.create(await hook("https://hooks.example.com/a", ["clicked"]));
    expect((await emulator.state()).us.webhooks[domain]).toEqual({ clicked: ["https://hooks.example.com/a"] });
  });

  test("an update removes an event an earlier run subscribed moments ago, though Mailgun does not list it yet", async () => {
    await new Promise((res) => setTimeout(res, 1_600));
    // The earlier run (another provider process) subscribed the URL to two events just now.
    const url = "https://hooks.example.com/a";
    for (const id of ["delivered", "opened"]) await emulator.api("us", "POST", `/v3/domains/${domain}/webhooks`, { id, url });
    const olds = { ...(await hook(url, ["delivered", "opened"])), writtenAt: Date.now() };
    const updated = await webhookHandler.update(webhookId(domain, url), olds, await hook(url, ["delivered"]));
    expect((await emulator.state()).us.webhooks[domain]).toEqual({ delivered: [url] });
    await webhookHandler.delete(webhookId(domain, url), updated.outs);
    expect((await emulator.state()).us.webhooks[domain] ?? {}).toEqual({});
  });
});

/**
 * A refresh right after an up reads objects written moments ago. Mailgun may still answer with
 * the previous version (or nothing, for a new object): the read must not record that as drift,
 * or refresh drops a live key from the state (an orphan, then a duplicate) or un-does an update.
 */
describe("reads right after writes see the write, not Mailgun's stale view", () => {
  const domain = "mg.reads.example.com";
  beforeEach(async () => {
    await emulator.api("us", "POST", "/v4/domains", { name: domain });
    await new Promise((res) => setTimeout(res, 50));
    await emulator.setKnobs({ consistencyDelayMs: 1_500 });
    await new Promise((res) => setTimeout(res, 1_600));
  });

  test("a sending key created moments ago is still there", async () => {
    const created = await sendingKeyHandler.create(await checked<SendingKeyInputs>(sendingKeyHandler, { domain, description: "app", ownerTag: "t1" }));
    const read = await sendingKeyHandler.read(created.id, created.outs);
    expect(read.id).toBe(created.id);
  });

  test("a webhook an earlier run subscribed moments ago keeps its events", async () => {
    // The earlier run was another provider process: this one has no memory of its writes.
    const url = "https://hooks.example.com/r";
    for (const id of ["clicked", "opened"]) await emulator.api("us", "POST", `/v3/domains/${domain}/webhooks`, { id, url });
    const recorded = { ...(await checked<WebhookInputs>(webhookHandler, { domain, url, events: ["opened", "clicked"] })), writtenAt: Date.now() };
    const read = await webhookHandler.read(webhookId(domain, url), recorded);
    expect(read.props?.events).toEqual(["clicked", "opened"]);
  });

  test("a route updated moments ago reads as updated", async () => {
    const inputs = await checked<RouteInputs>(routeHandler, { expression: 'match_recipient("a@mg.reads.example.com")', actions: ["stop()"], priority: 1 });
    const created = await routeHandler.create(inputs);
    await new Promise((res) => setTimeout(res, 1_600));
    const updated = await routeHandler.update(created.id, created.outs, { ...inputs, priority: 7 });
    const read = await routeHandler.read(created.id, updated.outs);
    expect(read.props?.priority).toBe(7);
  });

  test("a domain whose tracking changed moments ago reads as changed", async () => {
    const inputs = await checked<DomainInputs>(domainHandler, { name: "mg.tracked.example.com" });
    const created = await domainHandler.create(inputs);
    await new Promise((res) => setTimeout(res, 1_600));
    const updated = await domainHandler.update(created.id, created.outs, { ...inputs, openTracking: true });
    const read = await domainHandler.read(created.id, updated.outs);
    expect(read.props?.openTracking).toBe(true);
  });
});

/**
 * A create answered with a 5xx after Mailgun applied it is ambiguous. The client asks the
 * resource whether it took effect, but Mailgun's listing may not show the new object yet,
 * so the create is sent again: the first object must not be left behind as an orphan.
 */
describe("creates answered 5xx after they took effect leave nothing behind", () => {
  const domain = "mg.ambiguous.example.com";
  beforeEach(async () => {
    await emulator.api("us", "POST", "/v4/domains", { name: domain });
    await emulator.setKnobs({ consistencyDelayMs: 1_000 });
    await new Promise((res) => setTimeout(res, 1_100));
    // Half of all requests fail; a failing write fails after it was applied. Seeded: the same draws every run.
    await emulator.setKnobs({ faults: { errorRate: 0.5, afterWriteShare: 1, seed: 2, dropRate: 0 } });
  });
  afterEach(() => emulator.setKnobs({ faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 } }));

  async function ambiguousPosts(path: string): Promise<number> {
    return (await emulator.requests()).filter((r) => r.method === "POST" && r.path === path && r.fault === "error" && r.applied).length;
  }

  test("sending key", async () => {
    const created = await sendingKeyHandler.create(await checked<SendingKeyInputs>(sendingKeyHandler, { domain, description: "app", ownerTag: "amb" }));
    expect(await ambiguousPosts("/v1/keys")).toBeGreaterThan(0);
    expect((await emulator.state()).keys.filter((k: { primary: boolean }) => !k.primary).map((k: { id: string }) => k.id)).toEqual([created.id]);
  });

  test("route", async () => {
    const created = await routeHandler.create(await checked<RouteInputs>(routeHandler, { expression: 'match_recipient("x@mg.ambiguous.example.com")', actions: ["stop()"] }));
    expect(await ambiguousPosts("/v3/routes")).toBeGreaterThan(0);
    expect((await emulator.state()).us.routes.map((r: { id: string }) => r.id)).toEqual([created.id]);
  });
});
