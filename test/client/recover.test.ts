import { MailgunServerError } from "../../provider/client/errors";
import type { Route } from "../../provider/client/schemas";
import { routeParams, startHarness, uniqueDomain, type Harness } from "./emulator-harness";

describe("recover() after a fault on a POST create", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  /** What a route handler does: tag the route and look for the tag. */
  const findByDescription = (c: ReturnType<Harness["client"]>, description: string) => async (): Promise<Route | undefined> =>
    (await c.routes.list("us")).find((r) => r.description === description);

  it("finds the route the failed attempt created instead of creating a duplicate", async () => {
    const c = h.client({}, { random: () => 0 });
    // Every write is applied and then answered with a 5xx: the client never learns it succeeded.
    await h.knobs({ faults: { errorRate: 1, afterWriteShare: 1 } });
    let checks = 0;
    const p = c.routes.create("us", routeParams("token-1"), {
      recover: async () => {
        checks++;
        await h.knobs({ faults: { errorRate: 0 } });
        return findByDescription(c, "token-1")();
      },
    });
    const route = await p;
    expect(route.description).toBe("token-1");
    expect(checks).toBe(1);
    const state = await h.state();
    expect(state.us.routes.map((r: any) => r.description)).toEqual(["token-1"]);
    const posts = (await h.requests()).filter((e) => e.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ fault: "error", applied: true });
  });

  it("re-sends when recover says the earlier attempt did not take effect", async () => {
    const c = h.client({}, { random: () => 0 });
    await h.knobs({ faults: { errorRate: 1, afterWriteShare: 0 } });
    const route = await c.routes.create("us", routeParams("token-2"), {
      recover: async () => {
        await h.knobs({ faults: { errorRate: 0 } });
        return findByDescription(c, "token-2")();
      },
    });
    expect(route.description).toBe("token-2");
    const posts = (await h.requests()).filter((e) => e.method === "POST");
    expect(posts.map((e) => [e.status === 200, e.applied])).toEqual([[false, false], [true, true]]);
    expect((await h.state()).us.routes).toHaveLength(1);
  });

  it("never duplicates routes under random faults before and after writes", async () => {
    const c = h.client({ maxRetries: 20 });
    await h.knobs({ faults: { errorRate: 0.4, afterWriteShare: 0.5, seed: 42 } });
    const tokens = Array.from({ length: 12 }, (_, i) => `chaos-${i}`);
    const routes = await Promise.all(tokens.map((t) => c.routes.create("us", routeParams(t), { recover: findByDescription(c, t) })));
    await h.knobs({ faults: { errorRate: 0 } });
    expect(routes.map((r) => r.description).sort()).toEqual([...tokens].sort());
    const state = await h.state();
    expect(state.us.routes.map((r: any) => r.description).sort()).toEqual([...tokens].sort());
    const log = await h.requests();
    expect(log.some((e) => e.method === "POST" && e.fault === "error" && e.applied)).toBe(true);
  }, 30_000);

  it("createDomain recovers on its own by looking the name up", async () => {
    const c = h.client({}, { random: () => 0 });
    const name = uniqueDomain("recover");
    await h.knobs({ faults: { burst: { status: 500, count: 1 } } });
    // burst answers before the write: the lookup finds nothing and the create is sent again.
    const d = await c.domains.create("us", { name });
    expect(d.domain.name).toBe(name);
    expect((await h.requests()).map((e) => [e.method, e.status])).toEqual([
      ["POST", 500],
      ["GET", 404],
      ["POST", 200],
    ]);
  });

  it("createDomain returns the domain its lost attempt created even while it is not yet visible", async () => {
    const c = h.client({}, { random: () => 0 });
    const name = uniqueDomain("recover-late");
    await h.knobs({ consistencyDelayMs: 800, faults: { errorRate: 1, afterWriteShare: 1 } });
    const created = c.domains.create("us", { name }, {
      recover: async () => {
        await h.knobs({ faults: { errorRate: 0 } });
        return c.domains.find("us", name);
      },
    });
    // The lookup says 404 (not visible yet), the re-sent POST says "already taken": the client waits for it.
    const d = await created;
    expect(d.domain.name).toBe(name);
    expect((await h.state()).us.domains.map((x: any) => x.name)).toEqual([name]);
  });

  it("without recover, the error says the route may exist", async () => {
    const c = h.client();
    await h.knobs({ faults: { errorRate: 1, afterWriteShare: 1 } });
    const err = await c.routes.create("us", routeParams("unknown")).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunServerError);
    expect(err.message).toMatch(/may have taken effect/);
    expect((await h.state()).us.routes).toHaveLength(1);
  });
});
