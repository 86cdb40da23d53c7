import { checked, useHandlerEmulator } from "../../testkit/handler-harness";
import { domainHandler, DomainInputs, DomainOutputs } from "../../provider/resources/domain";
import { forgetListings } from "../../provider/resources/listings";
import { routeHandler, RouteInputs, RouteOutputs } from "../../provider/resources/route";
import { markerOf, sendingKeyHandler, SendingKeyInputs } from "../../provider/resources/sending-key";
import { webhookHandler, WebhookInputs, WebhookOutputs } from "../../provider/resources/webhook";
import { RequestLogEntry, TestEmulator } from "../../testkit/emulator";

/**
 * The fewest API calls per operation, with crash safety intact: the resource handlers of one
 * provider process (one operation) against the emulator, counted from its request log.
 * forgetListings() before each test stands for a new provider process.
 */
const harness = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "5000", "mailgun:domainDeleteTimeoutSeconds": "20" });
let emulator: TestEmulator;
beforeAll(() => {
  emulator = harness.emulator;
});


const calls = (log: RequestLogEntry[], method: string, path: string | RegExp, region?: "us" | "eu") =>
  log.filter((e) => e.method === method && (typeof path === "string" ? e.path === path : path.test(e.path)) && (!region || e.region === region)).length;

const route = (i: number, region: "us" | "eu") =>
  checked<RouteInputs>(routeHandler, { expression: `match_recipient("r${i}@mg.example.com")`, actions: ["stop()"], priority: i, description: `route ${i}`, region });

const liveRoutes = async (region: "us" | "eu") => (await emulator.state())[region].routes as Array<{ id: string; description: string }>;

describe("routes", () => {
  test("concurrent creates list each region's routes once, not once per create", async () => {
    const inputs = await Promise.all([0, 1, 2, 3, 4].map((i) => route(i, i < 3 ? "us" : "eu")));
    await emulator.clearRequests();
    await Promise.all(inputs.map((i) => routeHandler.create(i)));
    const log = await emulator.requests();
    expect(calls(log, "GET", "/v3/routes", "us")).toBe(1);
    expect(calls(log, "GET", "/v3/routes", "eu")).toBe(1);
    expect(calls(log, "POST", "/v3/routes")).toBe(5);
    expect(log).toHaveLength(7);

    // A later create in the same process uses the listing it already has.
    await emulator.clearRequests();
    await routeHandler.create(await route(5, "us"));
    expect((await emulator.requests()).map((e) => `${e.method} ${e.path}`)).toEqual(["POST /v3/routes"]);
  });

  test("a route an interrupted earlier run left is taken over; identical declarations never share one", async () => {
    // The earlier run (another provider process) created route 1 and died before recording it.
    const left = await emulator.api("us", "POST", "/v3/routes", { expression: 'match_recipient("r1@mg.example.com")', action: "stop()", priority: "1", description: "route 1" });
    const inputs = await route(1, "us");
    await emulator.clearRequests();
    // Two resources with the same settings: one takes the leftover over, the other creates its own.
    const [a, b] = await Promise.all([routeHandler.create(inputs), routeHandler.create(inputs)]);
    expect([a.id, b.id]).toContain(left.route.id);
    expect(a.id).not.toBe(b.id);
    const log = await emulator.requests();
    expect(calls(log, "GET", "/v3/routes")).toBe(1);
    expect(calls(log, "POST", "/v3/routes")).toBe(1);
    expect((await liveRoutes("us")).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());

    // A third identical create in this process sees the route it created itself as claimed, not as a leftover.
    const c = await routeHandler.create(inputs);
    expect([a.id, b.id]).not.toContain(c.id);
    expect(await liveRoutes("us")).toHaveLength(3);
  });

  test("own deletes and updates are applied to the shared listing", async () => {
    // A route of the stack from an earlier up, identical to the one a create below declares.
    const existing = (await emulator.api("us", "POST", "/v3/routes", { expression: 'match_recipient("r1@mg.example.com")', action: "stop()", priority: "1", description: "route 1" })).route;
    const inputs = await route(1, "us");
    // The region's listing is fetched now, and shows the existing route.
    await routeHandler.create(await route(7, "us"));
    // This process deletes it (its resource was removed) ...
    await routeHandler.delete(existing.id, { ...inputs, routeId: existing.id, createdAt: "" });
    // ... so the listing it fetched before must not hand the deleted route to an identical create.
    await emulator.clearRequests();
    const again = await routeHandler.create(inputs);
    expect(again.id).not.toBe(existing.id);
    expect((await emulator.requests()).map((e) => `${e.method} ${e.path}`)).toEqual(["POST /v3/routes"]);

    // A route changed by an update is no longer "identical" to its old settings.
    const other = await routeHandler.create(await route(2, "us"));
    const changed = await routeHandler.update(other.id, other.outs, { ...other.outs, priority: 9, description: "changed" });
    await emulator.clearRequests();
    const read = await routeHandler.read(other.id, changed.outs);
    expect(read.props).toMatchObject({ priority: 9, description: "changed" });
    expect(await emulator.requests()).toEqual([]);
  });

  test("a refresh of many routes reads one listing per region; a deleted route still reads as gone", async () => {
    const created: Array<{ id: string; outs: RouteOutputs }> = [];
    for (let i = 0; i < 6; i++) created.push(await routeHandler.create(await route(i, i % 2 ? "eu" : "us")));
    await emulator.api("us", "DELETE", `/v3/routes/${created[0].id}`);
    // Changed in the dashboard: a refresh must see the drift.
    await emulator.api("eu", "PUT", `/v3/routes/${created[1].id}`, { priority: "42" });
    forgetListings(); // refresh is another provider process
    // Written long ago: nothing to wait out.
    const old = (c: { outs: RouteOutputs }) => ({ ...c.outs, writtenAt: Date.now() - 3_600_000 });
    await emulator.clearRequests();
    const reads = await Promise.all(created.map((c) => routeHandler.read(c.id, old(c))));
    expect(reads[0]).toEqual({});
    expect(reads[1].props?.priority).toBe(42);
    for (const [i, r] of reads.entries()) if (i > 1) expect(r.props?.routeId).toBe(created[i].id);
    const log = await emulator.requests();
    // Per region: the first read GETs its route, the rest share one listing; the deleted route is confirmed by a GET (404).
    expect(calls(log, "GET", "/v3/routes", "us")).toBe(1);
    expect(calls(log, "GET", "/v3/routes", "eu")).toBe(1);
    expect(calls(log, "GET", /^\/v3\/routes\/[^/]+$/)).toBe(2);
    expect(log).toHaveLength(4);

    // A refresh of a single route stays one GET.
    forgetListings();
    await emulator.clearRequests();
    expect((await routeHandler.read(created[2].id, old(created[2]))).id).toBe(created[2].id);
    expect((await emulator.requests()).map((e) => `${e.method} ${e.path}`)).toEqual([`GET /v3/routes/${created[2].id}`]);
  });
});

