import { checked, useHandlerEmulator } from "../../testkit/handler-harness";
import { apiKeyHandler, ApiKeyInputs, markerOf as apiKeyMarker } from "../../provider/resources/api-key";
import { accountWebhookHandler, AccountWebhookInputs } from "../../provider/resources/account-webhook";
import { markerOf as sendingKeyMarker, sendingKeyHandler, SendingKeyInputs } from "../../provider/resources/sending-key";
import { TestEmulator } from "../../testkit/emulator";
import { forgetListings } from "../../provider/resources/listings";

/**
 * The ApiKey and AccountWebhook handlers called directly against the emulator, as one provider
 * process would: creates whose answer is lost leave exactly one object, reads right after a
 * write wait out Mailgun's stale view, and keys share listings with SendingKeys.
 */
const harness = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "10000", "mailgun:maxRetries": "20" });
let emulator: TestEmulator;
beforeAll(() => {
  emulator = harness.emulator;
});

const ownKeys = async () => (await emulator.state()).keys.filter((k: { primary: boolean }) => !k.primary).map((k: { id: string }) => k.id);

describe("creates answered 5xx after they took effect leave nothing behind", () => {
  beforeEach(async () => {
    // Half of all requests fail; a failing write fails after it was applied. Seeded: the same draws every run.
    await emulator.setKnobs({ faults: { errorRate: 0.5, afterWriteShare: 1, seed: 2, dropRate: 0 } });
  });
  afterEach(() => emulator.setKnobs({ faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 } }));

  async function ambiguousPosts(path: string): Promise<number> {
    return (await emulator.requests()).filter((r) => r.method === "POST" && r.path === path && r.fault === "error" && r.applied).length;
  }

  // Half of all calls fail and are retried with backoff: this create took 14-30 s in full runs of the suite.
  const RETRIED_CREATE_MS = 120_000;

  test("API key", async () => {
    const created = await apiKeyHandler.create(await checked<ApiKeyInputs>(apiKeyHandler, { role: "developer", description: "ci", ownerTag: "amb" }));
    expect(await ambiguousPosts("/v1/keys")).toBeGreaterThan(0);
    expect(await ownKeys()).toEqual([created.id]);
  }, RETRIED_CREATE_MS);

  test("account webhook", async () => {
    const created = await accountWebhookHandler.create(await checked<AccountWebhookInputs>(accountWebhookHandler, { url: "https://hooks.example.com/amb", eventTypes: ["delivered"] }));
    expect(await ambiguousPosts("/v1/webhooks")).toBeGreaterThan(0);
    expect((await emulator.state()).us.accountWebhooks.map((w: { webhook_id: string }) => w.webhook_id)).toEqual([created.id]);
  }, RETRIED_CREATE_MS);
});

describe("while Mailgun is eventually consistent", () => {
  beforeEach(() => emulator.setKnobs({ consistencyDelayMs: 1_500 }));
  afterEach(() => emulator.setKnobs({ consistencyDelayMs: 0 }));

  test("an account webhook read, updated and read again moments after its create is found, with the update", async () => {
    const inputs = await checked<AccountWebhookInputs>(accountWebhookHandler, { url: "https://hooks.example.com/new", eventTypes: ["opened"], description: "x" });
    const created = await accountWebhookHandler.create(inputs);
    expect((await accountWebhookHandler.read(created.id, created.outs)).props).toMatchObject({ webhookId: created.id, eventTypes: ["opened"] });
    const updated = await accountWebhookHandler.update(created.id, created.outs, { ...inputs, eventTypes: ["clicked", "opened"] });
    expect((await accountWebhookHandler.read(created.id, updated.outs)).props).toMatchObject({ eventTypes: ["clicked", "opened"] });
  });

  test("a key read moments after its create is found; one deleted long ago is gone", async () => {
    const created = await apiKeyHandler.create(await checked<ApiKeyInputs>(apiKeyHandler, { role: "basic", ownerTag: "new" }));
    expect((await apiKeyHandler.read(created.id, created.outs)).id).toBe(created.id);
    await emulator.api("us", "DELETE", `/v1/keys/${created.id}`);
    forgetListings(); // a later operation: a new provider process
    expect(await apiKeyHandler.read(created.id, { ...created.outs, writtenAt: undefined })).toEqual({});
  });
});

