import { TestEmulator } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const NAME = "mg.cred-test.example.com";
const GENERATED = /^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const domain: ResourceSpec = { kind: "Domain", name: "d", args: { name: NAME } };
const cred = (name: string, args: Record<string, unknown>): ResourceSpec => ({ kind: "DomainCredential", name, args: { domain: { $ref: "d.name" }, ...args } });

/** What Mailgun answers when `password` is set again on the credential: "same as old" proves it is the current one, and changes nothing. */
async function passwordCheck(emulator: TestEmulator, domainName: string, login: string, password: string): Promise<string> {
  const res = await fetch(`${emulator.urls.us}/v3/domains/${domainName}/credentials/${login}`, {
    method: "PUT",
    headers: { authorization: `Basic ${Buffer.from(`api:${emulator.apiKey}`).toString("base64")}` },
    body: new URLSearchParams({ password }),
  });
  return `${res.status} ${((await res.json()) as { message: string }).message}`;
}
const SAME = "400 New password cannot be the same as old password.";

/** What the emulator answered, bodies included: the only place outside the provider where a generated password shows. */
const answers: Array<{ method: string; path: string; status: number; body: string }> = [];
function lastGenerated(domainName: string, login: string): string | undefined {
  const generated = answers
    .filter((a) => a.status === 200 && (a.method === "POST" || a.method === "PUT") && a.path.startsWith(`/v3/domains/${domainName}/credentials`))
    .map((a) => (JSON.parse(a.body) as { credentials?: Record<string, string> }).credentials?.[`${login}@${domainName}`])
    .filter((p): p is string => p !== undefined);
  return generated[generated.length - 1];
}

const logins = async (emulator: TestEmulator, d = NAME) => [...((await emulator.state()).us.credentials[d] ?? [])].sort();

