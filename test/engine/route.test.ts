import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const route = (args: Record<string, unknown>): ResourceSpec => ({
  kind: "Route",
  name: "inbound",
  args: { expression: 'match_recipient("support@mg.example.com")', actions: ['forward("https://example.com/inbound")', "stop()"], priority: 10, description: "support", ...args },
});

describe("Route through the real Pulumi engine", () => {
  const t = useMailgunStack([route({})]);

  test("create, no-op preview and refresh, update in place, replace, drift, deletion, adoption, destroy", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    let state = await emulator.state();
    expect(state.us.routes).toHaveLength(1);
    const id = state.us.routes[0].id;
    expect(up.outputs.resources.value.inbound).toMatchObject({ routeId: id, priority: 10, region: "us" });

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });

    // In place: same Mailgun route, new priority and actions.
    await project.setResources([route({ priority: 20, actions: ['forward("ops@example.com")'] })]);
    const update = await stack.up({ onOutput: log.onOutput });
    expect(update.summary.resourceChanges).toMatchObject({ update: 1 });
    state = await emulator.state();
    expect(state.us.routes).toEqual([expect.objectContaining({ id, priority: 20, actions: ['forward("ops@example.com")'] })]);

    // Drift: someone changes the priority in the dashboard.
    await emulator.api("us", "PUT", `/v3/routes/${id}`, { priority: "99" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const repair = await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(repair.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await emulator.state()).us.routes[0]).toMatchObject({ id, priority: 20 });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Out-of-band deletion: refresh drops it, up recreates it.
    await emulator.api("us", "DELETE", `/v3/routes/${id}`);
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    state = await emulator.state();
    expect(state.us.routes).toHaveLength(1);
    const recreatedId = state.us.routes[0].id;
    expect(recreatedId).not.toBe(id);

    // Replace: moving to the EU makes a new route there and deletes the US one.
    await project.setResources([route({ priority: 20, actions: ['forward("ops@example.com")'], region: "eu" })]);
    const replace = await stack.up({ onOutput: log.onOutput });
    expect(replace.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(await objectCounts(emulator)).toMatchObject({ us: { routes: 0 }, eu: { routes: 1 } });
    await project.setResources([route({ priority: 20, actions: ['forward("ops@example.com")'] })]);
    await stack.up({ onOutput: log.onOutput });

    // Adoption: a hand-made route with the same expression is taken over, not duplicated.
    const handMade = await emulator.api("us", "POST", "/v3/routes", { expression: 'match_recipient("sales@mg.example.com")', action: ['forward("old@example.com")'], priority: "5", description: "by hand" });
    await project.setResources([
      route({ priority: 20, actions: ['forward("ops@example.com")'] }),
      { kind: "Route", name: "sales", args: { expression: 'match_recipient("sales@mg.example.com")', actions: ['forward("sales@example.com")'], adopt: true } },
    ]);
    const adopt = await stack.up({ onOutput: log.onOutput });
    expect(adopt.outputs.resources.value.sales.routeId).toBe(handMade.route.id);
    state = await emulator.state();
    expect(state.us.routes).toHaveLength(2);
    expect(state.us.routes.find((r: { id: string }) => r.id === handMade.route.id)).toMatchObject({ actions: ['forward("sales@example.com")'], priority: 0, description: "" });

    // An identical route left behind (e.g. by an interrupted run) is taken over, never duplicated.
    const leftover = await emulator.api("us", "POST", "/v3/routes", { expression: 'match_recipient("billing@mg.example.com")', action: ["stop()"], priority: "3", description: "billing" });
    await project.setResources([
      route({ priority: 20, actions: ['forward("ops@example.com")'] }),
      { kind: "Route", name: "sales", args: { expression: 'match_recipient("sales@mg.example.com")', actions: ['forward("sales@example.com")'], adopt: true } },
      { kind: "Route", name: "billing", args: { expression: 'match_recipient("billing@mg.example.com")', actions: ["stop()"], priority: 3, description: "billing" } },
    ]);
    const takeOver = await stack.up({ onOutput: log.onOutput });
    expect(takeOver.outputs.resources.value.billing.routeId).toBe(leftover.route.id);
    expect((await emulator.state()).us.routes).toHaveLength(3);

    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toMatchObject({ us: { routes: 0 }, eu: { routes: 0 } });
    expect(log.text).not.toContain(emulator.apiKey);
  }, 600_000);

  test("bad input fails at preview with the field and the fix, before any API call", async () => {
    const { emulator, project, log } = t;
    await project.setResources([route({ expression: "match_everything()", actions: ["forward(nowhere)"] })]);
    await emulator.clearRequests();
    const err = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/\[expression\] "match_everything\(\)" is not a Mailgun filter/);
    expect(err?.message).toMatch(/\[actions\.0\] "forward\(nowhere\)" is not a Mailgun action/);
    expect(await emulator.requests()).toEqual([]);
  }, 120_000);
});
