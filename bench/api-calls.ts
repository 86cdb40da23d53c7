/**
 * Benchmark (a): Mailgun API calls per operation per resource type, counted from the emulator's
 * request log, next to the fewest calls the API allows, with the reason for every extra call.
 * A preview without changes (check and diff) must make no call at all.
 *
 *   npm run build && node bench/run.js bench/api-calls.ts
 */
import { resolve } from "node:path";
import { KINDS, type ResourceKind } from "../provider";
import { TestEmulator, RequestLogEntry } from "../testkit/emulator";
import { mailgunStack, ResourceSpec } from "../testkit/mailgun-stack";
import { envNumber, machine, table, writeResult } from "./lib";
import { sizedStack } from "./sized-stack";

type Kind = ResourceKind;
type Op = "create" | "read" | "update" | "delete";

const D = "mg.bench.example.com";
/** Verified outside the stack beforehand (its DNS published), so a verification's calls are told apart by the name and its create succeeds at the first check. */
const V = "mg.verify-bench.example.com";
export const initial: ResourceSpec[] = [
  { kind: "Domain", name: "domain", args: { name: D } },
  { kind: "Route", name: "route", args: { expression: `match_recipient(".*@${D}")`, actions: ["store()"], priority: 1 } },
  { kind: "Webhook", name: "webhook", args: { domain: { $ref: "domain.name" }, url: "https://hooks.example.com/bench", events: ["delivered"] } },
  { kind: "SendingKey", name: "key", args: { domain: { $ref: "domain.name" }, description: "bench" } },
  { kind: "DomainVerification", name: "verification", args: { domain: V } },
  // In the EU region, so its /v1/keys calls are told apart from the SendingKey's (kindOf): keys are account-wide.
  { kind: "ApiKey", name: "apikey", args: { role: "basic", description: "bench", region: "eu" } },
  { kind: "AccountWebhook", name: "accounthook", args: { url: "https://hooks.example.com/account", eventTypes: ["delivered"] } },
  { kind: "DomainCredential", name: "cred", args: { domain: { $ref: "domain.name" }, login: "bench", password: "bench-pass-1" } },
  { kind: "IpAllowlistEntry", name: "ip", args: { address: "203.0.113.0/24", description: "bench" } },
  { kind: "DkimKey", name: "dkim", args: { signingDomain: { $ref: "domain.name" }, selector: "bench1", active: true } },
  ...suppressions(554, ["*"]),
  { kind: "MailingList", name: "list", args: { address: `devs@${D}`, name: "bench" } },
  { kind: "MailingListMember", name: "member", args: { list: { $ref: "list.address" }, address: "jane@example.com", name: "Jane", vars: { plan: "pro" } } },
  { kind: "Template", name: "template", args: { domain: { $ref: "domain.name" }, name: "bench", description: "bench" } },
  { kind: "TemplateVersion", name: "tversion", args: { domain: { $ref: "domain.name" }, template: { $ref: "template.name" }, tag: "v1", content: "<p>bench</p>", active: true } },
];
/**
 * One change per resource: a tracking flag, a priority, one more event, key rotations (keys cannot be edited: a replacement),
 * a new SMTP password, a new allowlist description, a DKIM key deactivated (an active one could not be deleted afterwards:
 * it is the domain's only active key).
 */