test("the route listing reads every page", async () => {
  const n = 1_001;
  for (let i = 0; i < n; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => emulator.api("eu", "POST", "/v3/routes", { expression: "catch_all()", action: "stop()", description: `p${i + j}` })));
  }
  await emulator.clearRequests();
  // A leftover on the second page is still found.
  const leftover = (await liveRoutes("eu")).at(-1)!;
  const taken = await routeHandler.create(await checked<RouteInputs>(routeHandler, { expression: "catch_all()", actions: ["stop()"], description: leftover.description, region: "eu" }));
  expect(taken.id).toBe(leftover.id);
  expect((await emulator.requests()).map((e) => `${e.method} ${e.path} ${e.query.skip}`)).toEqual(["GET /v3/routes 0", "GET /v3/routes 1000"]);
}, 60_000);

describe("sending keys", () => {
  const domain = "mg.keys.example.com";
  const key = (n: number, extra: object = {}) => checked<SendingKeyInputs>(sendingKeyHandler, { domain, description: `key ${n}`, ownerTag: `t${n}`, ...extra });
  const liveKeys = async () => ((await emulator.state()).keys as Array<{ id: string; primary: boolean; description: string }>).filter((k) => !k.primary);

  beforeEach(() => emulator.api("us", "POST", "/v4/domains", { name: domain }));

  test("concurrent creates for one domain list its keys once, and a leftover of an interrupted run is deleted", async () => {
    const inputs = await Promise.all([1, 2, 3, 4].map((n) => key(n)));
    // The earlier run created key 2 and died before recording it: its secret is lost.
    const left = await emulator.api("us", "POST", "/v1/keys", { role: "sending", kind: "domain", domain_name: domain, description: `key 2 ${markerOf(inputs[1])}` });
    const leftId = left.key?.id ?? left.id;
    await emulator.clearRequests();
    const created = await Promise.all(inputs.map((i) => sendingKeyHandler.create(i)));
    const log = await emulator.requests();
    expect(calls(log, "GET", "/v1/keys")).toBe(1);
    expect(calls(log, "POST", "/v1/keys")).toBe(4);
    expect(log.filter((e) => e.method === "DELETE").map((e) => e.path)).toEqual([`/v1/keys/${leftId}`]);
    expect((await liveKeys()).map((k) => k.id).sort()).toEqual(created.map((c) => c.id).sort());
  });

  test("keys on several domains of a region: one listing for all of them, in up and in refresh; a leftover on another domain is still found", async () => {
    const domains = ["mg.k1.example.com", "mg.k2.example.com", "mg.k3.example.com"];
    for (const d of domains) await emulator.api("us", "POST", "/v4/domains", { name: d });
    await emulator.api("eu", "POST", "/v4/domains", { name: "mg.k4.example.com" });
    const inputs = await Promise.all([
      ...domains.map((d, n) => checked<SendingKeyInputs>(sendingKeyHandler, { domain: d, description: `multi ${n}`, ownerTag: `m${n}` })),
      checked<SendingKeyInputs>(sendingKeyHandler, { domain: "mg.k4.example.com", description: "multi eu", ownerTag: "meu", region: "eu" }),
    ]);
    const left = await emulator.api("us", "POST", "/v1/keys", { role: "sending", kind: "domain", domain_name: domains[2], description: `multi 2 ${markerOf(inputs[2])}` });
    const leftId = left.key?.id ?? left.id;
    forgetListings();
    await emulator.clearRequests();
    const created = await Promise.all(inputs.map((i) => sendingKeyHandler.create(i)));
    let log = await emulator.requests();
    expect(calls(log, "GET", "/v1/keys", "us")).toBe(1);
    expect(calls(log, "GET", "/v1/keys", "eu")).toBe(1);
    expect(calls(log, "POST", "/v1/keys")).toBe(4);
    expect(log.filter((e) => e.method === "DELETE").map((e) => e.path)).toEqual([`/v1/keys/${leftId}`]);

    forgetListings();
    await emulator.clearRequests();
    const reads = await Promise.all(created.map((c) => sendingKeyHandler.read(c.id, { ...c.outs, writtenAt: undefined })));
    expect(reads.map((r) => r.props?.domain)).toEqual([...domains, "mg.k4.example.com"]);
    log = await emulator.requests();
    expect(log.map((e) => `${e.region} ${e.method} ${e.path}`).sort()).toEqual(["eu GET /v1/keys", "us GET /v1/keys"]);
  });

  test("a key this process created is never taken for a leftover, even with the same marker", async () => {
    const inputs = await checked<SendingKeyInputs>(sendingKeyHandler, { domain, description: "same" });
    const a = await sendingKeyHandler.create(inputs);
    const b = await sendingKeyHandler.create(inputs);
    expect((await liveKeys()).map((k) => k.id).sort()).toEqual([a.id, b.id].sort());
  });

  test("a refresh reads the region's keys once; a rotation lists no more", async () => {
    const created = [];
    for (const n of [1, 2, 3]) created.push(await sendingKeyHandler.create(await key(n)));
    forgetListings();
    await emulator.clearRequests();
    const reads = await Promise.all(created.map((c) => sendingKeyHandler.read(c.id, { ...c.outs, writtenAt: undefined })));
    expect(reads.map((r) => r.id)).toEqual(created.map((c) => c.id));
    const log = await emulator.requests();
    expect(log.map((e) => `${e.method} ${e.path}`)).toEqual(["GET /v1/keys"]);

    // Rotation in the same process: the new key's create uses the listing at hand, then the old key goes.
    await emulator.clearRequests();
    const rotated = await sendingKeyHandler.create(await key(1, { rotation: "2" }));
    await sendingKeyHandler.delete(created[0].id, created[0].outs);
    expect((await emulator.requests()).map((e) => `${e.method} ${e.path}`)).toEqual(["POST /v1/keys", `DELETE /v1/keys/${created[0].id}`]);
    expect((await sendingKeyHandler.read(rotated.id, rotated.outs)).id).toBe(rotated.id);
    expect(await sendingKeyHandler.read(created[0].id, { ...created[0].outs, writtenAt: undefined })).toEqual({});
  });
});

