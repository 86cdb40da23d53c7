import { useHandlerEmulator } from "../../testkit/handler-harness";
import { webhookHandler, WebhookInputs, WebhookOutputs } from "../../provider/resources/webhook";
import { webhookId } from "../../provider/resources/webhook-id";
import { TestEmulator } from "../../testkit/emulator";

/**
 * The Webhook handler on Mailgun's v4 API, called directly against the emulator: the calls each
 * operation makes, taking over a URL subscribed by hand, and the paths a retry or a change made
 * outside the program sends it down.
 */
const harness = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "5000", "mailgun:maxRetries": "20" });
let emulator: TestEmulator;
beforeAll(() => {
  emulator = harness.emulator;
});

let domain = "";
let n = 0;
beforeEach(async () => {
  await emulator.reset();
  domain = `mg${++n}.v4hooks.example.com`;
  await emulator.api("us", "POST", "/v4/domains", { name: domain });
  await emulator.clearRequests();
});

const OTHER = "https://other.example.com/hook";
const v4 = () => `/v4/domains/${domain}/webhooks`;
const v3 = () => `/v3/domains/${domain}/webhooks`;
const hooks = async () => (await emulator.state()).us.webhooks[domain] ?? {};
const calls = async () => (await emulator.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);

async function inputs(url: string, events: string[]): Promise<WebhookInputs> {
  const { inputs, failures } = await webhookHandler.check({}, { domain, url, events });
  expect(failures).toBeUndefined();
  return inputs as WebhookInputs;
}

test("create, read, update and delete are one call each; other consumers' URLs stay", async () => {
  const url = "https://hooks.example.com/a";
  await emulator.api("us", "POST", v3(), { id: "delivered", url: OTHER });
  await emulator.clearRequests();
  const created = await webhookHandler.create(await inputs(url, ["delivered", "opened"]));
  expect(created.id).toBe(webhookId(domain, url));
  const read = await webhookHandler.read(created.id, created.outs);
  expect(read.props?.events).toEqual(["delivered", "opened"]);
  const updated = await webhookHandler.update(created.id, created.outs, await inputs(url, ["clicked", "delivered"]));
  expect(await hooks()).toEqual({ clicked: [url], delivered: [OTHER, url] });
  await webhookHandler.delete(created.id, updated.outs as WebhookOutputs);
  expect(await hooks()).toEqual({ delivered: [OTHER] });
  expect(await calls()).toEqual([`POST ${v4()} 200`, `GET ${v3()} 200`, `PUT ${v4()} 200`, `DELETE ${v4()} 200`]);
});

test("taking over a URL subscribed by hand leaves it on exactly the declared events", async () => {
  const url = "https://hooks.example.com/adopted";
  // Only on an undeclared event: the POST succeeds, and its answer shows the extra event.
  await emulator.api("us", "POST", v3(), { id: "opened", url });
  await emulator.clearRequests();
  await webhookHandler.create(await inputs(url, ["delivered"]));
  expect(await hooks()).toEqual({ delivered: [url] });
  expect(await calls()).toEqual([`POST ${v4()} 200`, `PUT ${v4()} 200`]);

  // Already on a declared event (or left there by an interrupted earlier create): "already exists", then PUT.
  await emulator.api("us", "POST", v3(), { id: "clicked", url });
  await emulator.clearRequests();
  await webhookHandler.create(await inputs(url, ["clicked", "complained"]));
  expect(await hooks()).toEqual({ clicked: [url], complained: [url] });
  expect(await calls()).toEqual([`POST ${v4()} 400`, `PUT ${v4()} 200`]);
});

test("a fourth URL on an event fails with the 3-URL advice, naming the three by origin only, and changes nothing", async () => {
  const url = "https://hooks.example.com/fourth?token=t0ps3cret";
  await emulator.api("us", "POST", v3(), { id: "opened", url: ["https://a.example.com/1", "https://b.example.com/", "https://c.example.com/x?k=v"] });
  for (const adopting of [false, true]) {
    if (adopting) await emulator.api("us", "POST", v3(), { id: "clicked", url });
    const err = await webhookHandler.create(await inputs(url, ["opened", "delivered"])).then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/^cannot subscribe https:\/\/hooks\.example\.com\/… to "opened" on .*: the event already has 3 URLs \(https:\/\/a\.example\.com\/…, https:\/\/b\.example\.com, https:\/\/c\.example\.com\/…\)/);
    expect(err?.message).toContain("deleteBeforeReplace: true");
    expect(err?.message).not.toContain("t0ps3cret");
  }
  expect((await hooks()).delivered).toBeUndefined();
});

test("an update of a URL removed by hand subscribes it again", async () => {
  const url = "https://hooks.example.com/removed";
  const created = await webhookHandler.create(await inputs(url, ["opened"]));
  await emulator.api("us", "DELETE", `${v4()}?url=${encodeURIComponent(url)}`);
  await emulator.clearRequests();
  await webhookHandler.update(created.id, { ...created.outs, writtenAt: 0 }, await inputs(url, ["opened", "clicked"]));
  expect(await hooks()).toEqual({ clicked: [url], opened: [url] });
  expect(await calls()).toEqual([`PUT ${v4()} 404`, `POST ${v4()} 200`]);
});

test("a URL with a comma is removed event by event, and the URLs its parts name stay", async () => {
  const url = "https://hooks.example.com/h?x=1,https://other.example.com/hook";
  await emulator.api("us", "POST", v3(), { id: "delivered", url: OTHER });
  await emulator.api("us", "POST", v3(), { id: "opened", url: "https://hooks.example.com/h?x=1" });
  const created = await webhookHandler.create(await inputs(url, ["delivered", "opened"]));
  await webhookHandler.create(await inputs("https://solo.example.com/", ["opened"]));
  expect((await hooks()).delivered).toEqual([OTHER, url]);
  await emulator.clearRequests();
  await webhookHandler.delete(created.id, created.outs);
  expect(await hooks()).toEqual({ delivered: [OTHER], opened: ["https://hooks.example.com/h?x=1", "https://solo.example.com/"] });
  expect((await calls()).filter((c) => c.includes("/v4/"))).toEqual([]);
});

test("deleting a webhook whose domain is gone succeeds at once", async () => {
  const url = "https://hooks.example.com/gone";
  const created = await webhookHandler.create(await inputs(url, ["opened"]));
  await emulator.api("us", "DELETE", `/v3/domains/${domain}`);
  await emulator.clearRequests();
  await webhookHandler.delete(created.id, { ...created.outs, writtenAt: 0 });
  expect(await calls()).toEqual([`DELETE ${v4()} 404`]);
});

test("a create whose POST took effect but answered 5xx ends on exactly the declared events", async () => {
  const url = "https://hooks.example.com/ambiguous";
  await emulator.api("us", "POST", v3(), { id: "complained", url });
  await emulator.setKnobs({ consistencyDelayMs: 1_000, faults: { errorRate: 0.5, afterWriteShare: 1, seed: 7, dropRate: 0 } });
  try {
    await webhookHandler.create(await inputs(url, ["delivered", "opened"]));
  } finally {
    await emulator.setKnobs({ consistencyDelayMs: 0, faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 } });
  }
  expect(await hooks()).toEqual({ delivered: [url], opened: [url] });
  // The seeded draws do make a POST that was applied and then answered 5xx.
  const ambiguous = (await emulator.requests()).filter((r) => r.method === "POST" && r.path === v4() && r.fault === "error" && r.applied);
  expect(ambiguous.length).toBeGreaterThan(0);
});
