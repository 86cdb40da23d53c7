import { forgetListings } from "../../provider/resources/listings";
import { bounceHandler, BounceInputs } from "../../provider/resources/bounce";
import { unsubscribeHandler, UnsubscribeInputs } from "../../provider/resources/unsubscribe";
import { complaintHandler } from "../../provider/resources/complaint";
import { suppressionAllowlistHandler, SuppressionAllowlistInputs } from "../../provider/resources/suppression-allowlist";
import { useHandlerEmulator } from "../../testkit/handler-harness";

/**
 * The suppression handlers called directly against the emulator, as one provider process per
 * test: the calls each operation makes, adopt, the shared listing, a lost POST answer.
 */
const t = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "3000", "mailgun:maxRetries": "20" });
let domain = "";
let n = 0;
beforeEach(async () => {
  domain = `mg${++n}.suppress.example.com`;
  await t.emulator.api("us", "POST", "/v4/domains", { name: domain });
  await t.emulator.clearRequests();
});

const calls = async () => (await t.emulator.requests()).map((r) => {
  const q = new URLSearchParams(Object.entries(r.query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]))).toString();
  return `${r.method} ${decodeURIComponent(r.path).replace(domain, "{d}")}${q ? `?${decodeURIComponent(q)}` : ""} ${r.status}`;
});
async function inputs<T>(h: { check(o: object, n: object): Promise<{ inputs?: object; failures?: unknown[] }> }, args: Record<string, unknown>): Promise<T> {
  const { inputs: i, failures } = await h.check({}, { domain, ...args });
  expect(failures).toBeUndefined();
  return i as T;
}
/** A new provider process: nothing shared with the previous operation. */
const nextOperation = async () => {
  forgetListings();
  await t.emulator.clearRequests();
};

test("bounce: create is a GET and a POST, read a GET, update a POST, delete a DELETE", async () => {
  const i = await inputs<BounceInputs>(bounceHandler, { address: "Bob@Example.com", error: "gone" });
  expect(i).toMatchObject({ address: "bob@example.com", code: 550, error: "gone", region: "us" });
  const { id, outs } = await bounceHandler.create(i);
  expect(id).toBe(`${domain}/bob@example.com`);
  expect(await calls()).toEqual(["GET /v3/{d}/bounces/bob@example.com 404", "POST /v3/{d}/bounces 200"]);

  await nextOperation();
  const read = await bounceHandler.read(id, outs);
  expect(read.inputs).toEqual({ domain, address: "bob@example.com", code: 550, error: "gone", region: "us" });
  expect(await calls()).toEqual(["GET /v3/{d}/bounces/bob@example.com 200"]);

  await nextOperation();
  const news = await inputs<BounceInputs>(bounceHandler, { address: "bob@example.com", code: 554, error: "rejected" });
  expect(await bounceHandler.diff(id, outs, news)).toEqual({ changes: true });
  await bounceHandler.update(id, outs, news);
  expect(await calls()).toEqual(["POST /v3/{d}/bounces 200"]);
  expect(await t.emulator.api("us", "GET", `/v3/${domain}/bounces/bob@example.com`)).toMatchObject({ code: "554", error: "rejected" });

  // Changed by hand: drift on refresh.
  await t.emulator.api("us", "POST", `/v3/${domain}/bounces`, { address: "bob@example.com", code: "550", error: "by hand" });
  await nextOperation();
  expect((await bounceHandler.read(id, { ...news })).inputs).toMatchObject({ code: 550, error: "by hand" });

  await nextOperation();
  await bounceHandler.delete(id, news);
  expect(await calls()).toEqual(["DELETE /v3/{d}/bounces/bob@example.com 200"]);
  await nextOperation();
  expect(await bounceHandler.read(id, news)).toEqual({});
});

test("an entry Mailgun has already is refused without adopt, and taken over with it", async () => {
  await t.emulator.api("us", "POST", `/v3/${domain}/bounces`, { address: "real@example.com", code: "550", error: "No such mailbox" });
  const i = await inputs<BounceInputs>(bounceHandler, { address: "real@example.com", error: "declared" });
  await expect(bounceHandler.create(i)).rejects.toThrow(/real@example\.com is already in the bounces of .* set adopt: true on this Bounce .*pulumi destroy removes it from the bounces, which lifts the suppression/s);
  expect(await t.emulator.api("us", "GET", `/v3/${domain}/bounces/real@example.com`)).toMatchObject({ error: "No such mailbox" });

  await nextOperation();
  await bounceHandler.create({ ...i, adopt: true });
  expect(await t.emulator.api("us", "GET", `/v3/${domain}/bounces/real@example.com`)).toMatchObject({ error: "declared" });
  // Adopting an entry that is already as declared writes nothing.
  await t.emulator.api("us", "POST", `/v3/${domain}/complaints`, { address: "c@example.com" });
  await nextOperation();
  await complaintHandler.create(await inputs(complaintHandler, { address: "c@example.com", adopt: true }));
  expect(await calls()).toEqual(["GET /v3/{d}/complaints/c@example.com 200"]);
});

