import { configure } from "../../provider/runtime";
import { forgetListings } from "../../provider/resources/listings";
import { mailingListHandler, MailingListInputs, MailingListOutputs } from "../../provider/resources/mailing-list";
import { mailingListMemberHandler, MailingListMemberInputs } from "../../provider/resources/mailing-list-member";
import { TestEmulator } from "../../testkit/emulator";

/**
 * The MailingList and MailingListMember handlers called directly against the emulator: the
 * calls each operation makes, and what a create does when Mailgun's answer to its POST is lost.
 */
let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await TestEmulator.start();
  const config: Record<string, string> = {
    "mailgun:apiKey": emulator.apiKey, "mailgun:apiUrlUs": emulator.urls.us, "mailgun:apiUrlEu": emulator.urls.eu,
    "mailgun:consistencyBudgetMs": "5000", "mailgun:maxRetries": "20",
  };
  configure({ get: (k: string) => config[k] });
});
afterAll(() => emulator?.close());

const LIST = "devs@lists.example.com";
const quiet = { consistencyDelayMs: 0, faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 } };
const calls = async () => (await emulator.requests()).map((r) => `${r.method} ${decodeURIComponent(r.path)} ${r.status}`);
const members = async (list = LIST) => (await emulator.api("us", "GET", `/v3/lists/${list}/members`)).items.map((m: { address: string }) => m.address);

beforeEach(async () => {
  // Each test stands for a new provider process.
  await emulator.reset();
  forgetListings();
  await emulator.clearRequests();
});

async function listInputs(args: Record<string, unknown>): Promise<MailingListInputs> {
  const { inputs, failures } = await mailingListHandler.check({}, { address: LIST, ...args });
  expect(failures).toBeUndefined();
  return inputs as MailingListInputs;
}

async function memberInputs(args: Record<string, unknown>): Promise<MailingListMemberInputs> {
  const { inputs, failures } = await mailingListMemberHandler.check({}, { list: LIST, ...args });
  expect(failures).toBeUndefined();
  return inputs as MailingListMemberInputs;
}

test("list: create, read, update and delete are one call each; membersCount is never a diff", async () => {
  const created = await mailingListHandler.create(await listInputs({ address: "Devs@Lists.Example.com", name: "Devs", accessLevel: "members" }));
  expect(created.id).toBe(LIST);
  expect(created.outs).toMatchObject({ address: LIST, name: "Devs", description: "", accessLevel: "members", replyPreference: "list", membersCount: 0 });
  await emulator.api("us", "POST", `/v3/lists/${LIST}/members`, { address: "someone@example.com" });
  const read = await mailingListHandler.read(created.id, { ...created.outs, writtenAt: undefined });
  expect(read.props).toMatchObject({ membersCount: 1 });
  expect(read.inputs).toEqual({ address: LIST, name: "Devs", description: "", accessLevel: "members", replyPreference: "list", region: "us" });
  expect(await mailingListHandler.diff(LIST, read.props as MailingListOutputs, await listInputs({ name: "Devs", accessLevel: "members" }))).toEqual({ changes: false });
  const news = await listInputs({ name: "Devs", accessLevel: "everyone", replyPreference: "sender" });
  expect(await mailingListHandler.diff(LIST, read.props as MailingListOutputs, news)).toEqual({ changes: true });
  const updated = await mailingListHandler.update(LIST, read.props as MailingListOutputs, news);
  expect(updated.outs).toMatchObject({ accessLevel: "everyone", replyPreference: "sender", membersCount: 1 });
  // The member was signed up by hand: only forceDestroy lets the list go with it (test/handlers/containers.test.ts).
  await mailingListHandler.delete(LIST, { ...updated.outs, forceDestroy: true });
  expect(await calls()).toEqual([
    "POST /v3/lists 200", `POST /v3/lists/${LIST}/members 200`, `GET /v3/lists/${LIST} 200`, `PUT /v3/lists/${LIST} 200`, `DELETE /v3/lists/${LIST} 200`,
  ]);
});

test("list: a new address is an update (Mailgun renames it, members stay); only the region replaces", async () => {
  const created = await mailingListHandler.create(await listInputs({}));
  await emulator.api("us", "POST", `/v3/lists/${LIST}/members`, { address: "kept@example.com" });
  const renamed = await listInputs({ address: "engineers@lists.example.com" });
  expect(await mailingListHandler.diff(LIST, created.outs, renamed)).toEqual({ changes: true });
  // The region replaces (with forceDestroy: the list holds a member; without it, see test/handlers/containers.test.ts).
  expect(await mailingListHandler.diff(LIST, created.outs, { ...renamed, region: "eu", forceDestroy: true })).toEqual({ changes: true, replaces: ["region"] });
  await mailingListHandler.update(LIST, created.outs, renamed);
  expect(await members("engineers@lists.example.com")).toEqual(["kept@example.com"]);

  // The member resource that now names the renamed list takes over the member the rename carried.
  const member = await mailingListMemberHandler.create(await memberInputs({ list: "engineers@lists.example.com", address: "kept@example.com", name: "Kept" }));
  expect(member.outs).toMatchObject({ name: "Kept", subscribed: true });
});