const updated: ResourceSpec[] = [
  { kind: "Domain", name: "domain", args: { name: D, openTracking: true } },
  { kind: "Route", name: "route", args: { expression: `match_recipient(".*@${D}")`, actions: ["store()"], priority: 5 } },
  { kind: "Webhook", name: "webhook", args: { domain: { $ref: "domain.name" }, url: "https://hooks.example.com/bench", events: ["delivered", "opened"] } },
  { kind: "SendingKey", name: "key", args: { domain: { $ref: "domain.name" }, description: "bench", rotation: "2" } },
  { kind: "DomainVerification", name: "verification", args: { domain: V, waitFor: ["sending", "tracking"] } },
  { kind: "ApiKey", name: "apikey", args: { role: "basic", description: "bench", region: "eu", rotation: "2" } },
  { kind: "AccountWebhook", name: "accounthook", args: { url: "https://hooks.example.com/account", eventTypes: ["delivered", "opened"] } },
  { kind: "DomainCredential", name: "cred", args: { domain: { $ref: "domain.name" }, login: "bench", password: "bench-pass-2" } },
  { kind: "IpAllowlistEntry", name: "ip", args: { address: "203.0.113.0/24", description: "bench 2" } },
  { kind: "DkimKey", name: "dkim", args: { signingDomain: { $ref: "domain.name" }, selector: "bench1", active: false } },
  // A bounce's code and an unsubscribe's tags update in place; a complaint and an allowlist entry have nothing that does.
  ...suppressions(550, ["newsletter"]),
  { kind: "MailingList", name: "list", args: { address: `devs@${D}`, name: "bench", description: "bench 2" } },
  { kind: "MailingListMember", name: "member", args: { list: { $ref: "list.address" }, address: "jane@example.com", name: "Jane", vars: { plan: "pro" }, subscribed: false } },
  { kind: "Template", name: "template", args: { domain: { $ref: "domain.name" }, name: "bench", description: "bench 2" } },
  { kind: "TemplateVersion", name: "tversion", args: { domain: { $ref: "domain.name" }, template: { $ref: "template.name" }, tag: "v1", content: "<p>bench 2</p>", active: true } },
];

/** One entry of each suppression table on the bench domain. */
function suppressions(code: number, tags: string[]): ResourceSpec[] {
  const domain = { $ref: "domain.name" };
  return [
    { kind: "Bounce", name: "bounce", args: { domain, address: "bounced@example.com", code, error: "bench" } },
    { kind: "Unsubscribe", name: "unsubscribe", args: { domain, address: "left@example.com", tags } },
    { kind: "Complaint", name: "complaint", args: { domain, address: "reported@example.com" } },
    { kind: "SuppressionAllowlist", name: "allowlisted", args: { domain, allowedDomain: "qa.example.com" } },
  ];
}

