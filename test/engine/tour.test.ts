import { generateKeyPairSync } from "node:crypto";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { RequestLogEntry } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";
import { emulatorLeftovers, kindsOf, stateResources } from "../../testkit/tour";
import { handlers } from "../../provider";

/**
 * One stack with a resource of every kind, over both regions, through the real Pulumi CLI: what
 * only the engine decides (the order of creates, replaces and deletes, what a refresh and a
 * refreshing preview report, which values the state file keeps encrypted, how outputs reach the
 * inputs of other resources). What a handler does with one call is proven in test/handlers.
 * Each `pulumi` run costs seconds, so the tour is one test of nine runs, in the order a user's
 * stack lives: up, no-change preview and refresh, an update of every kind, drift by hand, repair, destroy.
 */
const US = "mg.tour-us.example.com";
const EU = "mg.tour-eu.example.com";
const RESIZED = "mg.tour-us-resized.example.com";
const LIST = "news@lists.tour.example.com";
const TEAM = "team@lists.tour.example.com";
const TEAM_RENAMED = "crew@lists.tour.example.com";
const MEMBER = "jane@example.com";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
const PEM = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const SECRETS = {
  smtpUs: "us-Smtp-Secret-1",
  smtpUs2: "us-Smtp-Secret-2",
  smtpEu: "eu-Smtp-Secret-1",
  credPassword: "relay-Secret-1",
  credPassword2: "relay-Secret-2",
  hookUrl: "https://hooks.example.com/mailgun?token=hook-Token-1",
  failuresUrl: "https://failures.example.com/mailgun?token=failures-Token-1",
  failuresUrl2: "https://failures.example.com/mailgun?token=failures-Token-2",
  accountHookUrl: "https://alerts.example.com/mailgun?token=account-Token-1",
  pem: PEM,
};
/** A line from the middle of the private key: what must never appear in the state or the output. */
const PEM_LINE = PEM.split("\n")[5];

const ref = (to: string) => ({ $ref: to });
const secret = (key: keyof typeof SECRETS) => ({ $secret: key });