describe("webhooks", () => {
  const domain = "mg.hooks.example.com";
  const hook = (n: number, d = domain) => checked<WebhookInputs>(webhookHandler, { domain: d, url: `https://hooks.example.com/h${n}`, events: ["delivered"] });
  const quiet = (outs: WebhookOutputs) => ({ ...outs, writtenAt: undefined });

  test("a refresh lists each domain's webhooks once; a write in the process makes the next read list anew; a gone domain reads as gone", async () => {
    for (const d of [domain, "mg.hooks2.example.com"]) await emulator.api("us", "POST", "/v4/domains", { name: d });
    const created = [];
    for (const n of [1, 2, 3]) created.push(await webhookHandler.create(await hook(n)));
    created.push(await webhookHandler.create(await hook(4, "mg.hooks2.example.com")));
    forgetListings();
    await emulator.clearRequests();
    const reads = await Promise.all(created.map((c) => webhookHandler.read(c.id, quiet(c.outs))));
    expect(reads.map((r) => r.props?.events)).toEqual([["delivered"], ["delivered"], ["delivered"], ["delivered"]]);
    expect((await emulator.requests()).map((e) => `${e.method} ${e.path}`).sort()).toEqual([
      "GET /v3/domains/mg.hooks.example.com/webhooks",
      "GET /v3/domains/mg.hooks2.example.com/webhooks",
    ]);

    // Changed by hand after the listing: the process's own write (not the hand edit) is what makes a read list again.
    await emulator.api("us", "PUT", `/v4/domains/${domain}/webhooks`, { url: "https://hooks.example.com/h2", event_types: "delivered,opened" });
    expect((await webhookHandler.read(created[1].id, quiet(created[1].outs))).props?.events).toEqual(["delivered"]);
    const news = await checked<WebhookInputs>(webhookHandler, { domain, url: "https://hooks.example.com/h1", events: ["delivered", "clicked"] });
    await webhookHandler.update(created[0].id, created[0].outs, news);
    await emulator.clearRequests();
    expect((await webhookHandler.read(created[1].id, quiet(created[1].outs))).props?.events).toEqual(["delivered", "opened"]);
    expect((await emulator.requests()).map((e) => `${e.method} ${e.path}`)).toEqual([`GET /v3/domains/${domain}/webhooks`]);

    await emulator.api("us", "DELETE", "/v3/domains/mg.hooks2.example.com");
    forgetListings();
    expect(await webhookHandler.read(created[3].id, quiet(created[3].outs))).toEqual({});
  });
});

