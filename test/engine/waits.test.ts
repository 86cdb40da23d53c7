import type { RequestLogEntry } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";
import { cli } from "../../testkit/pulumi-cli";

/**
 * A 404 (or a URL missing from a listing) is waited out only within the consistency budget after
 * this provider's own write. Objects written long ago are read once: these runs use the default
 * 30 s budget, so a wait nobody needs shows as a run of 30 s or more and a burst of GETs.
 */
const BUDGET_MS = 30_000;
/** Far below the budget, with room for the CLI's own start-up on a busy machine. */
const AT_ONCE_MS = 15_000;
const HOUR_MS = 3_600_000;

const HOOKED = "mg.old-hook.example.com";
const MOVED = "mg.moved.example.com";
const URL = "https://hooks.example.com/old";
const OTHER = "https://replaced-by-hand.example.com/h";

type StateResource = { type: string; urn: string; outputs?: Record<string, unknown> };

describe("no consistency waits for objects this provider wrote long ago (default 30 s budget)", () => {
  const t = useMailgunStack([]);

  beforeAll(async () => {
    await t.project.stack.setConfig("mailgun:consistencyBudgetMs", { value: String(BUDGET_MS) });
  });

  /** What a stack written an hour ago looks like: writtenAt is the only clock the provider keeps. */
  async function ageState(): Promise<void> {
    const exported = await t.project.stack.exportStack();
    for (const r of exported.deployment.resources as StateResource[]) {
      if (typeof r.outputs?.writtenAt === "number") r.outputs.writtenAt = (r.outputs.writtenAt as number) - HOUR_MS;
    }
    await t.project.stack.importStack(exported);
  }

  async function timed(args: string[]): Promise<{ ms: number; requests: RequestLogEntry[]; output: string }> {
    await t.emulator.clearRequests();
    const started = Date.now();
    const output = await cli(t.project, args);
    const ms = Date.now() - started;
    return { ms, requests: await t.emulator.requests(), output };
  }

  const gets = (requests: RequestLogEntry[]) => requests.filter((r) => r.method === "GET");

  test("destroying a webhook whose URL was replaced by hand is one DELETE and finishes at once", async () => {
    const { emulator, project } = t;
    await emulator.api("us", "POST", "/v4/domains", { name: HOOKED });
    const hook: ResourceSpec = { kind: "Webhook", name: "old", args: { domain: HOOKED, url: URL, events: ["delivered", "opened"] } };
    await project.setResources([hook]);
    await project.stack.up();
    await ageState();
    for (const event of ["delivered", "opened"]) await emulator.api("us", "PUT", `/v3/domains/${HOOKED}/webhooks/${event}`, { url: OTHER });

    const { ms, requests } = await timed(["destroy", "--yes", "--skip-preview"]);
    process.stdout.write(`[waits] webhook destroy: ${ms} ms, ${gets(requests).length} GETs, ${requests.length} requests\n`);
    // v4 removes the URL from whatever events it is on, without a listing; here it is on none.
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v4/domains/${HOOKED}/webhooks`]);
    expect(ms).toBeLessThan(AT_ONCE_MS);
    expect((await emulator.state()).us.webhooks[HOOKED]).toEqual({ delivered: [OTHER], opened: [OTHER] });
  }, 300_000);

  test("a refresh of objects recorded in us that were moved to eu or deleted reports them gone at once", async () => {
    const { emulator, project } = t;
    const specs: ResourceSpec[] = [
      { kind: "Domain", name: "moved", args: { name: MOVED } },
      { kind: "Route", name: "deleted", args: { expression: `match_recipient("x@${MOVED}")`, actions: ["stop()"] } },
      { kind: "Webhook", name: "movedHook", args: { domain: { $ref: "moved.name" }, url: URL, events: ["delivered"] } },
    ];
    await project.setResources(specs);
    await project.stack.up();
    await ageState();
    // By hand: the domain now lives in eu (with its webhook), and the route is gone.
    await emulator.api("us", "DELETE", `/v3/domains/${MOVED}`);
    await emulator.api("eu", "POST", "/v4/domains", { name: MOVED });
    await emulator.api("eu", "POST", `/v3/domains/${MOVED}/webhooks`, { id: "delivered", url: URL });
    for (const route of (await emulator.state()).us.routes as Array<{ id: string }>) await emulator.api("us", "DELETE", `/v3/routes/${route.id}`);

    const { ms, requests, output } = await timed(["refresh", "--yes", "--skip-preview"]);
    process.stdout.write(`[waits] refresh of 3 moved/deleted resources: ${ms} ms, ${gets(requests).length} GETs\n`);
    expect(output).toMatch(/3 deleted/);
    expect(ms).toBeLessThan(AT_ONCE_MS);
    // One GET per object, plus none repeated: a 404 of an old object is final.
    const paths = gets(requests).map((r) => `${r.region} ${r.path}`);
    expect(new Set(paths).size).toBe(paths.length);
    expect(requests.filter((r) => r.region === "eu")).toEqual([]);
    const state = (await project.stack.exportStack()).deployment.resources as StateResource[];
    expect(state.filter((r) => r.type.includes("mailgun:"))).toEqual([]);
  }, 300_000);

  test("a webhook declared in us for a domain that lives in eu fails at once, naming the region", async () => {
    const { emulator, project } = t;
    const domain = "mg.eu-only.example.com";
    await emulator.api("eu", "POST", "/v4/domains", { name: domain });
    await project.setResources([{ kind: "Webhook", name: "wrongRegion", args: { domain, url: URL, events: ["delivered"] } }]);
    await emulator.clearRequests();
    const started = Date.now();
    const err = await project.stack.up().then(() => undefined, (e: Error) => e);
    const ms = Date.now() - started;
    const requests = await emulator.requests();
    process.stdout.write(`[waits] webhook create in the wrong region: ${ms} ms, ${gets(requests).length} GETs\n`);
    expect(err?.message).toMatch(/domain mg\.eu-only\.example\.com not found in region us: it lives in region eu\. Set region: "eu" on this Webhook/);
    expect(ms).toBeLessThan(AT_ONCE_MS);
  }, 300_000);
});
