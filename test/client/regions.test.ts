import { MailgunNotFoundError } from "../../provider/client/errors";
import { routeParams, startHarness, uniqueDomain, type Harness } from "./emulator-harness";

describe("regions", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("never requests an EU object from the US endpoint", async () => {
    const c = h.client({ defaultRegion: "us" });
    const name = uniqueDomain("eu-only");
    await h.clearRequests();

    const created = await c.domains.create("eu", { name, smtp_password: "s3cret-pass" });
    expect(created.domain.name).toBe(name);
    await c.domains.get("eu", name, { expectExists: true });
    await c.domains.update("eu", name, { web_scheme: "https" });
    await c.tracking.get("eu", name);
    await c.tracking.updateOpen("eu", name, { active: true });
    await c.webhooks.create("eu", name, "delivered", ["https://hooks.example.com/a"]);
    await c.webhooks.list("eu", name);
    await c.credentials.create("eu", name, "bob", "bob-password-1");
    await c.credentials.list("eu", name);
    const route = await c.routes.create("eu", routeParams("eu route"));
    await c.routes.get("eu", route.id);
    const key = await c.keys.create("eu", { role: "sending", kind: "domain", domain_name: name, description: "eu key" });
    await c.keys.list("eu", { domain_name: name });
    await c.keys.delete("eu", key.id);
    await c.routes.delete("eu", route.id);
    await c.webhooks.delete("eu", name, "delivered");
    await c.credentials.delete("eu", name, "bob");
    await c.domains.delete("eu", name);

    const log = await h.requests();
    expect(log.length).toBeGreaterThanOrEqual(17);
    expect(log.filter((e) => e.region !== "eu")).toEqual([]);
    const state = await h.state();
    expect(state.us.domains).toEqual([]);
    expect(state.us.routes).toEqual([]);
  });

  it("explains a domain looked up in the wrong region", async () => {
    const c = h.client();
    const name = uniqueDomain("wrong-region");
    await c.domains.create("eu", { name });
    const err = await c.domains.get("us", name).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunNotFoundError);
    expect(err.message).toBe(
      `GET /v4/domains/${name} in region us: 404 Domain not found; domain ${name} not found in region us; it may exist in eu (check the region)`,
    );
    expect(err).toMatchObject({ status: 404, method: "GET", region: "us", path: `/v4/domains/${name}` });
  });
});