/** The program before (`first`) and after (`second`) the update; every kind's second differs in place where it can. */
function program(version: "first" | "second"): ResourceSpec[] {
  const v2 = version === "second";
  return [
    { kind: "Domain", name: "us", args: { name: US, smtpPassword: secret(v2 ? "smtpUs2" : "smtpUs"), clickTracking: true } },
    { kind: "Domain", name: "eu", args: { name: EU, region: "eu", smtpPassword: secret("smtpEu"), openTracking: true, spamAction: v2 ? "tag" : "disabled" } },
    // Mailgun cannot change a domain's DKIM key size, and a name exists once: diff asks to delete first.
    { kind: "Domain", name: "resized", args: { name: RESIZED, dkimKeySize: v2 ? 2048 : 1024 } },
    { kind: "Route", name: "route", args: { region: "eu", expression: `match_recipient(".*@${EU}")`, actions: ["store()"], priority: v2 ? 5 : 10 } },
    { kind: "Webhook", name: "hook", args: { domain: ref("eu.name"), region: "eu", url: secret("hookUrl"), events: v2 ? ["delivered", "opened", "clicked"] : ["delivered", "opened"] } },
    // A new URL is a new webhook; the resource option deleteBeforeReplace makes room for it first (an event holds 3 URLs at most).
    { kind: "Webhook", name: "failures", args: { domain: ref("us.name"), url: secret(v2 ? "failuresUrl2" : "failuresUrl"), events: ["permanent_fail"] }, opts: { deleteBeforeReplace: true } },
    // Every field of a key replaces it; a rotation makes the new key before the old one goes.
    { kind: "SendingKey", name: "sendingKey", args: { domain: ref("eu.name"), region: "eu", description: "tour", ...(v2 ? { rotation: "2026-12" } : {}) } },
    { kind: "DomainVerification", name: "verification", args: { domain: ref("us.name"), waitFor: v2 ? ["sending", "tracking"] : ["sending"], timeoutSeconds: 20 } },
    { kind: "ApiKey", name: "apiKey", args: { role: "developer", description: v2 ? "tour ci, second" : "tour ci" } },
    { kind: "AccountWebhook", name: "accountHook", args: { region: "eu", url: secret("accountHookUrl"), eventTypes: v2 ? ["permanent_fail", "complained"] : ["permanent_fail"] } },
    { kind: "DomainCredential", name: "credential", args: { domain: ref("us.name"), login: "relay", password: secret(v2 ? "credPassword2" : "credPassword") } },
    // No password: Mailgun's generated one is an output only, never an input.
    { kind: "DomainCredential", name: "generatedCredential", args: { domain: ref("us.name"), login: "app" } },
    { kind: "IpAllowlistEntry", name: "office", args: { address: "203.0.113.0/24", description: v2 ? "office vpn" : "office" } },
    { kind: "DkimKey", name: "dkim", args: { signingDomain: ref("eu.name"), region: "eu", selector: "tour", pem: secret("pem"), active: !v2 } },
    // A new size keeps the selector, so the old key must go first (diff's deleteBeforeReplace).
    { kind: "DkimKey", name: "resizedDkim", args: { signingDomain: ref("eu.name"), region: "eu", selector: "sized", bits: v2 ? 1024 : 2048 } },
    { kind: "Bounce", name: "bounce", args: { domain: ref("us.name"), address: "gone@example.com", code: 550, error: v2 ? "mailbox removed" : "mailbox closed" } },
    { kind: "Unsubscribe", name: "unsubscribe", args: { domain: ref("eu.name"), region: "eu", address: "left@example.com", tags: v2 ? ["news", "promo"] : ["news"] } },
    { kind: "Complaint", name: "complaint", args: { domain: ref("us.name"), address: v2 ? "spam@example.com" : "reported@example.com" } },
    { kind: "SuppressionAllowlist", name: "allowlist", args: { domain: ref("eu.name"), region: "eu", allowedDomain: v2 ? "qa2.example.com" : "qa.example.com" } },
    { kind: "MailingList", name: "list", args: { address: LIST, region: "eu", name: "News", description: v2 ? "weekly news" : "news" } },
    { kind: "MailingListMember", name: "member", args: { list: ref("list.address"), region: "eu", address: MEMBER, name: "Jane", vars: v2 ? { plan: "pro" } : { plan: "free" } } },
    // Renaming a list changes its address output, which is the member's `list` input: the member is replaced onto the renamed list.
    { kind: "MailingList", name: "team", args: { address: v2 ? TEAM_RENAMED : TEAM, region: "eu", name: "Team" } },
    { kind: "MailingListMember", name: "teammate", args: { list: ref("team.address"), region: "eu", address: "ann@example.com", name: "Ann", vars: { desk: 7 } } },
    { kind: "Template", name: "template", args: { domain: ref("us.name"), name: "welcome", description: v2 ? "welcome mail, second" : "welcome mail" } },
    { kind: "TemplateVersion", name: "version", args: { domain: ref("us.name"), template: ref("template.name"), tag: "v1", content: v2 ? "<p>hello {{name}}</p>" : "<p>hi {{name}}</p>" } },
  ];
}

/**
 * Resources the update replaces: kinds whose every declared field replaces, a new webhook URL, a
 * resized domain and DKIM key, and a member whose list was renamed.
 */
const REPLACED = ["sendingKey", "apiKey", "complaint", "allowlist", "resizedDkim", "teammate", "failures", "resized"];
/** The second credential of its kind, there for its generated password; the other credential's password changes. */
const UNCHANGED = ["generatedCredential"];

/** Records, per resource name, the step the engine takes on it (same, refresh and read aside). */
const opsOf = (into: Record<string, string>) => (e: EngineEvent) => {
  const m = e.resourcePreEvent?.metadata;
  if (!m || ["same", "refresh", "read"].includes(m.op) || !m.type.startsWith("pulumi-nodejs:dynamic/")) return;
  const name = m.urn.split("::").at(-1)!;
  // A replacement is announced as create-replacement, replace, delete-replaced: keep "replace".
  if (!into[name] || m.op === "replace") into[name] = m.op;
};
/** The program with every resource under a new name and an alias to its old one; references follow. */
function renamedWithAliases(specs: ResourceSpec[]): ResourceSpec[] {
  const renamed = (name: string) => `${name}-renamed`;
  const follow = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(follow);
    if (v && typeof v === "object") {
      const r = (v as { $ref?: unknown }).$ref;
      if (typeof r === "string") {
        const dot = r.indexOf(".");
        return { $ref: dot < 0 ? renamed(r) : renamed(r.slice(0, dot)) + r.slice(dot) };
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, follow(x)]));
    }
    return v;
  };
  return specs.map((s) => ({ ...s, name: renamed(s.name), args: follow(s.args) as Record<string, unknown>, opts: { ...s.opts, aliases: [{ name: s.name }] } }));
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const show = (r: RequestLogEntry) => {
  const query = new URLSearchParams(r.query as Record<string, string>).toString();
  return `${r.region} ${r.method} ${decodeURIComponent(r.path)}${query ? ` ${decodeURIComponent(query)}` : ""}`;
};

