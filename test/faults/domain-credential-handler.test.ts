import { configure } from "../../provider/runtime";
import { forgetListings } from "../../provider/resources/listings";
import { domainCredentialHandler, DomainCredentialInputs } from "../../provider/resources/domain-credential";
import { TestEmulator } from "../../testkit/emulator";

/**
 * The DomainCredential handler called directly against the emulator: the calls each operation
 * makes, and what a create does when Mailgun's answer to its POST is lost.
 */
let emulator: TestEmulator;
/** What the emulator answered, bodies included: the only place a generated password can be seen outside the provider. */
let answers: Array<{ method: string; path: string; status: number; body: string }> = [];
beforeAll(async () => {
  emulator = await TestEmulator.start({ onExchange: (x) => answers.push(x) });
  const config: Record<string, string> = {
    "mailgun:apiKey": emulator.apiKey, "mailgun:apiUrlUs": emulator.urls.us, "mailgun:apiUrlEu": emulator.urls.eu,
    "mailgun:consistencyBudgetMs": "5000", "mailgun:maxRetries": "20",
  };
  configure({ get: (k: string) => config[k] });
});
afterAll(() => emulator?.close());

const GENERATED = /^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const SAME = "400 New password cannot be the same as old password.";
let domain = "";
let n = 0;
beforeEach(async () => {
  // Each test stands for a new provider process.
  await emulator.reset();
  forgetListings();
  answers = [];
  domain = `mg${++n}.creds.example.com`;
  await emulator.api("us", "POST", "/v4/domains", { name: domain });
  await emulator.clearRequests();
});

const base = () => `/v3/domains/${domain}/credentials`;
const calls = async () => (await emulator.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
const logins = async () => (await emulator.state()).us.credentials[domain] ?? [];
const quiet = { consistencyDelayMs: 0, faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 } };

async function inputs(args: Record<string, unknown>): Promise<DomainCredentialInputs> {
  const { inputs, failures } = await domainCredentialHandler.check({}, { domain, ...args });
  expect(failures).toBeUndefined();
  return inputs as DomainCredentialInputs;
}

/** The password Mailgun generated last for `login` (create or change answers that carry one). */
function lastGenerated(login: string): string | undefined {
  const generated = answers
    .filter((a) => a.status === 200 && (a.method === "POST" || a.method === "PUT") && a.path.startsWith(base()))
    .map((a) => (JSON.parse(a.body) as { credentials?: Record<string, string> }).credentials?.[`${login}@${domain}`])
    .filter((p): p is string => p !== undefined);
  return generated[generated.length - 1];
}

/**
 * "same as old" from Mailgun proves `password` is the current one, and changes nothing. (Not for
 * generated passwords: at 50 characters they fail the 5-32 length rule first.)
 */
async function passwordCheck(login: string, password: string): Promise<string> {
  const res = await fetch(`${emulator.urls.us}${base()}/${login}`, {
    method: "PUT",
    headers: { authorization: `Basic ${Buffer.from(`api:${emulator.apiKey}`).toString("base64")}` },
    body: new URLSearchParams({ password }),
  });
  return `${res.status} ${((await res.json()) as { message: string }).message}`;
}

test("create, read, update and delete are one call each", async () => {
  const created = await domainCredentialHandler.create(await inputs({ login: `Bot@${domain.toUpperCase()}` }));
  expect(created.id).toBe(`bot@${domain}`);
  expect(created.outs).toMatchObject({ login: "bot", address: `bot@${domain}`, passwordGenerated: true });
  expect(created.outs.password).toMatch(GENERATED);
  expect(lastGenerated("bot")).toBe(created.outs.password);
  const read = await domainCredentialHandler.read(created.id, created.outs);
  expect(read.props).toMatchObject({ login: "bot", password: created.outs.password });
  // A generated password is an output, not a program input.
  expect(read.inputs).toEqual({ domain, login: "bot", region: "us" });
  const updated = await domainCredentialHandler.update(created.id, created.outs, await inputs({ login: "bot", password: "bot-pass-1" }));
  expect(updated.outs).toMatchObject({ password: "bot-pass-1" });
  expect(updated.outs.passwordGenerated).toBeUndefined();
  await domainCredentialHandler.delete(created.id, updated.outs);
  expect(await logins()).toEqual([]);
  expect(await calls()).toEqual([`POST ${base()} 200`, `GET ${base()} 200`, `PUT ${base()}/bot 200`, `DELETE ${base()}/bot 200`]);
});