describe("keys", () => {
  test("an ApiKey and a SendingKey of one resource name and the same fields never take each other's keys for leftovers", async () => {
    const domain = "mg.keys.example.com";
    await emulator.api("us", "POST", "/v4/domains", { name: domain });
    const send = await checked<SendingKeyInputs>(sendingKeyHandler, { domain, description: "app", ownerTag: "same" });
    const api = await checked<ApiKeyInputs>(apiKeyHandler, { kind: "domain", role: "sending", domainName: domain, description: "app", ownerTag: "same" });
    expect(apiKeyMarker(api)).not.toBe(sendingKeyMarker(send));
    await emulator.clearRequests();
    const a = await sendingKeyHandler.create(send);
    const b = await apiKeyHandler.create(api);
    expect((await ownKeys()).sort()).toEqual([a.id, b.id].sort());
    // One listing of the domain's keys for both creates (shared by the operation).
    expect((await emulator.requests()).filter((r) => r.method === "GET" && r.path === "/v1/keys")).toHaveLength(1);
  });

  test("a disabled key reads as disabled, and its diff is a replacement even with unchanged inputs", async () => {
    const inputs = await checked<ApiKeyInputs>(apiKeyHandler, { role: "admin", ownerTag: "dis" });
    const created = await apiKeyHandler.create(inputs);
    expect(await apiKeyHandler.diff(created.id, created.outs, inputs)).toEqual({ changes: false });
    await fetch(`${emulator.urls.us}/_emulator/keys/${created.id}`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    forgetListings(); // a later operation: a new provider process
    const read = await apiKeyHandler.read(created.id, { ...created.outs, writtenAt: undefined });
    expect(read.props).toMatchObject({ isDisabled: true });
    expect(await apiKeyHandler.diff(created.id, read.props!, read.inputs!)).toEqual({ changes: true, replaces: ["isDisabled"] });
  });

  test("a create deletes an enabled key carrying its marker (a leftover), never a disabled one (the key its replacement supersedes)", async () => {
    const inputs = await checked<ApiKeyInputs>(apiKeyHandler, { role: "basic", description: "ro", ownerTag: "left" });
    const description = `ro ${apiKeyMarker(inputs)}`;
    // Made by hand, so not by this process: what an earlier run left.
    const leftover = (await emulator.api("us", "POST", "/v1/keys", { role: "basic", description })).key.id;
    const superseded = (await emulator.api("us", "POST", "/v1/keys", { role: "basic", description })).key.id;
    await fetch(`${emulator.urls.us}/_emulator/keys/${superseded}`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    const next = await apiKeyHandler.create(inputs);
    expect((await ownKeys()).sort()).toEqual([superseded, next.id].sort());
    expect(await ownKeys()).not.toContain(leftover);
  });
});

describe("regions", () => {
  test("an account webhook lives in its region only; a key is account-wide, called through its region's host", async () => {
    await emulator.clearRequests();
    const hook = await accountWebhookHandler.create(await checked<AccountWebhookInputs>(accountWebhookHandler, { url: "https://eu.example.com/h", eventTypes: ["delivered"], region: "eu" }));
    const state = await emulator.state();
    expect(state.eu.accountWebhooks.map((w: { webhook_id: string }) => w.webhook_id)).toEqual([hook.id]);
    expect(state.us.accountWebhooks).toEqual([]);
    const key = await apiKeyHandler.create(await checked<ApiKeyInputs>(apiKeyHandler, { role: "basic", region: "eu", ownerTag: "eu" }));
    expect(await ownKeys()).toEqual([key.id]);
    expect(new Set((await emulator.requests()).map((r) => r.region))).toEqual(new Set(["eu"]));
    await accountWebhookHandler.delete(hook.id, hook.outs);
    await apiKeyHandler.delete(key.id, key.outs);
    expect((await emulator.state()).eu.accountWebhooks).toEqual([]);
    expect(await ownKeys()).toEqual([]);
  });
});
