import { calls, destroy, laterRun, refresh, up, useEngineSteps } from "./engine-runs";

/**
 * A 404 (or a URL missing from a listing) is waited out only within the consistency budget after
 * this provider's own write. Objects written long ago are read once: with the default 30 s budget,
 * a wait nobody needs shows as a call of 30 s or more and a burst of GETs.
 */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "30000" });
/** Half the budget: room for a busy machine, far from a wait of the whole budget. */
const AT_ONCE_MS = 15_000;
const URL = "https://hooks.example.com/old";

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  await h.emulator.clearRequests();
  const started = Date.now();
  const result = await fn();
  return { ms: Date.now() - started, result };
}

test("destroying a webhook whose URL was replaced by hand is one DELETE and finishes at once", async () => {
  const HOOKED = "mg.old-hook.example.com";
  const OTHER = "https://replaced-by-hand.example.com/h";
  await h.emulator.api("us", "POST", "/v4/domains", { name: HOOKED });
  const { state } = await up("Webhook", "old", { domain: HOOKED, url: URL, events: ["delivered", "opened"] });
  for (const event of ["delivered", "opened"]) await h.emulator.api("us", "PUT", `/v3/domains/${HOOKED}/webhooks/${event}`, { url: OTHER });

  const { ms } = await timed(() => destroy(laterRun(state)));
  // v4 removes the URL from whatever events it is on, without a listing; here it is on none.
  expect(calls(await h.emulator.requests())).toEqual([`DELETE /v4/domains/${HOOKED}/webhooks`]);
  expect(ms).toBeLessThan(AT_ONCE_MS);
  expect((await h.emulator.state()).us.webhooks[HOOKED]).toEqual({ delivered: [OTHER], opened: [OTHER] });
});

test("a refresh of objects recorded in us that were moved to eu or deleted reports them gone at once, one GET each, none in eu", async () => {
  const MOVED = "mg.moved.example.com";
  const made = [
    (await up("Domain", "moved", { name: MOVED })).state,
    (await up("Route", "deleted", { expression: `match_recipient("x@${MOVED}")`, actions: ["stop()"] })).state,
    (await up("Webhook", "movedHook", { domain: MOVED, url: URL, events: ["delivered"] })).state,
  ];
  // By hand: the domain now lives in eu (with its webhook), and the route is gone.
  await h.emulator.api("us", "DELETE", `/v3/domains/${MOVED}`);
  await h.emulator.api("eu", "POST", "/v4/domains", { name: MOVED });
  await h.emulator.api("eu", "POST", `/v3/domains/${MOVED}/webhooks`, { id: "delivered", url: URL });
  await h.emulator.api("us", "DELETE", `/v3/routes/${made[1].id}`);

  // One refresh: one provider process reads all three at once.
  const later = made.map(laterRun);
  const { ms, result } = await timed(() => Promise.all(later.map(refresh)));
  expect(result).toEqual([undefined, undefined, undefined]);
  expect(ms).toBeLessThan(AT_ONCE_MS);
  const requests = await h.emulator.requests();
  const gets = requests.filter((r) => r.method === "GET").map((r) => `${r.region} ${r.path}`);
  expect(new Set(gets).size).toBe(gets.length);
  expect(requests.filter((r) => r.region === "eu")).toEqual([]);
});

test("a webhook declared in us for a domain that lives in eu fails at once, naming the region", async () => {
  const domain = "mg.eu-only.example.com";
  await h.emulator.api("eu", "POST", "/v4/domains", { name: domain });
  const { ms, result: err } = await timed(() => up("Webhook", "wrongRegion", { domain, url: URL, events: ["delivered"] }).then(() => undefined, (e: Error) => e));
  expect(err?.message).toMatch(/domain mg\.eu-only\.example\.com not found in region us: it lives in region eu\. Set region: "eu" on this Webhook/);
  expect(ms).toBeLessThan(AT_ONCE_MS);
});