test("a login on another domain is refused at check, naming the fix", async () => {
  const { failures } = await domainCredentialHandler.check({}, { domain, login: "bot@elsewhere.example.com", password: "bot-pass-1" });
  expect(failures).toEqual([{ property: "login", reason: `DomainCredential: [login] login "bot@elsewhere.example.com" is an address on elsewhere.example.com, not on domain ${domain}; use "bot" or "bot@${domain}"` }]);
});

test.each([
  ["a generated password", {}],
  ["a given password", { password: "given-pass-1" }],
])("a create whose POST took effect but whose answer was lost keeps that credential, with %s known", async (_what, extra) => {
  // Seeded: the first POST is applied and then answered 500 (asserted below).
  await emulator.setKnobs({ faults: { errorRate: 0.5, afterWriteShare: 1, seed: 8, dropRate: 0 } });
  let created;
  try {
    created = await domainCredentialHandler.create(await inputs({ login: "lost", ...extra }));
  } finally {
    await emulator.setKnobs(quiet);
  }
  const posts = (await emulator.requests()).filter((r) => r.method === "POST" && r.path === base());
  expect(posts.length).toBeGreaterThan(0);
  expect(posts[0]).toMatchObject({ fault: "error", applied: true });
  // Never a second POST: the listing showed the credential this create had just made.
  expect(posts).toHaveLength(1);
  expect(await logins()).toEqual([`lost@${domain}`]);
  if ("password" in extra) {
    expect(created.outs.password).toBe(extra.password);
    expect(await passwordCheck("lost", created.outs.password!)).toBe(SAME);
  } else {
    // The first generated password was in the lost answer; the one recorded is the one Mailgun generated after it.
    expect(created.outs.password).toMatch(GENERATED);
    expect(lastGenerated("lost")).toBe(created.outs.password);
    expect((await emulator.requests()).filter((r) => r.method === "PUT").map((r) => `${r.path} ${r.status}`)).toEqual([`${base()}/lost 200`]);
  }
});

test("a lost answer is never confused with someone else's older credential of that login", async () => {
  await emulator.api("us", "POST", base(), { login: "taken", password: "theirs-pass-1" });
  // Older than the create by more than the clock slack.
  await new Promise((r) => setTimeout(r, 6_000));
  await emulator.setKnobs({ faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0, seed: 1, burst: { status: 503, count: 1 } } });
  try {
    await expect(domainCredentialHandler.create(await inputs({ login: "taken", password: "mine-pass-1" }))).rejects.toThrow(/already exists in region us[\s\S]*adopt: true/);
  } finally {
    await emulator.setKnobs(quiet);
  }
  expect(await passwordCheck("taken", "theirs-pass-1")).toBe(SAME);
}, 30_000);

test("an update whose credential was deleted by hand makes it again; deleting one that is gone succeeds", async () => {
  const created = await domainCredentialHandler.create(await inputs({ login: "gone", password: "gone-pass-1" }));
  await emulator.api("us", "DELETE", `${base()}/gone`);
  const updated = await domainCredentialHandler.update(created.id, { ...created.outs, writtenAt: 0 }, await inputs({ login: "gone", password: "gone-pass-2" }));
  expect(await passwordCheck("gone", "gone-pass-2")).toBe(SAME);
  await emulator.api("us", "DELETE", `${base()}/gone`);
  await domainCredentialHandler.delete(created.id, updated.outs);
  await emulator.api("us", "DELETE", `/v3/domains/${domain}`);
  await domainCredentialHandler.delete(created.id, updated.outs);
});