/** The fewest calls Mailgun's API needs for each operation, and which. */
export const MINIMUM: Record<Kind, Record<Op, [number, string]>> = {
  Domain: {
    create: [1, "POST /v4/domains"],
    read: [2, "GET /v4/domains/{d}, GET /v3/domains/{d}/tracking (tracking is not in the domain)"],
    update: [1, "PUT /v3/domains/{d}/tracking/open"],
    delete: [9, "GET of the domain's templates, credentials, webhooks, sending keys and 4 suppression tables (Mailgun deletes them with the domain: never what no resource manages, unless forceDestroy), DELETE /v3/domains/{d}"],
  },
  Route: { create: [1, "POST /v3/routes"], read: [1, "GET /v3/routes/{id}"], update: [1, "PUT /v3/routes/{id}"], delete: [1, "DELETE /v3/routes/{id}"] },
  Webhook: {
    create: [1, "POST /v4/domains/{d}/webhooks (one URL, any events)"],
    read: [1, "GET /v3/domains/{d}/webhooks"],
    update: [1, "PUT /v4/domains/{d}/webhooks"],
    delete: [1, "DELETE /v4/domains/{d}/webhooks?url="],
  },
  SendingKey: {
    create: [1, "POST /v1/keys"],
    read: [1, "GET /v1/keys"],
    update: [2, "rotation = replacement: POST /v1/keys, DELETE /v1/keys/{id}"],
    delete: [1, "DELETE /v1/keys/{id}"],
  },
  DomainVerification: {
    create: [1, "PUT /v4/domains/{v}/verify (one check when the DNS is already published; one more per check while it is not)"],
    read: [1, "GET /v4/domains/{v} (a read does not ask Mailgun to check DNS again)"],
    update: [1, "PUT /v4/domains/{v}/verify (a category added to waitFor is checked)"],
    delete: [0, "none: there is nothing at Mailgun to delete"],
  },
  ApiKey: {
    create: [1, "POST /v1/keys"],
    read: [1, "GET /v1/keys"],
    update: [2, "rotation = replacement: POST /v1/keys, DELETE /v1/keys/{id}"],
    delete: [1, "DELETE /v1/keys/{id}"],
  },
  AccountWebhook: {
    create: [1, "POST /v1/webhooks"],
    read: [1, "GET /v1/webhooks/{id}"],
    update: [1, "PUT /v1/webhooks/{id}"],
    delete: [1, "DELETE /v1/webhooks/{id}"],
  },
  DomainCredential: {
    create: [1, "POST /v3/domains/{d}/credentials"],
    read: [1, "GET /v3/domains/{d}/credentials (a listing: Mailgun has no GET of one credential)"],
    update: [1, "PUT /v3/domains/{d}/credentials/{login}"],
    delete: [1, "DELETE /v3/domains/{d}/credentials/{login}"],
  },
  IpAllowlistEntry: {
    create: [1, "POST /v2/ip_whitelist"],
    read: [1, "GET /v2/ip_whitelist (the whole list: Mailgun has no GET of one entry)"],
    update: [1, "PUT /v2/ip_whitelist"],
    delete: [1, "DELETE /v2/ip_whitelist?address="],
  },
  DkimKey: {
    create: [2, "POST /v1/dkim/keys, PUT /v4/domains/{d}/keys/{selector}/activate (a new key is inactive)"],
    read: [1, "GET /v4/domains/{d}/keys (once per signing domain, shared by its keys)"],
    update: [1, "PUT /v4/domains/{d}/keys/{selector}/deactivate"],
    delete: [1, "DELETE /v1/dkim/keys"],
  },
  ...suppressionMinimum(),
  MailingList: {
    create: [1, "POST /v3/lists"], read: [1, "GET /v3/lists/{l}"], update: [1, "PUT /v3/lists/{l}"],
    delete: [2, "GET /v3/lists/{l}/members/pages (a list is never deleted with members it was not told to take: forceDestroy), DELETE /v3/lists/{l}"],
  },
  MailingListMember: {
    create: [1, "POST /v3/lists/{l}/members"],
    read: [1, "GET /v3/lists/{l}/members/{m} (from a list's second member on, its members are read from one paged listing: 100 a call)"],
    update: [1, "PUT /v3/lists/{l}/members/{m}"],
    delete: [1, "DELETE /v3/lists/{l}/members/{m}"],
  },
  Template: {
    create: [1, "POST /v3/{d}/templates (no content: versions are their own resources)"],
    read: [1, "GET /v3/{d}/templates/{name}"],
    update: [1, "PUT /v3/{d}/templates/{name} (description)"],
    delete: [2, "GET /v3/{d}/templates/{name}/versions (Mailgun deletes the versions with it: never ones it was not told to take, forceDestroy), DELETE /v3/{d}/templates/{name}"],
  },
  TemplateVersion: {
    create: [1, "POST /v3/{d}/templates/{name}/versions (active=yes in the same call)"],
    read: [1, "GET /v3/{d}/templates/{name}/versions/{tag} (a listing of versions leaves out content and headers, so it cannot stand in for the GETs)"],
    update: [1, "PUT /v3/{d}/templates/{name}/versions/{tag} (content, comment, headers and activation in one call)"],
    delete: [1, "DELETE /v3/{d}/templates/{name}/versions/{tag}"],
  },
};

/**
 * A create is a GET and a POST: the POST of a listed address overwrites it without a word, so only
 * the GET tells a new entry from one Mailgun recorded on its own (a real bounce), which needs adopt.
 */
function suppressionMinimum(): Record<"Bounce" | "Unsubscribe" | "Complaint" | "SuppressionAllowlist", Record<Op, [number, string]>> {
  const of = (table: string, update: [number, string]): Record<Op, [number, string]> => ({
    create: [2, `GET /v3/{d}/${table}/{address} (is it there already?), POST /v3/{d}/${table}`],
    read: [1, `GET /v3/{d}/${table}/{address} (one entry; several of a table share one listing per operation)`],
    update,
    delete: [1, `DELETE /v3/{d}/${table}/{address}`],
  });
  return {
    Bounce: of("bounces", [1, "POST /v3/{d}/bounces (overwrites code and error)"]),
    Unsubscribe: of("unsubscribes", [2, "POST /v3/{d}/unsubscribes (adds the new tag), DELETE /v3/{d}/unsubscribes/{address} (?tag= the dropped one)"]),
    Complaint: of("complaints", [0, "none: nothing updates in place"]),
    SuppressionAllowlist: of("whitelists", [0, "none: nothing updates in place"]),
  };
}

