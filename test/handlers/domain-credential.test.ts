import { useHandlerEmulator } from "../../testkit/handler-harness";
import { Held, later, newRun, plan, refresh, saying, up, writes, destroy } from "./engine-steps";

/**
 * What is particular to DomainCredential, as the provider runs it: generated and given
 * passwords, login spellings, the password changed in place and never re-sent, and the advice
 * for a credential that exists already. The generic lifecycle is in battery.test.ts.
 */
type Answer = { method: string; path: string; status: number; body: string };
/** The emulator's answers, bodies included: the only place outside the provider where a generated password shows. */
let answers: Answer[] = [];
const t = useHandlerEmulator({}, { onExchange: (x: Answer) => answers.push(x) });
const NAME = "mg.cred-test.example.com";
const GENERATED = /^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const SAME = "400 New password cannot be the same as old password.";

beforeEach(async () => {
  answers = [];
  await t.emulator.api("us", "POST", "/v4/domains", { name: NAME });
  await t.emulator.clearRequests();
});

const cred = (name: string, args: Record<string, unknown>, held?: Held, domain = NAME) => up("DomainCredential", name, { domain, ...args }, held);

/** Mailgun's answer when `password` is set again: "same as old" proves it is the current one, and changes nothing. */
async function passwordCheck(login: string, password: string, domain = NAME): Promise<string> {
  const res = await fetch(`${t.emulator.urls.us}/v3/domains/${domain}/credentials/${login}`, {
    method: "PUT",
    headers: { authorization: `Basic ${Buffer.from(`api:${t.emulator.apiKey}`).toString("base64")}` },
    body: new URLSearchParams({ password }),
  });
  return `${res.status} ${((await res.json()) as { message: string }).message}`;
}

function lastGenerated(login: string): string | undefined {
  const generated = answers
    .filter((a) => a.status === 200 && (a.method === "POST" || a.method === "PUT") && a.path.startsWith(`/v3/domains/${NAME}/credentials`))
    .map((a) => (JSON.parse(a.body) as { credentials?: Record<string, string> }).credentials?.[`${login}@${NAME}`])
    .filter((p): p is string => p !== undefined);
  return generated[generated.length - 1];
}

const logins = async (domain = NAME) => [...((await t.emulator.state()).us.credentials[domain] ?? [])].sort();

test("a generated password is Mailgun's and never an input; a given one is set as given; login spellings are one credential", async () => {
  const { result, said } = await saying(async () => {
    const app = (await cred("app", { login: "app" })).held;
    const relay = (await cred("relay", { login: `Relay@${NAME}`, password: "relay-pass-1" })).held;
    return { app, relay, appRead: await refresh(app) };
  });
  const { app, relay, appRead } = result;
  expect(app.outs).toMatchObject({ domain: NAME, login: "app", address: `app@${NAME}`, region: "us" });
  expect(app.outs.password).toMatch(GENERATED);
  expect(lastGenerated("app")).toBe(app.outs.password);
  expect(relay.id).toBe(`relay@${NAME}`);
  expect(relay.outs).toMatchObject({ login: "relay", address: `relay@${NAME}`, password: "relay-pass-1" });
  expect(await passwordCheck("relay", "relay-pass-1")).toBe(SAME);
  expect(await logins()).toEqual([`app@${NAME}`, `relay@${NAME}`]);
  // A refresh keeps the generated password as an output but never makes it a program input.
  expect(appRead?.outs.password).toBe(app.outs.password);
  expect(appRead?.inputs.password).toBeUndefined();
  expect(said).not.toContain(String(app.outs.password));
  expect(said).not.toContain("relay-pass-1");

  // `relay` and `relay@<domain>` are the same credential: no change, and nothing is written.
  await t.emulator.clearRequests();
  expect(await plan("DomainCredential", "relay", { domain: NAME, login: "relay", password: "relay-pass-1" }, relay)).toBe("same");
  expect((await cred("relay", { login: `RELAY@${NAME}`, password: "relay-pass-1" }, relay)).step).toBe("same");
  expect((await cred("app", { login: "app" }, appRead)).step).toBe("same");
  expect(await writes(t.emulator)).toEqual([]);
});

