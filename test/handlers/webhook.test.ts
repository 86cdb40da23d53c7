import { webhookId } from "../../provider/resources/webhook-id";
import { Recorded, calls, check, newRun, useEngineSteps, destroy, laterRun, previewRefresh, refresh, refusal, up, writes } from "./engine-runs";

/**
 * What is particular to a Webhook: it owns one URL on some events of a domain, next to other
 * consumers' URLs, within Mailgun's 3 URLs per event; the URL may carry a token. Checks of one
 * run share the provider process's record of declared subscriptions (webhook-slots.ts), so each
 * test uses its own domain. The default 30 s consistency budget: a wait nobody needs shows.
 */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "30000" });
const OTHER = "https://other-consumer.example.com/hook";
let domain = "";
let n = 0;
beforeEach(async () => {
  domain = `mg${++n}.webhook-test.example.com`;
  await h.emulator.api("us", "POST", "/v4/domains", { name: domain });
  await h.emulator.clearRequests();
});
const webhooks = async (): Promise<Record<string, string[]>> => (await h.emulator.state()).us.webhooks[domain] ?? {};
const hook = (url: string, events: string[], more: Record<string, unknown> = {}) => ({ domain, url, events, ...more });
const A = "https://a.example.com/h";
const B = "https://b.example.com/h";

test("two Webhooks change one event side by side next to another consumer's URL; an update moves events; drift is put back; deletes leave the other URL", async () => {
  await h.emulator.api("us", "POST", `/v3/domains/${domain}/webhooks`, { id: "delivered", url: OTHER });
  // The engine creates both at once: the provider keeps their writes to the domain's webhooks apart.
  const [a, b] = (await Promise.all([up("Webhook", "a", hook(A, ["delivered", "permanent_fail"])), up("Webhook", "b", hook(B, ["delivered"]))])).map((r) => r.state);
  let map = await webhooks();
  expect([...map.delivered].sort()).toEqual([A, B, OTHER].sort());
  expect(map.permanent_fail).toEqual([A]);

  await h.emulator.clearRequests();
  const moved = await up("Webhook", "a", hook(A, ["delivered", "complained"]), a);
  expect(moved.step).toBe("update");
  expect(calls(writes(await h.emulator.requests()))).toEqual([`PUT /v4/domains/${domain}/webhooks`]);
  map = await webhooks();
  expect(map.permanent_fail).toBeUndefined();
  expect(map.complained).toEqual([A]);
  expect(map.delivered).toContain(OTHER);

  // b's URL removed from its only event in the dashboard: refresh finds it gone, up subscribes it again.
  await h.emulator.api("us", "PUT", `/v3/domains/${domain}/webhooks/delivered`, { url: [A, OTHER] });
  expect(await previewRefresh(laterRun(b), hook(B, ["delivered"]))).toBeUndefined();
  expect(await refresh(laterRun(b))).toBeUndefined();
  const again = (await up("Webhook", "b", hook(B, ["delivered"]))).state;
  expect((await webhooks()).delivered).toContain(B);

  // A third URL of the program is a fourth on "delivered" at Mailgun: refused with the 3-URL advice.
  const err = await up("Webhook", "c", hook("https://c.example.com/h", ["delivered"])).then(() => undefined, (e: Error) => e);
  expect(err?.message).toMatch(/already has 3 URLs .*at most 3 per event/);

  // Removed from the program: deleted by the next up, which declares neither.
  newRun();
  await destroy(moved.state);
  await destroy(again);
  expect(await webhooks()).toEqual({ delivered: [OTHER] });
});

test("taking over a hand-made subscription leaves the URL on exactly the declared events, and a refresh agrees", async () => {
  const url = "https://adopted.example.com/h";
  for (const event of ["delivered", "permanent_fail"]) await h.emulator.api("us", "POST", `/v3/domains/${domain}/webhooks`, { id: event, url });
  const { state } = await up("Webhook", "adopted", hook(url, ["permanent_fail"]));
  const map = await webhooks();
  expect(map.permanent_fail).toEqual([url]);
  expect(map.delivered ?? []).not.toContain(url);
  expect((await previewRefresh(laterRun(state), hook(url, ["permanent_fail"])))?.changes).toBe(false);
});