/** Why a call beyond the minimum is made, by call signature. */
const WHY: Record<string, string> = {
  "Route create GET /v3/routes": "lists routes (once per region per operation, shared by every route create) to take over an identical one an interrupted run left (no duplicate after a crash)",
  "SendingKey create GET /v1/keys": "lists every domain's keys (once per region per operation, shared by every key create) to delete leftovers of an interrupted create (their secret was lost)",
  "SendingKey update GET /v1/keys": "the replacement's create: leftover check, as above",
  "ApiKey create GET /v1/keys": "lists the account's keys of its kind (once per kind and region per operation, shared with SendingKeys and by every key create) to delete leftovers of an interrupted create (their secret was lost)",
  "ApiKey update GET /v1/keys": "the replacement's create: leftover check, as above",
  "AccountWebhook create GET /v1/webhooks": "lists the region's account webhooks (once per region per operation, shared by every create) to take over one an interrupted create left, or the one to adopt (no duplicate after a crash)",
  "Webhook create GET /v3/domains/{d}/webhooks": "reads the URL lists to merge with other subscribers (the v3 API replaces a whole list)",
  "Webhook update GET /v3/domains/{d}/webhooks": "reads the URL lists to merge, as above",
  "Webhook delete GET /v3/domains/{d}/webhooks": "reads the URL lists to remove only this URL",
  "Webhook create POST /v3/domains/{d}/webhooks": "v3 API, one call per event (v4 adds a URL to several events in one call)",
  "Webhook update POST /v3/domains/{d}/webhooks": "v3 API, one call per added event (v4 would set the URL's events in one call)",
  "Webhook delete DELETE /v3/domains/{d}/webhooks/{event}": "v3 API, one call per event (v4 removes a URL from every event in one call)",
  "Domain create PUT /v3/domains/{d}/tracking/click": "a tracking setting other than Mailgun's default",
  "Template create GET /v3/{d}/templates/{name}": "only when the name is taken (400): reads createdBy to tell this resource's own template (an earlier attempt's) from someone else's, which needs adopt",
  "Template create PUT /v3/{d}/templates/{name}": "only when taking over an existing template (own leftover or adopt) whose description differs",
  "TemplateVersion create GET /v3/{d}/templates/{name}/versions/{tag}": "only when the tag is taken (400): an identical version is this create's own, another needs adopt",
  "TemplateVersion create PUT /v3/{d}/templates/{name}/versions/{tag}": "only when taking over an existing version that differs from the program (adopt)",
};

function kindOf(path: string, region: RequestLogEntry["region"] = "us", op?: Op): Kind {
  if (path.includes(V)) return "DomainVerification";
  // A container's delete first lists what it holds (forceDestroy); in a read the same listing is the members' or versions'.
  if (op === "delete" && /^\/v3\/lists\/[^/]+\/members\/pages/.test(path)) return "MailingList";
  if (op === "delete" && /^\/v3\/[^/]+\/templates\/[^/]+\/versions(\?|$)/.test(path)) return "Template";
  const suppression = /^\/v3\/[^/]+\/(bounces|unsubscribes|complaints|whitelists)(?:[/?]|$)/.exec(path)?.[1];
  if (suppression) return ({ bounces: "Bounce", unsubscribes: "Unsubscribe", complaints: "Complaint", whitelists: "SuppressionAllowlist" } as const)[suppression as "bounces"];
  if (path.startsWith("/v2/ip_whitelist")) return "IpAllowlistEntry";
  if (/^\/v3\/[^/]+\/templates\/[^/]+\/versions/.test(path)) return "TemplateVersion";
  if (/^\/v3\/[^/]+\/templates/.test(path)) return "Template";
  if (path.includes("/credentials")) return "DomainCredential";
  if (path.startsWith("/v3/routes")) return "Route";
  if (path.startsWith("/v3/lists")) return /^\/v3\/lists\/[^/]+\/members/.test(path) ? "MailingListMember" : "MailingList";
  // The bench's ApiKey calls the EU host, its SendingKey the US one (see `initial`).
  if (path.startsWith("/v1/keys")) return region === "eu" ? "ApiKey" : "SendingKey";
  if (path.startsWith("/v1/webhooks")) return "AccountWebhook";
  if (path.startsWith("/v1/dkim/") || /^\/v4\/domains\/[^/]+\/keys/.test(path)) return "DkimKey";
  if (path.includes("/webhooks")) return "Webhook";
  return "Domain";
}