describe("DomainCredential through the real Pulumi engine", () => {
  // Passwords come from secret config, as a program would read them, so the state holds no plain copy of its own making.
  const PW1 = { $secret: "relayPassword1" };
  const PW2 = { $secret: "relayPassword2" };
  const initial = [domain, cred("app", { login: "app" }), cred("relay", { login: `Relay@${NAME}`, password: PW1 })];
  const t = useMailgunStack(initial, { emulator: { onExchange: (x) => answers.push(x) }, secrets: { relayPassword1: "relay-pass-1", relayPassword2: "relay-pass-2" } });

  test("generated and given passwords as secrets, login spellings, in-place password change, deletion by hand", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
    const { app, relay } = up.outputs.resources.value;
    expect(app).toMatchObject({ domain: NAME, login: "app", address: `app@${NAME}`, region: "us" });
    expect(app.password).toMatch(GENERATED);
    expect(relay).toMatchObject({ login: "relay", address: `relay@${NAME}`, password: "relay-pass-1" });
    expect(await logins(emulator)).toEqual([`app@${NAME}`, `relay@${NAME}`]);
    // Mailgun holds exactly these passwords: the generated one is the one its answer carried; setting the given one again is refused as unchanged.
    expect(lastGenerated(NAME, "app")).toBe(app.password);
    expect(await passwordCheck(emulator, NAME, "relay", "relay-pass-1")).toBe(SAME);

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });
    // Both passwords are secrets in the state, never plain text; a generated one never becomes a program input.
    const raw = project.rawState();
    const resources = JSON.parse(raw).checkpoint.latest.resources.filter((r: { type: string }) => r.type.endsWith(":DomainCredential"));
    for (const r of resources) expect(r.outputs.password).toHaveProperty("ciphertext");
    expect(resources.find((r: { id: string }) => r.id === `app@${NAME}`).inputs.password).toBeUndefined();
    expect(raw).not.toContain(app.password);
    expect(raw).not.toContain("relay-pass-1");

    // `relay` and `relay@<domain>` are the same credential: no change.
    await project.setResources([domain, cred("app", { login: "app" }), cred("relay", { login: "relay", password: PW1 })]);
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    // A no-op up writes nothing: an unchanged password is never re-sent.
    await emulator.clearRequests();
    await stack.up({ onOutput: log.onOutput });
    expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    // A new password updates in place: one PUT.
    await project.setResources([domain, cred("app", { login: "app" }), cred("relay", { login: "relay", password: PW2 })]);
    await emulator.clearRequests();
    const changed = await stack.up({ onOutput: log.onOutput });
    expect(changed.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /v3/domains/${NAME}/credentials/relay`]);
    expect(await passwordCheck(emulator, NAME, "relay", "relay-pass-2")).toBe(SAME);
    // Leaving the password out later keeps the current one.
    await project.setResources([domain, cred("app", { login: "app" }), cred("relay", { login: "relay" })]);
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });

    // Mailgun never shows passwords: one changed in the dashboard cannot be seen (docs/resources/domain-credential.md).
    expect(await passwordCheck(emulator, NAME, "relay", "changed-by-hand")).toBe("200 Password changed");
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });

    // Deleted by hand: a refreshing preview shows it, refresh drops it, up makes it again with a new generated password.
    await emulator.api("us", "DELETE", `/v3/domains/${NAME}/credentials/app`);
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreated = await stack.up({ onOutput: log.onOutput });
    expect(recreated.summary.resourceChanges).toMatchObject({ create: 1 });
    const again = recreated.outputs.resources.value.app.password;
    expect(again).toMatch(GENERATED);
    expect(again).not.toBe(app.password);
    expect(lastGenerated(NAME, "app")).toBe(again);
    expect(await logins(emulator)).toEqual([`app@${NAME}`, `relay@${NAME}`]);

    await stack.destroy({ onOutput: log.onOutput });
    expect(await logins(emulator)).toEqual([]);
    expect((await emulator.state()).us.domains).toEqual([]);
    for (const secret of [app.password, again, "relay-pass-1", "relay-pass-2"]) expect(log.text).not.toContain(secret);
  }, 600_000);

  test("an existing credential fails with advice; adopt: true takes it over, setting the password or leaving it unknown", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const other = "mg.cred-adopt.example.com";
    await emulator.api("us", "POST", "/v4/domains", { name: other });
    await emulator.api("us", "POST", `/v3/domains/${other}/credentials`, { login: "legacy", password: "legacy-pass-1" });
    await emulator.api("us", "POST", `/v3/domains/${other}/credentials`, { login: "old", password: "old-pass-1" });
    const legacy = (args: Record<string, unknown>): ResourceSpec => ({ kind: "DomainCredential", name: "legacy", args: { domain: other, login: "legacy", ...args } });

    await project.setResources([legacy({ password: "legacy-pass-2" })]);
    const refused = await stack.up().then(() => undefined, (e: Error) => e);
    expect(refused?.message).toMatch(new RegExp(`SMTP credential legacy@${other.replace(/\./g, "\\.")} already exists in region us[\\s\\S]*pulumi-mailgun recover[\\s\\S]*adopt: true`));
    expect(refused?.message).not.toContain("legacy-pass-2");
    // Nothing changed at Mailgun.
    expect(await passwordCheck(emulator, other, "legacy", "legacy-pass-1")).toBe(SAME);

    await project.setResources([legacy({ password: "legacy-pass-2", adopt: true }), { kind: "DomainCredential", name: "old", args: { domain: other, login: `old@${other}`, adopt: true } }]);
    const adopted = await stack.up({ onOutput: log.onOutput });
    expect(adopted.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(await passwordCheck(emulator, other, "legacy", "legacy-pass-2")).toBe(SAME);
    // Adopted without a password: kept at Mailgun, unknown to Pulumi, and said so.
    expect(await passwordCheck(emulator, other, "old", "old-pass-1")).toBe(SAME);
    expect(adopted.outputs.resources.value.old.password).toBeUndefined();
    expect(log.text).toMatch(/adopted SMTP credential old@mg\.cred-adopt\.example\.com: .*password output stays empty/);
    await stack.preview({ expectNoChanges: true });

    await stack.destroy({ onOutput: log.onOutput });
    expect(await logins(emulator, other)).toEqual([]);
  }, 300_000);
});
