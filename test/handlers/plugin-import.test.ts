import { handler, type ResourceKind } from "../../provider";
import type { Props } from "../../provider/resources/types";
import { importRead } from "../../plugin/import-read";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { newRun, writes } from "./engine-steps";

/**
 * The plugin's `pulumi import` read, for every kind that has an import id: an object made by hand
 * at the emulator is imported by its id, reading only, and the program that states it as it is
 * then checks and diffs as no change, as the engine's import and the first preview after it do.
 */
const t = useHandlerEmulator({});
const D = "mg.example.com";
const LIST = "news@mg.example.com";

interface Case {
  kind: ResourceKind;
  /** Makes the object by hand (and anything it needs); returns the import id. */
  make(): Promise<string>;
  /** The program that states the object as it is. */
  program: Props;
  /** Outputs the import must hand back. */
  outs?: Props;
}

const api = (method: string, path: string, form?: Record<string, string | string[]>, region: "us" | "eu" = "us") => t.emulator.api(region, method, path, form);
const domain = (region: "us" | "eu" = "us") => api("POST", "/v4/domains", { name: D }, region);

const CASES: Record<string, Case> = {
  Domain: {
    kind: "Domain",
    make: async () => (await domain("eu"), `eu/${D}`),
    program: { name: D, region: "eu" },
    outs: { name: D, region: "eu", state: "unverified" },
  },
  Route: {
    kind: "Route",
    make: async () => {
      const { route } = await api("POST", "/v3/routes", { expression: 'match_recipient(".*@mg.example.com")', action: ['forward("ops@example.com")', "stop()"], priority: "5", description: "by hand" });
      return `us/${route.id}`;
    },
    program: { expression: 'match_recipient(".*@mg.example.com")', actions: ['forward("ops@example.com")', "stop()"], priority: 5, description: "by hand" },
    outs: { priority: 5, description: "by hand" },
  },
  Webhook: {
    kind: "Webhook",
    make: async () => {
      await domain();
      await api("POST", `/v3/domains/${D}/webhooks`, { id: "delivered", url: "https://hooks.example.com/mailgun" });
      return `${D}/https://hooks.example.com/mailgun`;
    },
    program: { domain: D, url: "https://hooks.example.com/mailgun", events: ["delivered"] },
    outs: { events: ["delivered"] },
  },
  AccountWebhook: {
    kind: "AccountWebhook",
    make: async () => {
      const { webhook_id } = await api("POST", "/v1/webhooks", { url: "https://hooks.example.com/account", event_types: ["delivered", "opened"], description: "by hand" });
      return webhook_id;
    },
    program: { url: "https://hooks.example.com/account", eventTypes: ["opened", "delivered"], description: "by hand" },
    outs: { eventTypes: ["delivered", "opened"] },
  },
  DomainCredential: {
    kind: "DomainCredential",
    make: async () => {
      await domain();
      await api("POST", `/v3/domains/${D}/credentials`, { login: "alice", password: "alice-pass-1" });
      return `${D}/alice`;
    },
    program: { domain: D, login: "alice" },
    outs: { address: `alice@${D}` },
  },
  DkimKey: {
    kind: "DkimKey",
    make: async () => {
      await domain();
      await api("POST", "/v1/dkim/keys", { signing_domain: D, selector: "s1", bits: "2048" });
      return `${D}/s1`;
    },
    program: { signingDomain: D, selector: "s1" },
    outs: { keySize: 2048 },
  },
  IpAllowlistEntry: {
    kind: "IpAllowlistEntry",
    make: async () => (await api("POST", "/v2/ip_whitelist", { address: "10.0.0.0/8", description: "office" }), "10.0.0.0/8"),
    program: { address: "10.0.0.0/8", description: "office" },
  },
  Bounce: {
    kind: "Bounce",
    make: async () => (await domain(), await api("POST", `/v3/${D}/bounces`, { address: "gone@example.com", code: "554", error: "No such mailbox" }), `${D}/gone@example.com`),
    program: { domain: D, address: "gone@example.com", code: 554, error: "No such mailbox" },
  },
  Unsubscribe: {
    kind: "Unsubscribe",
    make: async () => (await domain(), await api("POST", `/v3/${D}/unsubscribes`, { address: "left@example.com", tag: "newsletter" }), `us/${D}/left@example.com`),
    program: { domain: D, address: "left@example.com", tags: ["newsletter"] },
  },
  Complaint: {
    kind: "Complaint",
    make: async () => (await domain(), await api("POST", `/v3/${D}/complaints`, { address: "spam@example.com" }), `${D}/spam@example.com`),
    program: { domain: D, address: "spam@example.com" },
  },
  "SuppressionAllowlist (address)": {
    kind: "SuppressionAllowlist",
    make: async () => (await domain(), await api("POST", `/v3/${D}/whitelists`, { address: "qa@example.com" }), `${D}/qa@example.com`),
    program: { domain: D, address: "qa@example.com" },
  },
  "SuppressionAllowlist (domain)": {
    kind: "SuppressionAllowlist",
    make: async () => (await domain(), await api("POST", `/v3/${D}/whitelists`, { domain: "example.org" }), `${D}/example.org`),
    program: { domain: D, allowedDomain: "example.org" },
  },
  MailingList: {
    kind: "MailingList",
    make: async () => (await api("POST", "/v3/lists", { address: LIST, name: "News", description: "by hand", access_level: "members" }), LIST),
    program: { address: LIST, name: "News", description: "by hand", accessLevel: "members" },
    outs: { membersCount: 0 },
  },
  MailingListMember: {
    kind: "MailingListMember",
    make: async () => {
      await api("POST", "/v3/lists", { address: LIST });
      await api("POST", `/v3/lists/${LIST}/members`, { address: "ann@example.com", name: "Ann", vars: '{"plan":"pro"}', subscribed: "no" });
      return `${LIST}/ann@example.com`;
    },
    program: { list: LIST, address: "ann@example.com", name: "Ann", vars: { plan: "pro" }, subscribed: false },
  },
  Template: {
    kind: "Template",
    make: async () => (await domain(), await api("POST", `/v3/${D}/templates`, { name: "welcome", description: "by hand" }), `${D}/welcome`),
    program: { domain: D, name: "welcome", description: "by hand" },
    outs: { createdBy: expect.any(String), templateId: expect.any(String) },
  },
  TemplateVersion: {
    kind: "TemplateVersion",
    make: async () => {
      await domain();
      await api("POST", `/v3/${D}/templates`, { name: "welcome" });
      await api("POST", `/v3/${D}/templates/welcome/versions`, { tag: "v2", template: "<p>Hi {{name}}</p>", comment: "by hand", headers: '{"Subject":"Welcome"}' });
      return `${D}/welcome/v2`;
    },
    program: { domain: D, template: "welcome", tag: "v2", content: "<p>Hi {{name}}</p>", comment: "by hand", headers: { Subject: "Welcome" } },
    outs: { active: expect.any(Boolean), versionId: expect.any(String) },
  },
};