test("a new password is one PUT in place; leaving it out, or changing it by hand, is no change", async () => {
  const relay = (await cred("relay", { login: "relay", password: "relay-pass-1" })).held;
  await t.emulator.clearRequests();
  const changed = await cred("relay", { login: "relay", password: "relay-pass-2" }, relay);
  expect(changed.step).toBe("update");
  expect(await writes(t.emulator)).toEqual([`us PUT /v3/domains/${NAME}/credentials/relay`]);
  expect(await passwordCheck("relay", "relay-pass-2")).toBe(SAME);
  // Leaving the password out keeps the current one.
  expect(await plan("DomainCredential", "relay", { domain: NAME, login: "relay" }, changed.held)).toBe("same");

  // Mailgun never shows passwords: one changed in the dashboard cannot be seen (docs/resources/domain-credential.md).
  expect(await passwordCheck("relay", "changed-by-hand")).toBe("200 Password changed");
  newRun();
  const refreshed = await refresh(later(changed.held));
  expect(await plan("DomainCredential", "relay", { domain: NAME, login: "relay", password: "relay-pass-2" }, refreshed!)).toBe("same");
});

test("deleted by hand: read says gone, and the next create generates a new password", async () => {
  const app = (await cred("app", { login: "app" })).held;
  await t.emulator.api("us", "DELETE", `/v3/domains/${NAME}/credentials/app`);
  newRun();
  expect(await refresh(later(app))).toBeUndefined();
  const again = (await cred("app", { login: "app" })).held;
  expect(again.outs.password).toMatch(GENERATED);
  expect(again.outs.password).not.toBe(app.outs.password);
  expect(lastGenerated("app")).toBe(again.outs.password);
  newRun();
  await destroy(again);
  expect(await logins()).toEqual([]);
});

test("an existing credential is refused with advice, its password untouched; adopt: true takes it over, setting the password or leaving it unknown", async () => {
  const other = "mg.cred-adopt.example.com";
  await t.emulator.api("us", "POST", "/v4/domains", { name: other });
  await t.emulator.api("us", "POST", `/v3/domains/${other}/credentials`, { login: "legacy", password: "legacy-pass-1" });
  await t.emulator.api("us", "POST", `/v3/domains/${other}/credentials`, { login: "old", password: "old-pass-1" });
  await t.emulator.clearRequests();

  const refused = await cred("legacy", { login: "legacy", password: "legacy-pass-2" }, undefined, other).then(() => undefined, (e: Error) => e);
  expect(refused?.message).toMatch(new RegExp(`SMTP credential legacy@${other.replace(/\./g, "\\.")} already exists in region us[\\s\\S]*pulumi-mailgun recover[\\s\\S]*adopt: true`));
  expect(refused?.message).not.toContain("legacy-pass-2");
  // The only write is the create Mailgun refused: the password was never changed.
  expect(await writes(t.emulator, true)).toEqual([`us POST /v3/domains/${other}/credentials 400`]);
  expect(await passwordCheck("legacy", "legacy-pass-1", other)).toBe(SAME);

  const { result, said } = await saying(async () => ({
    legacy: (await cred("legacy", { login: "legacy", password: "legacy-pass-2", adopt: true }, undefined, other)).held,
    old: (await cred("old", { login: `old@${other}`, adopt: true }, undefined, other)).held,
  }));
  expect(await passwordCheck("legacy", "legacy-pass-2", other)).toBe(SAME);
  // Adopted without a password: kept at Mailgun, unknown to Pulumi, and said so.
  expect(await passwordCheck("old", "old-pass-1", other)).toBe(SAME);
  expect(result.old.outs.password).toBeUndefined();
  expect(said).toMatch(/adopted SMTP credential old@mg\.cred-adopt\.example\.com: .*password output stays empty/);
  expect(said).not.toContain("legacy-pass-2");
  expect(await plan("DomainCredential", "old", { domain: other, login: `old@${other}`, adopt: true }, result.old)).toBe("same");
  expect(await plan("DomainCredential", "legacy", { domain: other, login: "legacy", password: "legacy-pass-2", adopt: true }, result.legacy)).toBe("same");

  newRun();
  await destroy(result.legacy);
  await destroy(result.old);
  expect(await logins(other)).toEqual([]);
});