test("list: a create whose POST took effect but whose answer was lost keeps that list, sent once", async () => {
  // Seeded: the first POST is applied and then answered 500 (asserted below).
  await emulator.setKnobs({ faults: { errorRate: 0.5, afterWriteShare: 1, seed: 8, dropRate: 0 } });
  let created;
  try {
    created = await mailingListHandler.create(await listInputs({ name: "Lost" }));
  } finally {
    await emulator.setKnobs(quiet);
  }
  const posts = (await emulator.requests()).filter((r) => r.method === "POST" && r.path === "/v3/lists");
  expect(posts[0]).toMatchObject({ fault: "error", applied: true });
  expect(posts).toHaveLength(1);
  expect(created.outs).toMatchObject({ address: LIST, name: "Lost" });
  expect((await emulator.api("us", "GET", "/v3/lists")).total_count).toBe(1);
});

test("list: someone else's older list is never taken for a lost answer; adopt: true takes it over, members kept", async () => {
  await emulator.api("us", "POST", "/v3/lists", { address: LIST, name: "Theirs" });
  await emulator.api("us", "POST", `/v3/lists/${LIST}/members`, { address: "theirs@example.com" });
  // Older than the create by more than the clock slack.
  await new Promise((r) => setTimeout(r, 6_000));
  await emulator.setKnobs({ faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0, seed: 1, burst: { status: 503, count: 1 } } });
  try {
    await expect(mailingListHandler.create(await listInputs({ name: "Mine" }))).rejects.toThrow(/already exists in region us \(created .*, 1 members\)[\s\S]*pulumi-mailgun recover[\s\S]*adopt: true/);
  } finally {
    await emulator.setKnobs(quiet);
  }
  expect((await emulator.api("us", "GET", `/v3/lists/${LIST}`)).list.name).toBe("Theirs");
  const adopted = await mailingListHandler.create(await listInputs({ name: "Mine", adopt: true }));
  expect(adopted.outs).toMatchObject({ name: "Mine", membersCount: 1, adopt: true });
  expect(await members()).toEqual(["theirs@example.com"]);
}, 30_000);

test("member: an existing address is refused naming adopt: true; adopt: true upserts it", async () => {
  await emulator.api("us", "POST", "/v3/lists", { address: LIST });
  await emulator.api("us", "POST", `/v3/lists/${LIST}/members`, { address: "jane@example.com", name: "Old", vars: '{"a":1}' });
  await expect(mailingListMemberHandler.create(await memberInputs({ address: "jane@example.com", name: "Jane" }))).rejects.toThrow(/already a member of mailing list devs@lists\.example\.com[\s\S]*set adopt: true/);
  const adopted = await mailingListMemberHandler.create(await memberInputs({ address: "Jane@Example.com", name: "Jane", vars: { b: [1, 2] }, adopt: true }));
  expect(adopted.id).toBe(`${LIST}/jane@example.com`);
  expect((await emulator.api("us", "GET", `/v3/lists/${LIST}/members/jane@example.com`)).member).toEqual({ address: "jane@example.com", name: "Jane", subscribed: true, vars: { b: [1, 2] } });
  const posts = (await emulator.requests()).filter((r) => r.method === "POST" && r.path.endsWith("/members"));
  expect(posts.map((p) => p.status)).toEqual([200, 400, 200]);
});

test("member: a create whose answer was lost is recognised, never 'already exists'", async () => {
  await emulator.api("us", "POST", "/v3/lists", { address: LIST });
  await emulator.clearRequests();
  await emulator.setKnobs({ faults: { errorRate: 0.5, afterWriteShare: 1, seed: 8, dropRate: 0 } });
  let created;
  try {
    created = await mailingListMemberHandler.create(await memberInputs({ address: "lost@example.com", vars: { z: 1, a: { b: 2 } } }));
  } finally {
    await emulator.setKnobs(quiet);
  }
  const posts = (await emulator.requests()).filter((r) => r.method === "POST");
  expect(posts[0]).toMatchObject({ fault: "error", applied: true });
  expect(posts).toHaveLength(1);
  expect(created.outs).toMatchObject({ address: "lost@example.com", vars: { z: 1, a: { b: 2 } } });
  expect(await members()).toEqual(["lost@example.com"]);
});