/**
 * The listings a Domain's delete makes of what the domain holds (provider/resources/domain-contents.ts),
 * which a path alone would give to the kinds listed: the last GET of each, per domain, before
 * that domain's DELETE. Another kind's delete may list the same collection earlier (a webhook's
 * URL lists, say); the domain's come last, right before its DELETE.
 */
function domainDeleteListings(log: RequestLogEntry[]): Set<RequestLogEntry> {
  const mine = new Set<RequestLogEntry>();
  for (const del of log.filter((e) => e.method === "DELETE" && /^\/v3\/domains\/[^/]+$/.test(e.path))) {
    const d = del.path.slice("/v3/domains/".length);
    const listings = [`/v3/${d}/templates`, `/v3/domains/${d}/credentials`, `/v3/domains/${d}/webhooks`, "/v1/keys", ...["bounces", "unsubscribes", "complaints", "whitelists"].map((t) => `/v3/${d}/${t}`)];
    for (const listing of listings) {
      const last = log.filter((e) => e.seq < del.seq && e.method === "GET" && e.path === listing && (listing !== "/v1/keys" || (e.query as Record<string, string> | undefined)?.domain_name === d)).at(-1);
      if (last) mine.add(last);
    }
  }
  return mine;
}

function signature(e: RequestLogEntry): string {
  const p = e.path
    .replaceAll(V, "{v}")
    .replaceAll(D, "{d}")
    .replace(/^\/v3\/routes\/[^/]+/, "/v3/routes/{id}")
    .replace(/^\/v1\/keys\/[^/]+/, "/v1/keys/{id}")
    .replace(/^\/v1\/webhooks\/[^/]+/, "/v1/webhooks/{id}")
    .replace(/\/keys\/[^/]+\/(activate|deactivate)$/, "/keys/{selector}/$1")
    .replace(/\/webhooks\/[a-z_]+$/, "/webhooks/{event}")
    .replace(/\/credentials\/[^/]+$/, "/credentials/{login}")
    .replace(/^(\/v3\/\{d\}\/(?:bounces|unsubscribes|complaints|whitelists))\/[^/?]+/, "$1/{address}")
    .replace(/^\/v3\/lists\/(?!pages$)[^/]+/, "/v3/lists/{l}")
    .replace(/^(\/v3\/lists\/\{l\}\/members)\/(?!pages$)[^/]+$/, "$1/{m}")
    .replace(/\/templates\/[^/]+\/versions\/[^/]+$/, "/templates/{name}/versions/{tag}")
    .replace(/\/templates\/[^/]+\/versions$/, "/templates/{name}/versions")
    .replace(/\/templates\/[^/]+$/, "/templates/{name}");
  return `${e.method} ${p}`;
}

/** Calls of a whole operation on a mixed stack, per kind, next to the fewest the API allows. */
interface StackRow {
  op: "up" | "refresh" | "destroy";
  calls: number;
  minimum: number;
  byKind: Record<Kind, number>;
}

/**
 * The fewest calls for a whole stack. up: one create each, plus the click-tracking PUT of the
 * domains that turn it on; destroy: one delete each; refresh: a domain's two GETs, one route
 * listing and one key listing per region, one webhook map per domain that has webhooks.
 */
function stackMinimum(specs: ResourceSpec[]): Record<StackRow["op"], number> {
  const of = (k: Kind) => specs.filter((s) => s.kind === k);
  const distinct = (xs: unknown[]) => new Set(xs.map((x) => JSON.stringify(x))).size;
  return {
    up: specs.length + of("Domain").filter((d) => d.args.clickTracking).length,
    refresh: 2 * of("Domain").length + distinct(of("Route").map((r) => r.args.region)) + distinct(of("Webhook").map((w) => w.args.domain)) + distinct(of("SendingKey").map((k) => k.args.region)),
    // A domain's delete first lists what it holds (8 listings): it never deletes what no resource manages.
    destroy: specs.length + 8 * of("Domain").length,
  };
}

