import type { ResourceKind } from "../../provider";
import type { Props } from "../../provider/resources/types";
import type { TestEmulator } from "../../testkit/emulator";

/**
 * One sample resource of every kind, for the handler battery (battery.test.ts): what it needs at
 * Mailgun first, valid args, and how each battery item is played for it, or why the kind cannot
 * do the item (a string: the battery shows the row as skipped with that reason).
 */

export type Region = "us" | "eu";
type Args = Record<string, unknown>;
/** Why the kind has no such case: shown as the skipped row's name. */
export type Reason = string;

export interface SampleContext {
  emulator: TestEmulator;
  region: Region;
  /** Unique to the test: names made from it never meet another test's objects. */
  tag: string;
  /** A domain name unique to the test (made at the emulator when the sample needs one). */
  domain: string;
}

/** The battery's items, by which a sample names a provider bug that makes one fail. */
export type BatteryItem = "lifecycle" | "update" | "replace" | "drift" | "deletedByHand" | "delete" | "adopt" | "rename" | "renameWithAliases" | "lostAnswer" | "lostAnswerWhileLagging" | "interruptedCreate" | "interruptedReplace";

export interface KindSample {
  /** Where the battery plays it; account-wide kinds name the API host they call. */
  regions: Region[];
  /** Makes at the emulator, through its Mailgun API, what the resource needs (a domain, a list, a template). */
  prerequisites?(c: SampleContext): Promise<void>;
  args(c: SampleContext): Args;
  /** How many objects at the emulator this test's resource could be (all of the test's scope). */
  count(c: SampleContext): Promise<number>;
  /** A change that updates in place. */
  update: { args(c: SampleContext): Args } | Reason;
  /** A change that replaces: the args and the fields diff must name. */
  replace: { args(c: SampleContext): Args; fields: string[] } | Reason;
  /** A change made by hand at Mailgun, and the outputs a read must then show. */
  drift: { byHand(c: SampleContext, outs: Props): Promise<void>; shows(c: SampleContext): Props } | Reason;
  /** Deletes the object by hand, as someone in the dashboard would. */
  deleteByHand: ((c: SampleContext, outs: Props) => Promise<void>) | Reason;
  /** An object made by hand that the args (with adopt) take over without a write. */
  adopt: { byHand(c: SampleContext): Promise<void>; args(c: SampleContext): Args } | Reason;
  /** Why the kind may read (never write) in the other region too. */
  readsOtherRegion?: Reason;
  /** Why a rename without aliases is not played for the kind. */
  rename?: Reason;
  /**
   * A create whose write's answer is lost: the writes the documented recovery makes (patterns of
   * `METHOD path`, when the kind documents more than "finds its object"), or the reason when the
   * kind has no such write.
   */
  lostAnswer?: { writes?: RegExp[] } | Reason;
  /** Args whose create makes more writes than `args` (a kill can land between them); `args` when absent. */
  manyWrites?(c: SampleContext): Args;
  /** Why a delete changes nothing at Mailgun, for a kind that stands for no object there. */
  deleteLeaves?: Reason;
  /**
   * Provider bugs the battery exposes, by item: that row runs as `test.failing` (it must fail
   * until the bug is fixed, and then tells so). Each names the bug and where it is filed.
   */
  bugs?: Partial<Record<BatteryItem, string>>;
}

// ---------------------------------------------------------------------------------------------
// Reading the emulator

const state = (c: SampleContext) => c.emulator.state();
const regional = async (c: SampleContext) => (await state(c))[c.region];

async function makeDomain(c: SampleContext, name = c.domain): Promise<void> {
  await c.emulator.api(c.region, "POST", "/v4/domains", { name });
}

async function domainCount(c: SampleContext, name: string): Promise<number> {
  return ((await regional(c)).domains as Array<{ name: string }>).filter((d) => d.name === name).length;
}

/** GET that answers undefined on 404. */
async function found(c: SampleContext, path: string): Promise<any> {
  return c.emulator.api(c.region, "GET", path).catch((e: Error) => {
    if (/: 404 /.test(e.message)) return undefined;
    throw e;
  });
}

function suppressionEntries(table: string) {
  return async (c: SampleContext): Promise<Array<Record<string, unknown>>> => (await regional(c)).suppressions[`${table}:${c.domain}`] ?? [];
}