test("member: reads of many members of one list share one paged listing; vars compare as JSON", async () => {
  await emulator.api("us", "POST", "/v3/lists", { address: LIST });
  const made = [];
  for (let i = 0; i < 120; i++) made.push(await mailingListMemberHandler.create(await memberInputs({ address: `m${String(i).padStart(3, "0")}@example.com`, vars: { n: i, tags: ["x"] } })));
  forgetListings();
  await emulator.clearRequests();
  const reads = await Promise.all(made.map((m) => mailingListMemberHandler.read(m.id, { ...m.outs, writtenAt: undefined })));
  expect(reads.every((r) => r.id)).toBe(true);
  const log = await calls();
  // One GET for the first reader, then two pages (100 + 20) for all the others.
  expect(log).toHaveLength(3);
  expect(log.filter((c) => c.includes("/members/pages"))).toHaveLength(2);
  // Key order of vars is not a difference.
  expect(await mailingListMemberHandler.diff(made[5].id, reads[5].props as never, await memberInputs({ address: "m005@example.com", vars: { tags: ["x"], n: 5 } }))).toEqual({ changes: false });
  expect(await mailingListMemberHandler.diff(made[5].id, reads[5].props as never, await memberInputs({ address: "m005@example.com", vars: { tags: ["x"], n: "5" } }))).toEqual({ changes: true });
}, 60_000);

test("member: update in place; a member removed by hand is added again; one of a deleted list reads as gone and deletes fine", async () => {
  await emulator.api("us", "POST", "/v3/lists", { address: LIST });
  const created = await mailingListMemberHandler.create(await memberInputs({ address: "kim@example.com" }));
  const off = await memberInputs({ address: "kim@example.com", subscribed: false });
  expect(await mailingListMemberHandler.diff(created.id, created.outs, off)).toEqual({ changes: true });
  expect(await mailingListMemberHandler.diff(created.id, created.outs, await memberInputs({ address: "kim2@example.com" }))).toMatchObject({ replaces: ["address"] });
  const updated = await mailingListMemberHandler.update(created.id, created.outs, off);
  expect((await emulator.api("us", "GET", `/v3/lists/${LIST}/members/kim@example.com`)).member.subscribed).toBe(false);
  await emulator.api("us", "DELETE", `/v3/lists/${LIST}/members/kim@example.com`);
  await mailingListMemberHandler.update(created.id, { ...updated.outs, writtenAt: 0 }, await memberInputs({ address: "kim@example.com", name: "Kim" }));
  expect(await members()).toEqual(["kim@example.com"]);
  await emulator.api("us", "DELETE", `/v3/lists/${LIST}`);
  forgetListings();
  expect(await mailingListMemberHandler.read(created.id, { ...updated.outs, writtenAt: undefined })).toEqual({});
  await mailingListMemberHandler.delete(created.id, updated.outs);
});

test("bad inputs are refused at check, naming the field", async () => {
  const list = await mailingListHandler.check({}, { address: "Developers <devs@mg.example.com>", accessLevel: "public" });
  expect(list.failures?.map((f) => f.reason)).toEqual([
    expect.stringMatching(/^MailingList: \[address\] address "developers <devs@mg\.example\.com>" is not an e-mail address/),
    expect.stringMatching(/^MailingList: \[accessLevel\] accessLevel must be "readonly", "members" or "everyone"/),
  ]);
  const member = await mailingListMemberHandler.check({}, { list: "devs", address: "jane@example.com", vars: "a=1" });
  expect(member.failures?.map((f) => f.reason)).toEqual([
    expect.stringMatching(/^MailingListMember: \[list\] list "devs" is not an e-mail address/),
    expect.stringMatching(/^MailingListMember: \[vars\] vars must be an object/),
  ]);
});

test("member: a list that does not exist is named, with how to declare it", async () => {
  await expect(mailingListMemberHandler.create(await memberInputs({ list: "nolist@lists.example.com", address: "a@example.com" })))
    .rejects.toThrow(/mailing list nolist@lists\.example\.com not found in region us[\s\S]*list: <list>\.address/);
  expect(await calls()).toEqual(["POST /v3/lists/nolist@lists.example.com/members 404"]);
});

test("what `pulumi-mailgun recover` records (outputs = the pending inputs) reads back as the live list and member", async () => {
  await emulator.api("us", "POST", "/v3/lists", { address: LIST, name: "Killed" });
  await emulator.api("us", "POST", `/v3/lists/${LIST}/members`, { address: "jane@example.com", vars: '{"a":1}' });
  const list = await mailingListHandler.read(LIST, (await listInputs({ name: "Killed" })) as MailingListOutputs);
  expect(list.props).toMatchObject({ address: LIST, name: "Killed", membersCount: 1, createdAt: expect.any(String) });
  const member = await mailingListMemberHandler.read(`${LIST}/jane@example.com`, (await memberInputs({ address: "jane@example.com", vars: { a: 1 } })) as never);
  expect(member.props).toMatchObject({ address: "jane@example.com", vars: { a: 1 }, subscribed: true });
});