test.each(Object.keys(CASES))("%s: imported by its id with reads only; the program stating it as it is previews with no change", async (name) => {
  const c = CASES[name];
  const importId = await c.make();
  await t.emulator.clearRequests();
  newRun();

  const imported = await importRead(c.kind, importId);
  expect(imported.id).toBeTruthy();
  expect(imported.props).toMatchObject({ ...c.program, ...(c.outs ?? {}) });
  expect(imported.props).not.toHaveProperty("writtenAt");
  // The import's inputs are the program's, as check stores them: `pulumi import --generate-code` writes these.
  const h = handler(c.kind);
  const program = await h.check({}, c.program);
  expect(program.failures).toBeUndefined();
  expect(imported.inputs).toEqual(expect.objectContaining(Object.fromEntries(Object.keys(c.program).map((k) => [k, program.inputs![k]]))));

  // The engine's import checks the read inputs; a later preview checks the program against them.
  const asImported = await h.check(imported.inputs ?? {}, imported.inputs ?? {});
  expect(asImported.failures).toBeUndefined();
  expect(await h.diff(imported.id!, imported.props as never, asImported.inputs as never)).toMatchObject({ changes: false });
  const stated = await h.check(imported.inputs ?? {}, c.program);
  expect(await h.diff(imported.id!, imported.props as never, stated.inputs as never)).toMatchObject({ changes: false });
  expect(await writes(t.emulator)).toEqual([]);
});

test("a Domain's import leaves Mailgun's unsubscribe footers out of its inputs (what --generate-code writes); a program stating them still previews with no change", async () => {
  await domain();
  const footers = { unsubscribeHtmlFooter: expect.stringContaining("%unsubscribe_url%"), unsubscribeTextFooter: expect.stringContaining("%unsubscribe_url%") };
  const imported = await importRead("Domain", D);
  // The footers start with a newline, which Pulumi's YAML writer (gopkg.in/yaml.v3) drops: stated as
  // generated, they would differ from Mailgun's, and the first up would write them so.
  expect(imported.props).toMatchObject(footers);
  expect(imported.inputs).not.toHaveProperty("unsubscribeHtmlFooter");
  expect(imported.inputs).not.toHaveProperty("unsubscribeTextFooter");
  const h = handler("Domain");
  const stated = await h.check(imported.inputs ?? {}, { name: D, unsubscribeHtmlFooter: imported.props!.unsubscribeHtmlFooter, unsubscribeTextFooter: imported.props!.unsubscribeTextFooter });
  expect(await h.diff(imported.id!, imported.props as never, stated.inputs as never)).toMatchObject({ changes: false });
});

test("an id naming no object imports nothing, and writes nothing", async () => {
  await domain();
  await t.emulator.clearRequests();
  expect(await importRead("Template", `${D}/nothing-here`)).toEqual({});
  expect(await importRead("MailingListMember", `${LIST}/ann@example.com`)).toEqual({});
  expect(await writes(t.emulator)).toEqual([]);
});