async function keysOf(c: SampleContext): Promise<Array<{ id: string; description: string; is_disabled: boolean }>> {
  return ((await state(c)).keys as Array<{ id: string; description: string; primary: boolean; is_disabled: boolean }>).filter((k) => !k.primary && k.description.includes(c.tag));
}

const routesOf = async (c: SampleContext) => ((await regional(c)).routes as Array<{ id: string; description: string }>).filter((r) => r.description.includes(c.tag));
const accountWebhooksOf = async (c: SampleContext) => ((await regional(c)).accountWebhooks as Array<{ webhook_id: string; url: string }>).filter((w) => w.url.includes(c.tag));
const templatesOf = async (c: SampleContext) => ((await regional(c)).templates[c.domain] ?? []) as Array<{ name: string; versions?: Array<{ tag: string }> }>;

const hookUrl = (c: SampleContext, path = "a") => `https://hooks.example.com/${c.tag}/${path}`;
const listAddress = (c: SampleContext) => `list-${c.tag}@${c.domain}`;
/** An address of the test's own: `second` for the one a replacement moves to. */
const ipOf = (c: SampleContext, second = false) => `10.${second ? 2 : 1}.${Number(c.tag.replace(/\D/g, "")) % 250}.${c.region === "us" ? 1 : 2}`;

// ---------------------------------------------------------------------------------------------
// The kinds

/**
 * A suppression-table entry (bounce, unsubscribe, complaint, allowlist) of the test's address:
 * `args` beyond domain, address and region; `form`, how a person POSTs the same entry by hand.
 */
function suppression(table: string, extra: Args, form: Record<string, string>): Pick<KindSample, "prerequisites" | "args" | "count" | "replace" | "deleteByHand" | "adopt"> {
  const address = (c: SampleContext) => `${c.tag}@example.com`;
  const args = (c: SampleContext) => ({ domain: c.domain, address: address(c), region: c.region, ...extra });
  return {
    prerequisites: (c) => makeDomain(c),
    args,
    count: async (c) => (await suppressionEntries(table)(c)).length,
    replace: { args: (c) => ({ ...args(c), address: `other-${address(c)}` }), fields: ["address"] },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v3/${c.domain}/${table}/${encodeURIComponent(address(c))}`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/${c.domain}/${table}`, { address: address(c), ...form }),
      args: (c) => ({ ...args(c), adopt: true }),
    },
  };
}