test("a URL's token is never in the id; a stack's older URL-bearing id moves to the new one on refresh", async () => {
  const TOKEN = "tok-3f9c1e7a5b";
  const url = `https://hooks.example.com/mailgun?token=${TOKEN}`;
  const { state } = await up("Webhook", "tokened", hook(url, ["delivered"]));
  expect((await webhooks()).delivered).toContain(url);
  expect(state.id).toBe(webhookId(domain, url));
  expect(state.id).not.toContain(TOKEN);

  const older: Recorded = { ...laterRun(state), id: `${domain}/${url}` };
  expect((await refresh(older))!.id).toBe(webhookId(domain, url));

  newRun();
  await destroy(state);
  expect((await webhooks()).delivered ?? []).not.toContain(url);
});

test("a bad URL and a bad event are refused by check, each naming its field, before any call", async () => {
  const message = await refusal("Webhook", "bad", hook("ftp://x.example.com", ["delivered", "bounced"]));
  expect(message).toMatch(/\[url\] url must be an absolute http:\/\/ or https:\/\/ URL/);
  expect(message).toMatch(/\[events\.1\] "bounced" is not a Mailgun webhook event/);
  expect(await h.emulator.requests()).toEqual([]);
});

describe("Mailgun's 3 URLs per event, across the Webhooks of one run", () => {
  const mailgunUrl = (name: string) => `https://${name}.example.com/mailgun`;
  const opened = (name: string, url = mailgunUrl(name)) => hook(url, ["opened"]);

  test("a program that puts 4 URLs on one event is refused at check, naming the resources, before any call", async () => {
    for (const name of ["a", "b", "c"]) await check("Webhook", name, opened(name));
    const message = await refusal("Webhook", "d", opened("d"));
    expect(message).toMatch(new RegExp(`"opened" on ${domain.replace(/\./g, "\\.")} would get 4 URLs in region us`));
    for (const name of ["a", "b", "c", "d"]) expect(message).toContain(`"${name}"`);
    expect(message).toContain("Mailgun allows at most 3 URLs per event");
    expect(await h.emulator.requests()).toEqual([]);
  });

  test("two Webhooks with the same URL are refused at check", async () => {
    await h.emulator.clearRequests();
    await up("Webhook", "a", opened("a"));
    const message = await refusal("Webhook", "a-again", opened("a-again", mailgunUrl("a")));
    expect(message).toMatch(/Webhooks "a", "a-again" both subscribe the same URL to "opened"/);
  });

  test("swapping a URL on a full event: made before the old is deleted it is refused with the advice (URLs by origin only); delete-first works", async () => {
    const [a, b, c] = await Promise.all(["a", "b", "c"].map(async (name) => (await up("Webhook", name, opened(name))).state));
    expect((await webhooks()).opened).toHaveLength(3);
    const swapped = opened("c", mailgunUrl("d"));
    const err = await up("Webhook", "c", swapped, c).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain("the event already has 3 URLs");
    expect(err?.message).toContain("deleteBeforeReplace: true");
    expect(err?.message).not.toContain("example.com/mailgun");
    expect((await webhooks()).opened).toHaveLength(3);

    const replaced = await up("Webhook", "c", swapped, c, { deleteBeforeReplace: true });
    expect(replaced.step).toBe("replace");
    expect([...(await webhooks()).opened].sort()).toEqual([mailgunUrl("a"), mailgunUrl("b"), mailgunUrl("d")]);
    newRun();
    for (const r of [a, b, replaced.state]) await destroy(r);
    expect(await webhooks()).toEqual({});
  });

  test("a domain and its webhooks deleted side by side (nothing links them) finish without waiting out the consistency budget", async () => {
    const hooks = await Promise.all(["x", "y", "z"].map(async (name) => (await up("Webhook", name, hook(mailgunUrl(name), ["opened", "delivered"]))).state));
    const { state: theDomain } = await up("Domain", "main", { name: domain, adopt: true });
    newRun();
    const started = Date.now();
    await Promise.all([theDomain, ...hooks].map(destroy));
    // Half the 30 s budget: room for a busy machine, far from waiting it out.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await h.emulator.state()).us.domains).toEqual([]);
  });
});