describe("a stack of every kind over both regions through the real Pulumi CLI", () => {
  const t = useMailgunStack(program("first"), { secrets: SECRETS });

  test("the program covers every kind of the registry", () => {
    expect(kindsOf(program("first"))).toEqual(Object.keys(handlers).sort());
  });

  test("up, no-change preview and refresh, update of every kind, drift repaired, secrets encrypted, destroy leaves nothing", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const run = { onOutput: log.onOutput };
    let ops: Record<string, string> = {};
    // The log is never cleared: at the end it holds the whole tour, for the region checks.
    const lastSeq = async () => (await emulator.requests()).at(-1)?.seq ?? 0;
    const requestsSince = async (seq: number) => (await emulator.requests()).filter((r) => r.seq > seq);

    // 1. up. The verification waits on DNS: the records are published once the domain exists.
    const created = stack.up(run);
    for (let i = 0; !(await emulator.state()).us.domains.some((d: { name: string }) => d.name === US); i++) {
      if (i > 600) throw new Error(`${US} was never created`);
      await sleep(100);
    }
    await emulator.dns(US, true);
    const up = await created;
    expect(up.summary.resourceChanges).toEqual({ create: program("first").length + 1 });
    const out = up.outputs.resources.value;
    const first = await emulator.state();
    expect(first.us.domains.map((d: { name: string }) => d.name).sort()).toEqual([US, RESIZED].sort());
    expect(first.eu.domains.map((d: { name: string }) => d.name)).toEqual([EU]);
    expect([first.us.routes.length, first.eu.routes.length]).toEqual([0, 1]);
    expect(out.eu.dnsRecords.mx.map((r: { value: string }) => r.value)).toEqual(["mxa.eu.mailgun.org", "mxb.eu.mailgun.org"]);
    expect(out.us.dnsRecords.mx.map((r: { value: string }) => r.value)).toEqual(["mxa.mailgun.org", "mxb.mailgun.org"]);
    expect(out.verification.state).toBe("active");
    // Outputs fed inputs: each dependent object was made on what its parent became.
    expect(first.eu.webhooks[EU]).toEqual({ delivered: [SECRETS.hookUrl], opened: [SECRETS.hookUrl] });
    expect(first.us.webhooks[US]).toEqual({ permanent_fail: [SECRETS.failuresUrl] });
    expect(first.keys.find((k: { id: string }) => k.id === out.sendingKey.keyId)).toMatchObject({ kind: "domain", domain_name: EU });
    expect(first.us.templates[US].map((x: { name: string; versions: Array<{ tag: string }> }) => `${x.name}/${x.versions.map((v) => v.tag)}`)).toEqual(["welcome/v1"]);
    expect(out.member).toMatchObject({ list: LIST, address: MEMBER });
    expect(out.dkim).toMatchObject({ signingDomain: EU, active: true });

    // 2, 3. Nothing to do, and a refresh finds Mailgun as the state says.
    await stack.preview({ expectNoChanges: true, ...run });
    await stack.refresh({ expectNoChanges: true, ...run });

    // 4. An update of every kind: in place where Mailgun allows it, else a replacement.
    await project.setResources(program("second"));
    const beforeUpdate = await lastSeq();
    const update = await stack.up({ ...run, onEvent: opsOf((ops = {})) });
    expect(update.summary.resourceChanges).toEqual({ same: 1 + UNCHANGED.length, update: program("second").length - REPLACED.length - UNCHANGED.length, replace: REPLACED.length });
    const out2 = update.outputs.resources.value;
    const updateLog = await requestsSince(beforeUpdate);
    expect(ops).toEqual(Object.fromEntries(program("second").filter((r) => !UNCHANGED.includes(r.name)).map((r) => [r.name, REPLACED.includes(r.name) ? "replace" : "update"])));
    // Replacements make the new object before deleting the old one, so a rotated key never leaves senders without one.
    const at = (method: string, region: string, path: string) => updateLog.findIndex((r) => r.method === method && r.region === region && decodeURIComponent(r.path) === path);
    for (const [made, removed] of [
      [at("POST", "eu", "/v1/keys"), at("DELETE", "eu", `/v1/keys/${out.sendingKey.keyId}`)],
      [at("POST", "us", "/v1/keys"), at("DELETE", "us", `/v1/keys/${out.apiKey.keyId}`)],
      [at("POST", "us", `/v3/${US}/complaints`), at("DELETE", "us", `/v3/${US}/complaints/reported@example.com`)],
      [at("POST", "eu", `/v3/${EU}/whitelists`), at("DELETE", "eu", `/v3/${EU}/whitelists/qa.example.com`)],
    ]) {
      expect(made).toBeGreaterThanOrEqual(0);
      expect(removed).toBeGreaterThan(made);
    }
    // Delete first where diff or the resource option asks for it.
    const webhookCalls = updateLog.filter((r) => r.path === `/v4/domains/${US}/webhooks` && r.method !== "GET").map((r) => `${r.method} ${r.query.url ?? ""}`);
    expect(webhookCalls.indexOf(`DELETE ${SECRETS.failuresUrl}`)).toBeGreaterThanOrEqual(0);
    expect(webhookCalls.indexOf(`DELETE ${SECRETS.failuresUrl}`)).toBeLessThan(webhookCalls.indexOf("POST "));
    expect((await emulator.state()).us.webhooks[US]).toEqual({ permanent_fail: [SECRETS.failuresUrl2] });
    expect(updateLog.filter((r) => r.method !== "GET" && r.path.endsWith(`/domains/${RESIZED}`)).map((r) => r.method)).toEqual(["DELETE"]);
    expect(at("DELETE", "us", `/v3/domains/${RESIZED}`)).toBeLessThan(at("POST", "us", "/v4/domains"));
    expect((await emulator.state()).us.domains.find((d: { name: string }) => d.name === RESIZED)).toMatchObject({ dkim_key_size: 2048 });
    const dkimCalls = updateLog.filter((r) => r.path === "/v1/dkim/keys").map((r) => r.method);
    expect(dkimCalls).toEqual(["DELETE", "POST"]);
    expect((await emulator.state()).eu.domains[0].dkim_keys).toEqual(expect.arrayContaining([{ selector: "sized", key_size: 1024, active: false }]));
    // The member followed its list's new address.
    expect((await emulator.api("eu", "GET", `/v3/lists/${TEAM_RENAMED}/members/pages`)).items).toEqual([
      expect.objectContaining({ address: "ann@example.com", name: "Ann", vars: { desk: 7 }, subscribed: true }),
    ]);
    await expect(emulator.api("eu", "GET", `/v3/lists/${TEAM}`)).rejects.toThrow(/404/);
    expect(out2.sendingKey.keyId).not.toBe(out.sendingKey.keyId);
    expect(out2.apiKey.keyId).not.toBe(out.apiKey.keyId);

    // In place means the very same objects at Mailgun.
    const updated = await emulator.state();
    const domainId = (s: any, name: string) => s[name === EU ? "eu" : "us"].domains.find((d: { name: string }) => d.name === name).id;
    expect(domainId(updated, US)).toBe(domainId(first, US));
    expect(domainId(updated, RESIZED)).not.toBe(domainId(first, RESIZED));
    expect(updated.eu.domains[0].id).toBe(first.eu.domains[0].id);
    expect(updated.eu.routes.map((r: { id: string }) => r.id)).toEqual(first.eu.routes.map((r: { id: string }) => r.id));
    expect(updated.eu.accountWebhooks.map((w: { webhook_id: string }) => w.webhook_id)).toEqual(first.eu.accountWebhooks.map((w: { webhook_id: string }) => w.webhook_id));

    // 5. The update converged.
    await stack.preview({ expectNoChanges: true, ...run });

    // Drift made by hand, as in the dashboard.
    const second = await emulator.state();
    const route = second.eu.routes[0];
    await emulator.api("eu", "PUT", `/v3/routes/${route.id}`, { priority: "3" });
    await emulator.api("eu", "PUT", `/v3/domains/${EU}/tracking/open`, { active: "no" });
    await emulator.api("eu", "DELETE", `/v1/keys/${out2.sendingKey.keyId}`);
    await emulator.api("eu", "DELETE", `/v3/domains/${EU}/webhooks/opened`);
    await emulator.api("us", "PUT", `/v3/${US}/templates/welcome/versions/v1`, { template: "<p>edited by hand</p>" });
    await emulator.api("eu", "PUT", `/v3/lists/${LIST}/members/${MEMBER}`, { subscribed: "no" });
    const accountHook = second.eu.accountWebhooks[0];
    await emulator.api("eu", "PUT", `/v1/webhooks/${accountHook.webhook_id}`, { url: SECRETS.accountHookUrl, event_types: ["opened"] });
    // Mailgun's API cannot enable a key again: a key disabled in the dashboard is replaced.
    await emulator.disableKey(out2.apiKey.keyId);

    // 6. A refreshing preview sees it; 7. up --refresh puts Mailgun back as declared.
    await expect(stack.preview({ refresh: true, expectNoChanges: true, ...run, onEvent: opsOf((ops = {})) })).rejects.toThrow(/no changes were expected/i);
    expect(ops).toEqual({ eu: "update", route: "update", hook: "update", sendingKey: "create", version: "update", member: "update", accountHook: "update", apiKey: "replace" });
    await stack.up({ refresh: true, ...run });
    const repaired = await emulator.state();
    expect(repaired.eu.routes.find((r: { id: string }) => r.id === route.id).priority).toBe(5);
    expect(repaired.eu.domains[0].tracking.open.active).toBe(true);
    // The refresh dropped the key deleted by hand from the state, and up made a new one.
    const euKeys = repaired.keys.filter((k: { domain_name: string | null }) => k.domain_name === EU);
    expect(euKeys).toHaveLength(1);
    expect(euKeys[0].id).not.toBe(out2.sendingKey.keyId);
    expect(repaired.eu.webhooks[EU]).toEqual({ delivered: [SECRETS.hookUrl], opened: [SECRETS.hookUrl], clicked: [SECRETS.hookUrl] });
    expect(repaired.us.templates[US][0].versions[0].template).toBe("<p>hello {{name}}</p>");
    expect((await emulator.api("eu", "GET", `/v3/lists/${LIST}/members/${MEMBER}`)).member.subscribed).toBe(true);
    expect(repaired.eu.accountWebhooks).toEqual([expect.objectContaining({ webhook_id: accountHook.webhook_id, event_types: ["complained", "permanent_fail"] })]);
    const userKeys = repaired.keys.filter((k: { kind: string; primary: boolean }) => k.kind === "user" && !k.primary);
    expect(userKeys).toEqual([expect.objectContaining({ is_disabled: false })]);
    expect(userKeys[0].id).not.toBe(out2.apiKey.keyId);
    // 8. and the state agrees with Mailgun again.
    await stack.preview({ refresh: true, expectNoChanges: true, ...run });

    // Secrets: encrypted in the state file, never printed.
    const raw = project.rawState();
    expect(raw).toContain('"ciphertext"');
    const keySecrets = [out.sendingKey.secret, out2.sendingKey.secret, out.apiKey.secret, out2.apiKey.secret, out.generatedCredential.password];
    for (const s of [emulator.apiKey, ...Object.values(SECRETS).filter((v) => v !== PEM), PEM_LINE, ...keySecrets]) {
      expect(typeof s === "string" && s.length > 8).toBe(true);
      expect(raw).not.toContain(s);
      expect(log.text).not.toContain(s);
    }
    const resources = stateResources(raw);
    const stored = (name: string) => resources.find((r) => r.urn.endsWith(`::${name}`))!;
    for (const name of ["credential", "generatedCredential"]) expect(stored(name).outputs!.password).toHaveProperty("ciphertext");
    expect(stored("generatedCredential").inputs!.password).toBeUndefined();
    expect(stored("sendingKey").outputs!.keyId).toBe(euKeys[0].id);
    expect(stored("dkim").inputs!.pem).toHaveProperty("ciphertext");
    expect(stored("dkim").outputs!.pem).toHaveProperty("ciphertext");
    for (const name of ["sendingKey", "apiKey"]) expect(stored(name).outputs!.secret).toHaveProperty("ciphertext");
    expect(stored("hook").inputs!.url).toHaveProperty("ciphertext");
    for (const name of ["us", "eu"]) expect(stored(name).outputs!.smtpPassword).toHaveProperty("ciphertext");
    // The stored provider is the hand-written one: it loads the implementation by package name and captures nothing.
    for (const r of resources.filter((x) => x.type.startsWith("pulumi-nodejs:dynamic/mailgun:"))) {
      for (const text of [r.inputs?.__provider, r.outputs?.__provider]) {
        expect(text).toMatch(/^exports\.handler=\(\)=>require\("pulumi-mailgun\/provider"\)\.dynamicProvider\("\w+"\);$/);
        expect(text!.length).toBeLessThanOrEqual(400);
      }
    }

    // Issue 20 item 3: every resource renamed with aliases previews as no change (a new owner tag,
    // a new logical name), so an --expect-no-changes gate passes a pure rename.
    await project.setResources(renamedWithAliases(program("second")));
    await stack.preview({ expectNoChanges: true, ...run });
    await project.setResources(program("second"));

    // 9. destroy leaves nothing in either region, and deletes each object through its own region.
    const beforeDestroy = await lastSeq();
    const destroy = await stack.destroy(run);
    expect(destroy.summary.resourceChanges).toEqual({ delete: program("second").length + 1 });
    expect(stateResources(project.rawState())).toEqual([]);
    // The whole tour's log, before the leftovers check below adds its own reads.
    const tour = await emulator.requests();
    expect(await emulatorLeftovers(emulator)).toEqual([]);
    const deletes = tour.filter((r) => r.seq > beforeDestroy).filter((r) => r.method === "DELETE").map(show);
    expect(deletes.map((d) => d.replace(/\/(keys|webhooks|routes)\/[^/]+$/, "/$1/<id>")).sort()).toEqual([
      `eu DELETE /v1/dkim/keys signing_domain=${EU}&selector=tour`,
      `eu DELETE /v1/dkim/keys signing_domain=${EU}&selector=sized`,
      "eu DELETE /v1/keys/<id>",
      "eu DELETE /v1/webhooks/<id>",
      `eu DELETE /v3/${EU}/unsubscribes/left@example.com`,
      `eu DELETE /v3/${EU}/whitelists/qa2.example.com`,
      `eu DELETE /v3/domains/${EU}`,
      `eu DELETE /v3/lists/${LIST}`,
      `eu DELETE /v3/lists/${LIST}/members/${MEMBER}`,
      `eu DELETE /v3/lists/${TEAM_RENAMED}`,
      `eu DELETE /v3/lists/${TEAM_RENAMED}/members/ann@example.com`,
      "eu DELETE /v3/routes/<id>",
      // Mailgun's API names the URL to remove in the query.
      `eu DELETE /v4/domains/${EU}/webhooks url=${SECRETS.hookUrl}`,
      `us DELETE /v4/domains/${US}/webhooks url=${SECRETS.failuresUrl2}`,
      "us DELETE /v1/keys/<id>",
      "us DELETE /v2/ip_whitelist address=203.0.113.0/24",
      `us DELETE /v3/${US}/bounces/gone@example.com`,
      `us DELETE /v3/${US}/complaints/spam@example.com`,
      `us DELETE /v3/${US}/templates/welcome`,
      `us DELETE /v3/${US}/templates/welcome/versions/v1`,
      `us DELETE /v3/domains/${US}`,
      `us DELETE /v3/domains/${RESIZED}`,
      `us DELETE /v3/domains/${US}/credentials/relay`,
      `us DELETE /v3/domains/${US}/credentials/app`,
    ].sort());
    // Over the whole tour, nothing about an object went to the other region's endpoint.
    const wrongRegion = tour.filter((r) => {
      const text = `${r.path} ${JSON.stringify(r.query)}`;
      const owner = text.includes(EU) || /^\/v3\/(routes|lists)|^\/v1\/webhooks/.test(r.path) ? "eu" : text.includes(US) || text.includes(RESIZED) ? "us" : undefined;
      return owner !== undefined && owner !== r.region;
    });
    expect(wrongRegion.map(show)).toEqual([]);
  }, 900_000);
});