test("unsubscribe tags update in place: the POST adds, a DELETE ?tag= drops; adopt sets exactly the declared tags", async () => {
  const i = await inputs<UnsubscribeInputs>(unsubscribeHandler, { address: "u@example.com" });
  expect(i.tags).toEqual(["*"]);
  const { id, outs } = await unsubscribeHandler.create(i);
  await nextOperation();
  const news = await inputs<UnsubscribeInputs>(unsubscribeHandler, { address: "u@example.com", tags: ["promo", "news"] });
  expect(news.tags).toEqual(["news", "promo"]);
  await unsubscribeHandler.update(id, outs, news);
  expect(await calls()).toEqual(["POST /v3/{d}/unsubscribes 200", "DELETE /v3/{d}/unsubscribes/u@example.com?tag=* 200"]);
  expect((await t.emulator.api("us", "GET", `/v3/${domain}/unsubscribes/u@example.com`)).tags).toEqual(["news", "promo"]);

  await t.emulator.api("us", "POST", `/v3/${domain}/unsubscribes`, { address: "other@example.com", tag: "legacy" });
  await nextOperation();
  await unsubscribeHandler.create(await inputs(unsubscribeHandler, { address: "other@example.com", tags: ["news"], adopt: true }));
  expect((await t.emulator.api("us", "GET", `/v3/${domain}/unsubscribes/other@example.com`)).tags).toEqual(["news"]);
});

test("several reads of one table share one listing; a single read is one GET", async () => {
  const made = [];
  for (let k = 0; k < 5; k++) made.push(await complaintHandler.create(await inputs(complaintHandler, { address: `c${k}@example.com` })));
  await nextOperation();
  const reads = await Promise.all(made.map(({ id, outs }) => complaintHandler.read(id, outs)));
  expect(reads.every((r) => r.id !== undefined)).toBe(true);
  // The first reader GETs its entry; the others share one listing of the table.
  expect((await calls()).sort()).toEqual(["GET /v3/{d}/complaints/c0@example.com 200", "GET /v3/{d}/complaints?limit=1000 200"].sort());
});

test("allowlist: address or domain entry; the other type under the same value is drift", async () => {
  const i = await inputs<SuppressionAllowlistInputs>(suppressionAllowlistHandler, { allowedDomain: "QA.example.com" });
  const { id, outs } = await suppressionAllowlistHandler.create(i);
  expect(id).toBe(`${domain}/qa.example.com`);
  expect(await t.emulator.api("us", "GET", `/v3/${domain}/whitelists/qa.example.com`)).toMatchObject({ type: "domain", value: "qa.example.com" });
  await nextOperation();
  expect((await suppressionAllowlistHandler.read(id, outs)).inputs).toEqual({ domain, allowedDomain: "qa.example.com", region: "us" });
  const neither = await suppressionAllowlistHandler.check({}, { domain });
  expect(neither.failures).toEqual([{ property: "address", reason: expect.stringMatching(/set exactly one of address .* and allowedDomain .*; this entry sets neither/) }]);
});

test("a POST whose answer is lost is sent again (an upsert); the wrong region is named", async () => {
  const i = await inputs<BounceInputs>(bounceHandler, { address: "lost@example.com" });
  const { id, outs } = await bounceHandler.create(i);
  await nextOperation();
  // Every answer fails, after the write took effect, until the first failed POST is seen.
  await t.emulator.setKnobs({ faults: { errorRate: 1, dropRate: 0, afterWriteShare: 1, seed: 3 } });
  const update = bounceHandler.update(id, outs, { ...i, code: 551 });
  while (!(await t.emulator.requests()).some((r) => r.method === "POST" && (r.status ?? 0) >= 500)) await new Promise((r) => setTimeout(r, 20));
  await t.emulator.setKnobs({ faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 } });
  await update;
  // Failed (after the write) until the faults were turned off, then one that succeeded.
  const posts = (await calls()).filter((c) => c.startsWith("POST"));
  expect(posts.length).toBeGreaterThanOrEqual(2);
  expect(posts.slice(0, -1).every((c) => / 5\d\d$/.test(c))).toBe(true);
  expect(posts[posts.length - 1]).toBe("POST /v3/{d}/bounces 200");
  expect(await t.emulator.api("us", "GET", `/v3/${domain}/bounces/lost@example.com`)).toMatchObject({ address: "lost@example.com", code: "551" });

  await nextOperation();
  await expect(bounceHandler.create({ ...i, address: "eu@example.com", region: "eu" })).rejects.toThrow(`domain ${domain} not found in region eu: it lives in region us. Set region: "us" on this Bounce.`);
});

test("two resources of one run for the same entry are refused at check, naming both", async () => {
  const args = { domain, address: "twice@example.com", __declaredAs: "first" };
  expect((await bounceHandler.check({}, args)).failures).toBeUndefined();
  // The same resource checked again is fine; a complaint for the same address is another entry.
  expect((await bounceHandler.check({}, args)).failures).toBeUndefined();
  expect((await complaintHandler.check({}, { ...args, __declaredAs: "second" })).failures).toBeUndefined();
  expect((await bounceHandler.check({}, { ...args, address: "TWICE@example.com", __declaredAs: "second" })).failures).toEqual([{
    property: "",
    reason: `Bounce: [address] twice@example.com on ${domain} is declared by both Bounce "first" and Bounce "second"; an entry can be one resource only: remove one of them`,
  }]);
});

test("an entry on a domain made moments ago (not visible yet) is waited for, then read back after Mailgun shows it", async () => {
  await t.emulator.setKnobs({ consistencyDelayMs: 600 });
  try {
    const fresh = `new${n}.suppress.example.com`;
    await t.emulator.api("us", "POST", "/v4/domains", { name: fresh });
    const i = await inputs<BounceInputs>(bounceHandler, { domain: fresh, address: "early@example.com" });
    const { id, outs } = await bounceHandler.create(i);
    expect((await calls()).filter((c) => c.startsWith("POST /v3")).at(-1)).toBe(`POST /v3/${fresh}/bounces 200`);
    // Within the consistency budget after the write, a read waits for the entry instead of reporting it gone.
    expect((await bounceHandler.read(id, outs)).inputs).toMatchObject({ domain: fresh, address: "early@example.com", code: 550 });
  } finally {
    await t.emulator.setKnobs({ consistencyDelayMs: 0 });
  }
});
