import { calls, laterRun, previewRefresh, refresh, refusal, up, useEngineSteps, writes } from "./engine-runs";

/** What is particular to a Route: its id is Mailgun's, so a region move, adoption and leftovers are about finding the same route. */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "5000" });

const SUPPORT = 'match_recipient("support@mg.example.com")';
const args = (more: Record<string, unknown> = {}) => ({ expression: SUPPORT, actions: ['forward("https://example.com/inbound")', "stop()"], priority: 10, description: "support", ...more });
const routes = async (region: "us" | "eu" = "us") => (await h.emulator.state())[region].routes as Array<Record<string, unknown>>;

test("an update keeps Mailgun's route and is one write; drift by hand is seen and put back", async () => {
  const { state: made } = await up("Route", "inbound", args());
  const id = made.id;
  expect(await routes()).toEqual([expect.objectContaining({ id, priority: 10 })]);
  expect(made.outs).toMatchObject({ routeId: id, priority: 10, region: "us" });

  await h.emulator.clearRequests();
  const moved = await up("Route", "inbound", args({ priority: 20, actions: ['forward("ops@example.com")'] }), made);
  expect(moved.step).toBe("update");
  expect(calls(writes(await h.emulator.requests()))).toEqual([`PUT /v3/routes/${id}`]);
  expect(await routes()).toEqual([expect.objectContaining({ id, priority: 20, actions: ['forward("ops@example.com")'] })]);

  // Someone changes the priority in the dashboard, a while after this provider wrote the route.
  await h.emulator.api("us", "PUT", `/v3/routes/${id}`, { priority: "99" });
  const later = laterRun(moved.state);
  expect((await previewRefresh(later, args({ priority: 20, actions: ['forward("ops@example.com")'] })))?.changes).toBe(true);
  const refreshed = (await refresh(later))!;
  expect(refreshed.outs.priority).toBe(99);
  const repaired = await up("Route", "inbound", args({ priority: 20, actions: ['forward("ops@example.com")'] }), refreshed);
  expect(repaired.step).toBe("update");
  expect((await routes())[0]).toMatchObject({ id, priority: 20 });
  expect((await previewRefresh(laterRun(repaired.state), args({ priority: 20, actions: ['forward("ops@example.com")'] })))?.changes).toBe(false);
});

test("moving to eu replaces: a new route in eu, made before the us one is deleted, each call in its region", async () => {
  const { state: made } = await up("Route", "inbound", args());
  await h.emulator.clearRequests();
  const moved = await up("Route", "inbound", args({ region: "eu" }), made);
  expect(moved.step).toBe("replace");
  expect(moved.diff?.replaces).toEqual(["region"]);
  expect(moved.diff?.deleteBeforeReplace).toBeUndefined();
  expect(writes(await h.emulator.requests()).map((r) => `${r.region} ${r.method} ${r.path}`)).toEqual([
    "eu POST /v3/routes",
    `us DELETE /v3/routes/${made.id}`,
  ]);
  expect(await routes("us")).toEqual([]);
  expect(await routes("eu")).toEqual([expect.objectContaining({ id: moved.state.id, expression: SUPPORT })]);
});

test("adopt: true takes over a hand-made route with the same expression and sets it as declared, without a create", async () => {
  const sales = 'match_recipient("sales@mg.example.com")';
  const handMade = await h.emulator.api("us", "POST", "/v3/routes", { expression: sales, action: ['forward("old@example.com")'], priority: "5", description: "by hand" });
  await h.emulator.clearRequests();
  const { state } = await up("Route", "sales", { expression: sales, actions: ['forward("sales@example.com")'], adopt: true });
  expect(state.id).toBe(handMade.route.id);
  expect(state.outs.routeId).toBe(handMade.route.id);
  expect(calls(writes(await h.emulator.requests()))).toEqual([`PUT /v3/routes/${handMade.route.id}`]);
  // Left out of the program: Mailgun's defaults, not what the hand-made route had.
  expect(await routes()).toEqual([expect.objectContaining({ id: handMade.route.id, actions: ['forward("sales@example.com")'], priority: 0, description: "" })]);
});

test("an identical route left behind (by an interrupted run) is taken over without adopt, never duplicated", async () => {
  const billing = 'match_recipient("billing@mg.example.com")';
  const leftover = await h.emulator.api("us", "POST", "/v3/routes", { expression: billing, action: ["stop()"], priority: "3", description: "billing" });
  await h.emulator.clearRequests();
  const { state } = await up("Route", "billing", { expression: billing, actions: ["stop()"], priority: 3, description: "billing" });
  expect(state.id).toBe(leftover.route.id);
  expect(writes(await h.emulator.requests())).toEqual([]);
  expect(await routes()).toHaveLength(1);
});

test("a bad filter and a bad action are refused by check, each naming its field, before any call", async () => {
  await h.emulator.clearRequests();
  const message = await refusal("Route", "inbound", args({ expression: "match_everything()", actions: ["forward(nowhere)"] }));
  expect(message).toMatch(/\[expression\] "match_everything\(\)" is not a Mailgun filter/);
  expect(message).toMatch(/\[actions\.0\] "forward\(nowhere\)" is not a Mailgun action/);
  expect(await h.emulator.requests()).toEqual([]);
});
