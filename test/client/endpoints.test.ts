import { MailgunBadRequestError, MailgunConfigError, MailgunNotFoundError } from "../../provider/client/errors";
import { getClient } from "../../provider/client/client";
import { IgnoredBodySchema } from "../../provider/client/schemas";
import { routeParams, startHarness, uniqueDomain, type Harness } from "./emulator-harness";

describe("typed endpoints against the emulator", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("domains: create, get, list, update, verify, tracking, dkim, delete", async () => {
    const c = h.client();
    const name = uniqueDomain("dom");
    const created = await c.domains.create("us", { name, spam_action: "tag", wildcard: true, dkim_key_size: 2048 });
    expect(created.domain).toMatchObject({ name, state: "unverified", wildcard: true, spam_action: "tag" });
    expect(created.sending_dns_records.length).toBeGreaterThan(0);
    expect(created.receiving_dns_records.every((r) => r.record_type === "MX")).toBe(true);

    expect((await c.domains.get("us", name)).domain.name).toBe(name);
    const listed = await c.domains.listPage("us", { search: name });
    expect(listed.items.map((d) => d.name)).toContain(name);
    expect(listed.total_count).toBeGreaterThanOrEqual(1);

    expect((await c.domains.update("us", name, { web_scheme: "https", spam_action: "disabled" })).domain).toMatchObject({ web_scheme: "https", spam_action: "disabled" });

    await c.tracking.updateOpen("us", name, { active: true, place_at_the_top: true });
    await c.tracking.updateClick("us", name, { active: "htmlonly" });
    await c.tracking.updateUnsubscribe("us", name, { active: true, html_footer: "<p>bye</p>", text_footer: "bye" });
    const t = await c.tracking.get("us", name);
    expect(t.open).toMatchObject({ active: true, place_at_the_top: true });
    expect(t.click.active).toBe("htmlonly");
    expect(t.unsubscribe).toMatchObject({ active: true, html_footer: "<p>bye</p>", text_footer: "bye" });

    await c.domains.updateDkimSelector("us", name, "s2026");
    await c.domains.updateDkimAuthority("us", name, true);

    const verified = await c.domains.verify("us", name);
    expect(verified.domain.name).toBe(name);

    await c.domains.delete("us", name);
    await c.domains.delete("us", name); // already gone: resolves
    expect(await c.domains.find("us", name)).toBeUndefined();
  });

  it("credentials: create, list, change password, delete", async () => {
    const c = h.client();
    const name = uniqueDomain("cred");
    await c.domains.create("us", { name });
    await c.credentials.create("us", name, "bob", "bob-secret-1");
    expect((await c.credentials.list("us", name)).map((x) => x.login)).toContain(`bob@${name}`);
    await c.credentials.changePassword("us", name, "bob", "bob-secret-2");
    await c.credentials.delete("us", name, "bob");
    await c.credentials.delete("us", name, "bob");
    expect((await c.credentials.list("us", name)).map((x) => x.login)).not.toContain(`bob@${name}`);
  });

  it("routes: create, get, list, flat update, delete", async () => {
    const c = h.client();
    const r = await c.routes.create("us", routeParams("r"));
    expect(r).toMatchObject({ priority: 10, description: "r", actions: routeParams("r").actions });
    expect((await c.routes.get("us", r.id)).expression).toBe(routeParams("r").expression);
    expect((await c.routes.list("us")).map((x) => x.id)).toContain(r.id);
    const u = await c.routes.update("us", r.id, { actions: ["stop()"], description: "changed" });
    expect(u).toMatchObject({ id: r.id, actions: ["stop()"], description: "changed", priority: 10 });
    await c.routes.delete("us", r.id);
    await c.routes.delete("us", r.id);
    await expect(c.routes.get("us", r.id)).rejects.toBeInstanceOf(MailgunNotFoundError);
  });

  it("webhooks v3 and v4", async () => {
    const c = h.client();
    const name = uniqueDomain("hooks");
    await c.domains.create("us", { name });
    expect(await c.webhooks.list("us", name)).toEqual({});
    expect(await c.webhooks.create("us", name, "delivered", ["https://a.example.com/1", "https://a.example.com/2"])).toEqual([
      "https://a.example.com/1",
      "https://a.example.com/2",
    ]);
    await expect(c.webhooks.create("us", name, "delivered", ["https://a.example.com/3"])).rejects.toBeInstanceOf(MailgunBadRequestError);
    expect(await c.webhooks.update("us", name, "delivered", ["https://a.example.com/3"])).toEqual(["https://a.example.com/3"]);
    const added = await c.webhooks.addUrlV4("us", name, "https://v4.example.com/x", ["opened", "clicked"]);
    expect(added).toMatchObject({ opened: ["https://v4.example.com/x"], clicked: ["https://v4.example.com/x"] });
    const replaced = await c.webhooks.replaceUrlV4("us", name, "https://v4.example.com/x", ["opened"]);
    expect(replaced.opened).toEqual(["https://v4.example.com/x"]);
    expect(replaced.clicked ?? []).toEqual([]);
    const removed = await c.webhooks.removeUrlsV4("us", name, ["https://v4.example.com/x"]);
    expect(removed.opened ?? []).toEqual([]);
    await c.webhooks.delete("us", name, "delivered");
    await c.webhooks.delete("us", name, "delivered");
    expect(await c.webhooks.list("us", name)).toEqual({});
  });

  it("keys: create with secret, list without, delete", async () => {
    const c = h.client();
    const name = uniqueDomain("keys");
    await c.domains.create("us", { name });
    const k = await c.keys.create("us", { role: "sending", kind: "domain", domain_name: name, description: "ci", expiration: 3600 });
    expect(k).toMatchObject({ kind: "domain", role: "sending", domain_name: name, description: "ci" });
    expect(k.secret).toMatch(new RegExp(`-${k.id}$`));
    const listed = await c.keys.list("us", { domain_name: name, kind: "domain" });
    expect(listed.map((x) => x.id)).toEqual([k.id]);
    expect((listed[0] as Record<string, unknown>).secret ?? "").toBe("");
    await c.keys.delete("us", k.id);
    await c.keys.delete("us", k.id);
    expect(await c.keys.list("us", { domain_name: name })).toEqual([]);
  });

  it("fails the first call clearly without an API key", async () => {
    const err = await h.client({ apiKey: undefined }).routes.list("us").catch((e) => e);
    expect(err).toBeInstanceOf(MailgunConfigError);
    expect(err.message).toBe(
      "GET /v3/routes in region us: no Mailgun API key; set it with `pulumi config set --secret mailgun:apiKey <key>` or the MAILGUN_API_KEY environment variable",
    );
  });

  it("reports an HTML 404 from a wrong base URL as a URL problem", async () => {
    const c = h.client();
    const err: any = await c.request({ region: "us", method: "GET", path: "/v9/nothing-here", schema: IgnoredBodySchema, expectExists: true }).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunNotFoundError);
    expect(err.message).toMatch(/404 endpoint not found \(check the API URL\)$/);
  });

  it("getClient shares one instance per config", async () => {
    const a = getClient(h.config);
    expect(getClient({ ...h.config })).toBe(a);
    expect(getClient({ ...h.config, maxRetries: 1 })).not.toBe(a);
    await a.close();
    expect(getClient(h.config)).not.toBe(a);
    await getClient(h.config).close();
    await getClient({ ...h.config, maxRetries: 1 }).close();
  });
});
