/** The official Node SDK drives full create/read/update/delete cycles against the emulator. */
import Mailgun from "mailgun.js";
import { domainName, useEmulator } from "./helpers/harness";

describe("mailgun.js against the emulator", () => {
  const h = useEmulator();
  // mailgun.js's interface types lag its classes (no `apiKeys`, `domainKeys`), so the client is untyped here.
  const client = (key = h.emulator.apiKey): any => new Mailgun(FormData).client({ username: "api", key, url: h.emulator.urls.us });
  beforeEach(() => jest.spyOn(console, "warn").mockImplementation(() => undefined)); // deprecation notices

  test("domains, tracking, connection, DKIM and web prefix", async () => {
    const mg = client();
    const name = domainName();
    const created = await mg.domains.create({ name, smtp_password: "initial-pw", spam_action: "tag", wildcard: true });
    expect(created).toMatchObject({ name, state: "unverified", spam_action: "tag", wildcard: true });
    expect(created.sending_dns_records).toHaveLength(3);
    expect((await mg.domains.get(name)).name).toBe(name);
    expect((await mg.domains.list()).map((d: any) => d.name)).toEqual([name]);
    const updated = await mg.domains.update(name, { spam_action: "block", wildcard: false, web_scheme: "https", smtp_password: "rotated-pw" });
    expect(updated).toMatchObject({ spam_action: "block", wildcard: false, web_scheme: "https" });
    expect((await mg.domains.verify(name)).state).toBe("unverified");
    await h.control.dns(name);
    expect((await mg.domains.verify(name)).state).toBe("active");

    await mg.domains.domainTracking.updateTracking(name, "open", { active: true });
    await mg.domains.domainTracking.updateTracking(name, "click", { active: "htmlonly" } as never);
    const tracking = await mg.domains.domainTracking.getTracking(name);
    expect(tracking.open.active).toBe(true);
    expect(await mg.domains.updateConnection(name, { require_tls: true, skip_verification: false })).toMatchObject({ require_tls: true });
    expect(await mg.domains.getConnection(name)).toEqual({ require_tls: true, skip_verification: false });
    expect(await mg.domains.domainKeys.updateDKIMSelector(name, { dkimSelector: "s2" })).toMatchObject({ status: 200, message: "DKIM selector changed" });
    expect(await mg.domains.domainKeys.updateDKIMAuthority(name, { self: true })).toMatchObject({ changed: false });
    expect((await mg.domains.updateWebPrefix(name, { webPrefix: "links" })).status).toBe(200);
    expect((await mg.domains.get(name)).web_prefix).toBe("links");

    expect(await mg.domains.destroy(name)).toEqual({ message: "Domain will be deleted in the background" });
    await expect(mg.domains.get(name)).rejects.toMatchObject({ status: 404 });
  });

  test("routes", async () => {
    const mg = client();
    // mailgun.js puts fields into FormData as they are, so numbers must be given as strings.
    const route = await mg.routes.create({ priority: "5", description: "inbound", expression: 'match_recipient(".*@example.test")', action: ['forward("https://hooks.example/in")', "stop()"] });
    expect(route).toMatchObject({ priority: 5, actions: ['forward("https://hooks.example/in")', "stop()"] });
    expect(await mg.routes.get(route.id)).toEqual(route);
    expect((await mg.routes.list({ limit: 10 })).map((r: any) => r.id)).toEqual([route.id]);
    const updated = await mg.routes.update(route.id, { priority: "1", description: "inbound v2", expression: route.expression, action: ["stop()"] });
    expect(updated).toMatchObject({ id: route.id, priority: 1, description: "inbound v2", actions: ["stop()"], message: "Route has been updated" });
    expect(await mg.routes.destroy(route.id)).toEqual({ id: route.id, message: "Route has been deleted" });
    await expect(mg.routes.get(route.id)).rejects.toMatchObject({ status: 404 });
  });

  test("webhooks", async () => {
    const mg = client();
    const name = domainName();
    await mg.domains.create({ name });
    const created = await mg.webhooks.create(name, "delivered", "https://hooks.example/delivered");
    expect(created).toMatchObject({ id: "delivered", urls: ["https://hooks.example/delivered"] });
    expect(await mg.webhooks.get(name, "delivered" as never)).toMatchObject({ urls: ["https://hooks.example/delivered"] });
    const list = await mg.webhooks.list(name, {});
    expect(list.delivered?.urls).toEqual(["https://hooks.example/delivered"]);
    const updated = await mg.webhooks.update(name, "delivered", ["https://hooks.example/a", "https://hooks.example/b"]);
    expect(updated.urls).toEqual(["https://hooks.example/a", "https://hooks.example/b"]);
    expect((await mg.webhooks.destroy(name, "delivered")).urls).toEqual(["https://hooks.example/a", "https://hooks.example/b"]);
    await expect(mg.webhooks.get(name, "delivered" as never)).rejects.toMatchObject({ status: 404 });
    await expect(mg.webhooks.create(name, "bogus", "https://hooks.example/")).rejects.toMatchObject({ status: 400 });
  });

  test("API keys, and sending with a domain sending key", async () => {
    const mg = client();
    const name = domainName();
    await mg.domains.create({ name });
    // mailgun.js reads the create answer as a flat key; Mailgun (spec, mailgun-go) nests it under `key`.
    const created = (await mg.apiKeys.create({ role: "sending", kind: "domain", domain_name: name, description: "sender" } as never)) as any;
    expect(created.key).toMatchObject({ kind: "domain", role: "sending", domain_name: name });
    const listed = await mg.apiKeys.list({ kind: "domain" } as never);
    expect(listed.items.map((k: any) => k.id)).toEqual([created.key.id]);
    expect(listed.items[0].created_at).toBeInstanceOf(Date);

    const sender = client(created.key.secret);
    const sent = await sender.messages.create(name, { from: `me@${name}`, to: ["you@example.com"], subject: "hi", text: "hello" });
    expect(sent).toMatchObject({ status: 200, message: "Queued. Thank you." });
    await expect(sender.domains.get(name)).rejects.toMatchObject({ status: 401 });

    expect(await mg.apiKeys.destroy(created.key.id)).toEqual({ status: 200, message: "key deleted" });
    await expect(mg.apiKeys.destroy(created.key.id)).rejects.toMatchObject({ status: 404 });
  });

  test("SMTP credentials", async () => {
    const mg = client();
    const name = domainName();
    await mg.domains.create({ name });
    const creds = mg.domains.domainCredentials;
    expect(await creds.create(name, { login: "robot", password: "robot-pw-1" })).toEqual({ status: 200, message: "Created 1 credentials pair(s)" });
    const list = await creds.list(name);
    expect(list.items.map((c: any) => c.login)).toEqual([`robot@${name}`]);
    expect(await creds.update(name, "robot", { password: "robot-pw-2" })).toEqual({ status: 200, message: "Password changed" });
    expect(await creds.destroy(name, "robot")).toEqual({ status: 200, message: "Credentials have been deleted", spec: `robot@${name}` });
    expect((await creds.list(name)).items).toEqual([]);
    await expect(creds.update(name, "robot", { password: "robot-pw-3" })).rejects.toMatchObject({ status: 404 });
  });
});
