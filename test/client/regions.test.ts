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

    const created = await c.createDomain("eu", { name, smtp_password: "s3cret-pass" });
    expect(created.domain.name).toBe(name);
    await c.getDomain("eu", name, { expectExists: true });
    await c.updateDomain("eu", name, { web_scheme: "https" });
    await c.getTracking("eu", name);
    await c.updateOpenTracking("eu", name, { active: true });
    await c.createWebhook("eu", name, "delivered", ["https://hooks.example.com/a"]);
    await c.listWebhooks("eu", name);
    await c.createCredential("eu", name, "bob", "bob-password-1");
    await c.listCredentials("eu", name);
    const route = await c.createRoute("eu", routeParams("eu route"));
    await c.getRoute("eu", route.id);
    const key = await c.createKey("eu", { role: "sending", kind: "domain", domain_name: name, description: "eu key" });
    await c.listKeys("eu", { domain_name: name });
    await c.deleteKey("eu", key.id);
    await c.deleteRoute("eu", route.id);
    await c.deleteWebhook("eu", name, "delivered");
    await c.deleteCredential("eu", name, "bob");
    await c.deleteDomain("eu", name);

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
    await c.createDomain("eu", { name });
    const err = await c.getDomain("us", name).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunNotFoundError);
    expect(err.message).toBe(
      `GET /v4/domains/${name} in region us: 404 Domain not found; domain ${name} not found in region us; it may exist in eu (check the region)`,
    );
    expect(err).toMatchObject({ status: 404, method: "GET", region: "us", path: `/v4/domains/${name}` });
  });
});