async function stackRows(emulator: TestEmulator, size: number): Promise<StackRow[]> {
  const specs = sizedStack(size, "calls");
  const minimum = stackMinimum(specs);
  const project = await mailgunStack(emulator, specs, { stackName: "sized" });
  const rows: StackRow[] = [];
  try {
    for (const [op, work] of [["up", () => project.stack.up()], ["refresh", () => project.stack.refresh()], ["destroy", () => project.stack.destroy()]] as const) {
      await emulator.clearRequests();
      await work();
      const log = await emulator.requests();
      const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
      // The sized stack has no ApiKey: its key calls, in either region, are SendingKeys'.
      const domains = op === "destroy" ? domainDeleteListings(log) : new Set<RequestLogEntry>();
      for (const e of log) byKind[domains.has(e) ? "Domain" : kindOf(e.path)]++;
      rows.push({ op, calls: log.length, minimum: minimum[op], byKind });
    }
  } finally {
    await project.cleanup();
  }
  return rows;
}

interface Row {
  kind: Kind;
  op: Op;
  calls: number;
  minimum: number;
  minimumCalls: string;
  made: string[];
  extra: string[];
}

async function main(): Promise<void> {
  const emulator = await TestEmulator.start();
  const project = await mailgunStack(emulator, initial);
  const rows: Row[] = [];
  const record = (op: Op, log: RequestLogEntry[]) => {
    const domains = op === "delete" ? domainDeleteListings(log) : new Set<RequestLogEntry>();
    const kindOfEntry = (e: RequestLogEntry): Kind => (domains.has(e) ? "Domain" : kindOf(e.path, e.region, op));
    for (const kind of KINDS) {
      const made = log.filter((e) => kindOfEntry(e) === kind).map(signature);
      const [minimum, minimumCalls] = MINIMUM[kind][op];
      // The calls beyond the minimum's own, each with its reason.
      const rest = [...made];
      for (const m of minimumCalls.matchAll(/(GET|POST|PUT|DELETE) (\S+)/g)) {
        const i = rest.indexOf(`${m[1]} ${m[2].replace(/\?.*$/, "").replace(/[,)]+$/, "")}`);
        if (i >= 0) rest.splice(i, 1);
      }
      const counts = new Map<string, number>();
      for (const sig of rest) counts.set(sig, (counts.get(sig) ?? 0) + 1);
      const extra = made.length > minimum ? [...counts.entries()].map(([sig, n]) => `${n}× ${sig}: ${WHY[`${kind} ${op} ${sig}`] ?? "(unexplained)"}`) : [];
      rows.push({ kind, op, calls: made.length, minimum, minimumCalls, made, extra });
    }
  };
  try {
    const run = async (op: Op | "preview", work: () => Promise<unknown>) => {
      await emulator.clearRequests();
      await work();
      const log = await emulator.requests();
      if (op !== "preview") record(op, log);
      return log;
    };
    await emulator.api("us", "POST", "/v4/domains", { name: V });
    await emulator.dns(V, true);
    await run("create", () => project.stack.up());
    const previewLog = await run("preview", () => project.stack.preview({ expectNoChanges: true }));
    await run("read", () => project.stack.refresh());
    await project.setResources(updated);
    await run("update", () => project.stack.up());
    await run("delete", () => project.stack.destroy());

    const size = envNumber("BENCH_STACK_SIZE", 20);
    const stack = { size, rows: await stackRows(emulator, size) };

    const result = { machine: machine(), previewCalls: previewLog.length, rows, stack };
    const file = writeResult("api-calls", result);
    console.log(`preview with no changes (check + diff of ${initial.length} resources): ${previewLog.length} API calls`);
    console.log(table([["resource", "operation", "calls", "minimum", "calls made"], ...rows.map((r) => [r.kind, r.op, r.calls, r.minimum, r.made.join(", ")])]));
    console.log("\nwhy the calls beyond the minimum:");
    for (const r of rows.filter((r) => r.extra.length)) console.log(`  ${r.kind} ${r.op} (+${r.calls - r.minimum}): ${r.extra.join("; ")}`);
    console.log(`\nwhole operations on a mixed stack of ${size} resources (10% domains, 20% webhooks, 20% keys, the rest routes, both regions):`);
    console.log(table([["operation", "calls", "minimum", "Domain", "Route", "Webhook", "SendingKey"], ...stack.rows.map((r) => [r.op, r.calls, r.minimum, r.byKind.Domain, r.byKind.Route, r.byKind.Webhook, r.byKind.SendingKey])]));
    console.log(`written to ${file}`);
  } finally {
    await project.cleanup();
    await emulator.close();
  }
}

// Run as a script (bench/run.js puts this file in argv[1]); a test that imports the tables above runs nothing.
if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