describe("domains", () => {
  const domain = (name: string, extra: object = {}) => checked<DomainInputs>(domainHandler, { name, ...extra });

  test("deleting K domains makes K deletes (after the listings of what each holds, 8 a domain), even while Mailgun is still deleting them", async () => {
    await emulator.setKnobs({ deleteDelayMs: 5_000 });
    const created: Array<{ id: string; outs: DomainOutputs }> = [];
    for (const n of [1, 2, 3]) created.push(await domainHandler.create(await domain(`mg${n}.delete.example.com`)));
    await emulator.clearRequests();
    await Promise.all(created.map((c) => domainHandler.delete(c.id, c.outs)));
    const log = await emulator.requests();
    expect(log.filter((e) => e.method !== "GET").map((e) => `${e.method} ${e.path}`).sort()).toEqual(created.map((c) => `DELETE /v3/domains/${c.id}`).sort());
    expect(log.filter((e) => e.method === "GET")).toHaveLength(8 * created.length);
  });

  test("a replacement that keeps the name waits for Mailgun to release it, then creates", async () => {
    await emulator.setKnobs({ deleteDelayMs: 1_500 });
    const name = "mg.replace.example.com";
    const old = await domainHandler.create(await domain(name));
    await domainHandler.delete(old.id, old.outs);
    const started = Date.now();
    const replacement = await domainHandler.create(await domain(name, { dkimKeySize: 2048 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(replacement.outs.domainId).not.toBe(old.outs.domainId);
    expect((await emulator.state()).us.domains).toEqual([expect.objectContaining({ name, dkim_key_size: 2048 })]);
  });

  test("a read makes the domain GET and the tracking GET at once; a deleted domain reads as gone", async () => {
    const created = await domainHandler.create(await domain("mg.read.example.com"));
    const props = { ...created.outs, writtenAt: undefined };
    await emulator.setKnobs({ latencyMs: 400 });
    await emulator.clearRequests();
    const read = await domainHandler.read(created.id, props);
    expect(read.id).toBe(created.id);
    const log = await emulator.requests();
    expect(log.map((e) => `${e.method} ${e.path}`).sort()).toEqual([`GET /v3/domains/${created.id}/tracking`, `GET /v4/domains/${created.id}`]);
    // Overlapping: the second started before the first had answered.
    const [a, b] = log.map((e) => Date.parse(e.time)).sort();
    expect(b - a).toBeLessThan(300);

    await emulator.setKnobs({ latencyMs: 0 });
    await emulator.api("us", "DELETE", `/v3/domains/${created.id}`);
    expect(await domainHandler.read(created.id, props)).toEqual({});
  });
});