export const samples: Record<ResourceKind, KindSample> = {
  Domain: {
    regions: ["us", "eu"],
    readsOtherRegion: "a domain name is unique across regions: a create that finds its name taken asks the other region whether it is there",
    args: (c) => ({ name: c.domain, region: c.region }),
    count: async (c) => (await domainCount(c, c.domain)) + (await domainCount(c, `b-${c.domain}`)),
    update: { args: (c) => ({ name: c.domain, region: c.region, openTracking: true }) },
    manyWrites: (c) => ({ name: c.domain, region: c.region, openTracking: true, clickTracking: true, unsubscribeTracking: true, useAutomaticSenderSecurity: true, dkimRotation: { enabled: true, interval: "7d" } }),
    replace: { args: (c) => ({ name: `b-${c.domain}`, region: c.region }), fields: ["name"] },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "PUT", `/v3/domains/${c.domain}/tracking/click`, { active: "true" }),
      shows: () => ({ clickTracking: true }),
    },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v3/domains/${c.domain}`),
    adopt: { byHand: (c) => makeDomain(c), args: (c) => ({ name: c.domain, region: c.region, adopt: true }) },
  },

  Route: {
    regions: ["eu"],
    args: (c) => ({ expression: `match_recipient("${c.tag}@${c.domain}")`, actions: [`forward("${hookUrl(c)}")`], description: `route ${c.tag}`, region: c.region }),
    count: async (c) => (await routesOf(c)).length,
    update: { args: (c) => ({ expression: `match_recipient("${c.tag}@${c.domain}")`, actions: [`forward("${hookUrl(c)}")`, "stop()"], description: `route ${c.tag}`, priority: 5, region: c.region }) },
    replace: { args: (c) => ({ expression: `match_recipient("${c.tag}@${c.domain}")`, actions: [`forward("${hookUrl(c)}")`], description: `route ${c.tag}`, region: c.region === "us" ? "eu" : "us" }), fields: ["region"] },
    drift: {
      byHand: (c, outs) => c.emulator.api(c.region, "PUT", `/v3/routes/${outs.routeId}`, { priority: "9" }),
      shows: () => ({ priority: 9 }),
    },
    deleteByHand: (c, outs) => c.emulator.api(c.region, "DELETE", `/v3/routes/${outs.routeId}`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", "/v3/routes", { expression: `match_recipient("${c.tag}@${c.domain}")`, action: `forward("${hookUrl(c)}")`, description: `route ${c.tag}`, priority: "0" }),
      args: (c) => ({ expression: `match_recipient("${c.tag}@${c.domain}")`, actions: [`forward("${hookUrl(c)}")`], description: `route ${c.tag}`, region: c.region, adopt: true }),
    },
  },

  Webhook: {
    regions: ["us"],
    prerequisites: (c) => makeDomain(c),
    args: (c) => ({ domain: c.domain, url: hookUrl(c), events: ["opened"], region: c.region }),
    count: async (c) => {
      const events = ((await regional(c)).webhooks[c.domain] ?? {}) as Record<string, string[]>;
      return new Set(Object.values(events).flat().filter((u) => u.includes(c.tag))).size;
    },
    update: { args: (c) => ({ domain: c.domain, url: hookUrl(c), events: ["clicked", "opened"], region: c.region }) },
    manyWrites: (c) => ({ domain: c.domain, url: hookUrl(c), events: ["clicked", "delivered", "opened"], region: c.region }),
    replace: { args: (c) => ({ domain: c.domain, url: hookUrl(c, "b"), events: ["opened"], region: c.region }), fields: ["url"] },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/domains/${c.domain}/webhooks`, { id: "delivered", url: hookUrl(c) }),
      shows: () => ({ events: ["delivered", "opened"] }),
    },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v4/domains/${c.domain}/webhooks?url=${encodeURIComponent(hookUrl(c))}`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/domains/${c.domain}/webhooks`, { id: "opened", url: hookUrl(c) }),
      args: (c) => ({ domain: c.domain, url: hookUrl(c), events: ["opened"], region: c.region, adopt: true }),
    },
  },

  SendingKey: {
    regions: ["eu"],
    prerequisites: (c) => makeDomain(c),
    args: (c) => ({ domain: c.domain, description: `key ${c.tag}`, region: c.region }),
    count: async (c) => (await keysOf(c)).length,
    update: "Mailgun cannot edit a key: every change of an argument makes a new key (docs/resources/sending-key.md)",
    replace: { args: (c) => ({ domain: c.domain, description: `key ${c.tag}`, rotation: "2", region: c.region }), fields: ["rotation"] },
    drift: "a sending key has nothing Mailgun lets anyone change; only its deletion shows (the deleted-by-hand row)",
    deleteByHand: async (c) => {
      for (const k of await keysOf(c)) await c.emulator.api(c.region, "DELETE", `/v1/keys/${k.id}`);
    },
    adopt: "keys have no natural key and are never taken over: every create makes a new key (provider/index.ts)",
    // Documented (docs/resources/api-key.md, sending-key.md): the key whose answer was lost is
    // found by its marker and deleted (nobody saw its secret), and a new one is made.
    lostAnswer: { writes: [/^POST \/v1\/keys$/, /^DELETE \/v1\/keys\/.+/, /^POST \/v1\/keys$/] },
  },

  DomainVerification: {
    regions: ["eu"],
    prerequisites: async (c) => {
      await makeDomain(c);
      await c.emulator.dns(c.domain, true);
    },
    args: (c) => ({ domain: c.domain, timeoutSeconds: 5, region: c.region }),
    count: async (c) => domainCount(c, c.domain),
    update: { args: (c) => ({ domain: c.domain, timeoutSeconds: 5, waitFor: ["sending", "tracking"], region: c.region }) },
    replace: "another domain is another verification and nothing at Mailgun is made or deleted: the battery's object count would not see it",
    drift: "a check, not an object: Mailgun holds nothing of it to change by hand",
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v3/domains/${c.domain}`),
    adopt: "a check, not an object: there is nothing to take over",
    lostAnswer: "its only write is Mailgun's verify, which is idempotent: there is no object to duplicate",
    deleteLeaves: "a check, not an object: the domain it checked stays (provider/index.ts)",
  },

  ApiKey: {
    regions: ["us"],
    args: (c) => ({ role: "basic", description: `key ${c.tag}`, region: c.region }),
    count: async (c) => (await keysOf(c)).length,
    update: "Mailgun cannot edit a key: every change of an argument makes a new key (docs/resources/api-key.md)",
    replace: { args: (c) => ({ role: "developer", description: `key ${c.tag}`, region: c.region }), fields: ["role"] },
    drift: {
      byHand: async (c) => {
        for (const k of await keysOf(c)) await c.emulator.disableKey(k.id);
      },
      shows: () => ({ isDisabled: true }),
    },
    deleteByHand: async (c) => {
      for (const k of await keysOf(c)) await c.emulator.api(c.region, "DELETE", `/v1/keys/${k.id}`);
    },
    adopt: "keys have no natural key and are never taken over: every create makes a new key (provider/index.ts)",
    // Documented (docs/resources/api-key.md, sending-key.md): the key whose answer was lost is
    // found by its marker and deleted (nobody saw its secret), and a new one is made.
    lostAnswer: { writes: [/^POST \/v1\/keys$/, /^DELETE \/v1\/keys\/.+/, /^POST \/v1\/keys$/] },
  },

  AccountWebhook: {
    regions: ["eu"],
    args: (c) => ({ url: hookUrl(c), eventTypes: ["delivered"], description: `hook ${c.tag}`, region: c.region }),
    count: async (c) => (await accountWebhooksOf(c)).length,
    update: { args: (c) => ({ url: hookUrl(c), eventTypes: ["delivered", "opened"], description: `hook ${c.tag}`, region: c.region }) },
    replace: { args: (c) => ({ url: hookUrl(c), eventTypes: ["delivered"], description: `hook ${c.tag}`, region: c.region === "us" ? "eu" : "us" }), fields: ["region"] },
    drift: {
      byHand: (c, outs) => c.emulator.api(c.region, "PUT", `/v1/webhooks/${outs.webhookId}`, { url: hookUrl(c), event_types: "delivered", description: "changed by hand" }),
      shows: () => ({ description: "changed by hand" }),
    },
    deleteByHand: (c, outs) => c.emulator.api(c.region, "DELETE", `/v1/webhooks/${outs.webhookId}`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", "/v1/webhooks", { url: hookUrl(c), event_types: "delivered", description: `hook ${c.tag}` }),
      args: (c) => ({ url: hookUrl(c), eventTypes: ["delivered"], description: `hook ${c.tag}`, region: c.region, adopt: true }),
    },
  },

  DomainCredential: {
    regions: ["us"],
    prerequisites: (c) => makeDomain(c),
    args: (c) => ({ domain: c.domain, login: "alice", password: "first-password", region: c.region }),
    count: async (c) => ((await regional(c)).credentials[c.domain] ?? []).length,
    update: { args: (c) => ({ domain: c.domain, login: "alice", password: "second-password", region: c.region }) },
    replace: { args: (c) => ({ domain: c.domain, login: "bob", password: "first-password", region: c.region }), fields: ["login"] },
    drift: "Mailgun never shows a password, and a login is the credential's identity: nothing a read could see changed",
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v3/domains/${c.domain}/credentials/alice`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/domains/${c.domain}/credentials`, { login: `alice@${c.domain}`, password: "made-by-hand" }),
      args: (c) => ({ domain: c.domain, login: "alice", region: c.region, adopt: true }),
    },
  },

  IpAllowlistEntry: {
    // Account-wide: calls go to the host of `mailgun:region`, which the battery sets to the row's region.
    regions: ["us", "eu"],
    args: (c) => ({ address: ipOf(c), description: `ip ${c.tag}` }),
    count: async (c) => ((await state(c)).ipAllowlist as Array<{ description: string }>).filter((e) => e.description.includes(c.tag)).length,
    update: { args: (c) => ({ address: ipOf(c), description: `ip ${c.tag} updated` }) },
    replace: { args: (c) => ({ address: ipOf(c, true), description: `ip ${c.tag}` }), fields: ["address"] },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "PUT", "/v2/ip_whitelist", { address: ipOf(c), description: `ip ${c.tag} by hand` }),
      shows: (c) => ({ description: `ip ${c.tag} by hand` }),
    },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v2/ip_whitelist?address=${encodeURIComponent(ipOf(c))}`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", "/v2/ip_whitelist", { address: ipOf(c), description: `ip ${c.tag}` }),
      args: (c) => ({ address: ipOf(c), description: `ip ${c.tag}`, adopt: true }),
    },
  },

  DkimKey: {
    regions: ["eu"],
    prerequisites: (c) => makeDomain(c),
    // `active` declared: left out, whether the key signs is Mailgun's business and no drift.
    args: (c) => ({ signingDomain: c.domain, selector: "s1", bits: 1024, active: false, region: c.region }),
    count: async (c) => ((await found(c, `/v1/dkim/keys?signing_domain=${c.domain}`))?.items ?? []).filter((k: { selector: string }) => ["s1", "s2"].includes(k.selector)).length,
    update: { args: (c) => ({ signingDomain: c.domain, selector: "s1", bits: 1024, active: true, region: c.region }) },
    manyWrites: (c) => ({ signingDomain: c.domain, selector: "s1", bits: 1024, active: true, region: c.region }),
    replace: { args: (c) => ({ signingDomain: c.domain, selector: "s2", bits: 1024, active: false, region: c.region }), fields: ["selector"] },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "PUT", `/v4/domains/${c.domain}/keys/s1/activate`),
      shows: () => ({ active: true }),
    },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v1/dkim/keys?signing_domain=${c.domain}&selector=s1`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", "/v1/dkim/keys", { signing_domain: c.domain, selector: "s1", bits: "1024" }),
      args: (c) => ({ signingDomain: c.domain, selector: "s1", bits: 1024, active: false, region: c.region, adopt: true }),
    },
  },

  Bounce: {
    regions: ["us"],
    ...suppression("bounces", { code: 550, error: "No such mailbox" }, { code: "550", error: "No such mailbox" }),
    update: { args: (c) => ({ domain: c.domain, address: `${c.tag}@example.com`, code: 551, error: "Moved", region: c.region }) },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/${c.domain}/bounces`, { address: `${c.tag}@example.com`, code: "554", error: "by hand" }),
      shows: () => ({ code: 554, error: "by hand" }),
    },
  },

  Unsubscribe: {
    regions: ["eu"],
    ...suppression("unsubscribes", { tags: ["news"] }, { tag: "news" }),
    update: { args: (c) => ({ domain: c.domain, address: `${c.tag}@example.com`, tags: ["news", "promo"], region: c.region }) },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/${c.domain}/unsubscribes`, { address: `${c.tag}@example.com`, tag: "by-hand" }),
      shows: () => ({ tags: ["by-hand", "news"] }),
    },
  },

  Complaint: {
    regions: ["us"],
    ...suppression("complaints", {}, {}),
    update: "a complaint is only its address: nothing updates in place (docs/resources/suppressions.md)",
    drift: "a complaint has no field but its address, its identity: only its deletion shows (the deleted-by-hand row)",
  },

  SuppressionAllowlist: {
    regions: ["eu"],
    ...suppression("whitelists", {}, {}),
    update: "an allowlist entry is only its address or domain: nothing updates in place (docs/resources/suppressions.md)",
    drift: "an allowlist entry has no field but its address, its identity: only its deletion shows (the deleted-by-hand row)",
  },

  MailingList: {
    regions: ["us", "eu"],
    prerequisites: (c) => makeDomain(c),
    args: (c) => ({ address: listAddress(c), name: "Devs", description: "first", region: c.region }),
    count: async (c) => ((await found(c, `/v3/lists/${listAddress(c)}`)) ? 1 : 0),
    update: { args: (c) => ({ address: listAddress(c), name: "Devs", description: "second", accessLevel: "members", region: c.region }) },
    replace: { args: (c) => ({ address: listAddress(c), name: "Devs", description: "first", region: c.region === "us" ? "eu" : "us" }), fields: ["region"] },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "PUT", `/v3/lists/${listAddress(c)}`, { description: "by hand" }),
      shows: () => ({ description: "by hand" }),
    },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v3/lists/${listAddress(c)}`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", "/v3/lists", { address: listAddress(c), name: "Devs", description: "first", access_level: "readonly", reply_preference: "list" }),
      args: (c) => ({ address: listAddress(c), name: "Devs", description: "first", region: c.region, adopt: true }),
    },
  },

  MailingListMember: {
    regions: ["eu"],
    prerequisites: async (c) => {
      await makeDomain(c);
      await c.emulator.api(c.region, "POST", "/v3/lists", { address: listAddress(c) });
    },
    args: (c) => ({ list: listAddress(c), address: `${c.tag}@example.com`, name: "Jane", region: c.region }),
    count: async (c) => ((await found(c, `/v3/lists/${listAddress(c)}/members`))?.items ?? []).length,
    update: { args: (c) => ({ list: listAddress(c), address: `${c.tag}@example.com`, name: "Jane Doe", vars: { plan: "pro" }, region: c.region }) },
    replace: { args: (c) => ({ list: listAddress(c), address: `other-${c.tag}@example.com`, name: "Jane", region: c.region }), fields: ["address"] },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "PUT", `/v3/lists/${listAddress(c)}/members/${c.tag}@example.com`, { subscribed: "no" }),
      shows: () => ({ subscribed: false }),
    },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v3/lists/${listAddress(c)}/members/${c.tag}@example.com`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/lists/${listAddress(c)}/members`, { address: `${c.tag}@example.com`, name: "Jane" }),
      args: (c) => ({ list: listAddress(c), address: `${c.tag}@example.com`, name: "Jane", region: c.region, adopt: true }),
    },
  },

  Template: {
    regions: ["us"],
    prerequisites: (c) => makeDomain(c),
    args: (c) => ({ domain: c.domain, name: "welcome", description: "first", region: c.region }),
    count: async (c) => (await templatesOf(c)).length,
    update: { args: (c) => ({ domain: c.domain, name: "welcome", description: "second", region: c.region }) },
    replace: { args: (c) => ({ domain: c.domain, name: "goodbye", description: "first", region: c.region }), fields: ["name"] },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "PUT", `/v3/${c.domain}/templates/welcome`, { description: "by hand" }),
      shows: () => ({ description: "by hand" }),
    },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v3/${c.domain}/templates/welcome`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/${c.domain}/templates`, { name: "welcome", description: "first" }),
      args: (c) => ({ domain: c.domain, name: "welcome", description: "first", region: c.region, adopt: true }),
    },
  },

  TemplateVersion: {
    regions: ["eu"],
    prerequisites: async (c) => {
      await makeDomain(c);
      await c.emulator.api(c.region, "POST", `/v3/${c.domain}/templates`, { name: "welcome" });
    },
    args: (c) => ({ domain: c.domain, template: "welcome", tag: "v1", content: "<p>Hello {{name}}</p>", region: c.region }),
    count: async (c) => (await templatesOf(c)).flatMap((t) => t.versions ?? []).length,
    update: { args: (c) => ({ domain: c.domain, template: "welcome", tag: "v1", content: "<p>Hi {{name}}</p>", comment: "shorter", region: c.region }) },
    manyWrites: (c) => ({ domain: c.domain, template: "welcome", tag: "v1", content: "<p>Hello {{name}}</p>", active: true, region: c.region }),
    replace: { args: (c) => ({ domain: c.domain, template: "welcome", tag: "v2", content: "<p>Hello {{name}}</p>", region: c.region }), fields: ["tag"] },
    drift: {
      byHand: (c) => c.emulator.api(c.region, "PUT", `/v3/${c.domain}/templates/welcome/versions/v1`, { template: "<p>by hand</p>" }),
      shows: () => ({ content: "<p>by hand</p>" }),
    },
    deleteByHand: (c) => c.emulator.api(c.region, "DELETE", `/v3/${c.domain}/templates/welcome/versions/v1`),
    adopt: {
      byHand: (c) => c.emulator.api(c.region, "POST", `/v3/${c.domain}/templates/welcome/versions`, { tag: "v1", template: "<p>Hello {{name}}</p>", engine: "handlebars" }),
      args: (c) => ({ domain: c.domain, template: "welcome", tag: "v1", content: "<p>Hello {{name}}</p>", region: c.region, adopt: true }),
    },
  },
};
