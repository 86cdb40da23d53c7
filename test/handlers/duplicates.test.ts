import { handler, handlers, type ResourceKind } from "../../provider";
import { useHandlerEmulator } from "../../testkit/handler-harness";

/**
 * Issue 20 item 4: two resources of one program that stand for one Mailgun object are refused at
 * preview, naming both, before any call; spellings Mailgun treats as the same count as the same.
 * Each pair is the two resources' args; the second check must fail.
 */
const D = "mg.example.com";
const pairs: Partial<Record<ResourceKind, [Record<string, unknown>, Record<string, unknown>]>> = {
  Domain: [{ name: D }, { name: "MG.example.com" }],
  Webhook: [{ domain: D, url: "https://example.com/h", events: ["delivered"] }, { domain: D, url: "https://example.com/h", events: ["opened"] }],
  // Mailgun allows several account webhooks with one URL for other events: only the same URL and event is one too many.
  AccountWebhook: [{ url: "https://example.com/a", eventTypes: ["delivered"] }, { url: "https://example.com/a", eventTypes: ["delivered", "opened"] }],
  DomainCredential: [{ domain: D, login: "app" }, { domain: D, login: "APP" }],
  IpAllowlistEntry: [{ address: "2001:db8::1" }, { address: "2001:DB8:0::1" }],
  DkimKey: [{ signingDomain: D, selector: "s1" }, { signingDomain: D, selector: "s1", active: true }],
  Bounce: [{ domain: D, address: "b@example.com" }, { domain: D, address: "B@example.com" }],
  Unsubscribe: [{ domain: D, address: "u@example.com" }, { domain: D, address: "U@example.com" }],
  Complaint: [{ domain: D, address: "c@example.com" }, { domain: D, address: "C@example.com" }],
  SuppressionAllowlist: [{ domain: D, address: "a@example.com" }, { domain: D, address: "A@example.com" }],
  MailingList: [{ address: `devs2@${D}` }, { address: `Devs2@${D}` }],
  MailingListMember: [{ list: `devs@${D}`, address: "jane@example.com" }, { list: `devs@${D}`, address: "Jane@example.com" }],
  Template: [{ domain: D, name: "welcome" }, { domain: D, name: "Welcome" }],
  TemplateVersion: [{ domain: D, template: "welcome", tag: "v1", content: "a" }, { domain: D, template: "welcome", tag: "V1", content: "b" }],
};

/** Kinds without a natural key known at preview: nothing to compare. */
const noKey: Partial<Record<ResourceKind, string>> = {
  Route: "a route is known by the id Mailgun gives it; two equal routes are allowed",
  SendingKey: "every create makes a new key",
  ApiKey: "every create makes a new key",
  DomainVerification: "a check, not an object",
};

describe("two resources for one Mailgun object are refused at preview", () => {
  const t = useHandlerEmulator({});

  test("every kind has a pair or a reason", () => {
    for (const kind of Object.keys(handlers) as ResourceKind[]) expect([kind, pairs[kind] !== undefined || noKey[kind] !== undefined]).toEqual([kind, true]);
  });

  test.each(Object.entries(pairs) as [ResourceKind, [Record<string, unknown>, Record<string, unknown>]][])("%s", async (kind, [first, second]) => {
    await t.emulator.clearRequests();
    const h = handler(kind);
    const a = await h.check({}, { ...first, __declaredAs: `${kind}-a` });
    expect(a.failures).toBeUndefined();
    // The same resource checked again (a later step of the same run) is not a duplicate of itself.
    expect((await h.check({}, { ...first, __declaredAs: `${kind}-a` })).failures).toBeUndefined();
    const b = await h.check({}, { ...second, __declaredAs: `${kind}-b` });
    expect(b.failures).toHaveLength(1);
    const [failure] = b.failures!;
    expect(failure.property).toBe("");
    expect(failure.reason).toMatch(new RegExp(`^${kind}: \\[\\w+\\] `));
    expect(failure.reason).toContain(`"${kind}-a"`);
    expect(failure.reason).toContain(`"${kind}-b"`);
    expect(await t.emulator.requests()).toEqual([]);
  });

  test("a resource that moves to another object frees the first for another resource", async () => {
    const h = handler("MailingList");
    expect((await h.check({}, { address: `one@${D}`, __declaredAs: "x" })).failures).toBeUndefined();
    expect((await h.check({}, { address: `two@${D}`, __declaredAs: "x" })).failures).toBeUndefined();
    expect((await h.check({}, { address: `one@${D}`, __declaredAs: "y" })).failures).toBeUndefined();
  });
});
