import type { Props } from "../../provider/resources/types";
import { calls, laterRun, newRun, previewRefresh, refresh, refusal, up, useEngineSteps, withProgress, writes } from "./engine-runs";

/**
 * What is particular to an ApiKey: user, domain and web keys, each with its own fields; any change
 * is a new key made before the old one goes; a key disabled at Mailgun is replaced; a key left by
 * an interrupted create is found by its marker; rules between fields are checked before any call.
 */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "5000" });
const NAME = "mg.api-key-test.example.com";
const ci = (more: Record<string, unknown> = {}) => ({ role: "developer", description: "ci deploys", ...more });
const sender = { kind: "domain", role: "sending", domainName: NAME };

type Key = { id: string; kind: string; role: string; domain_name: string | null; description: string; is_disabled: boolean; primary: boolean };
const keys = async (): Promise<Key[]> => (await h.emulator.state()).keys.filter((k: Key) => !k.primary);
async function disable(id: string): Promise<void> {
  const res = await fetch(`${h.emulator.urls.us}/_emulator/keys/${id}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ is_disabled: true, disabled_reason: "suspicious activity" }) });
  expect(res.status).toBe(200);
}

test("user and domain keys: each secret is its key's; any change is a new key made before the old one is deleted", async () => {
  await h.emulator.api("us", "POST", "/v4/domains", { name: NAME });
  const first = (await up("ApiKey", "ci", ci())).state;
  const send = (await up("ApiKey", "sender", sender)).state;
  for (const k of [first, send]) {
    expect(k.outs.secret).toMatch(/^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(k.outs.secret.endsWith(k.outs.keyId)).toBe(true);
    expect(k.outs.isDisabled).toBe(false);
  }
  expect(await keys()).toEqual(expect.arrayContaining([
    expect.objectContaining({ id: first.outs.keyId, kind: "user", role: "developer", description: expect.stringMatching(/^ci deploys \[pulumi:[0-9a-f]{12}\]$/) }),
    expect.objectContaining({ id: send.outs.keyId, kind: "domain", role: "sending", domain_name: NAME }),
  ]));

  await h.emulator.clearRequests();
  const rotated = await up("ApiKey", "ci", ci({ description: "ci deploys v2" }), first);
  expect(rotated.diff).toEqual({ changes: true, replaces: ["description"] });
  expect(rotated.state.outs.keyId).not.toBe(first.outs.keyId);
  expect(calls(writes(await h.emulator.requests()))).toEqual(["POST /v1/keys", `DELETE /v1/keys/${first.outs.keyId}`]);
  expect((await keys()).map((k) => k.id).sort()).toEqual([rotated.state.outs.keyId, send.outs.keyId].sort());
});

test("a key disabled in the dashboard is drift; up --refresh replaces it with a working key", async () => {
  const second = (await up("ApiKey", "ci", ci())).state;
  await disable(second.outs.keyId);
  expect(await previewRefresh(laterRun(second), ci())).toMatchObject({ changes: true, replaces: ["isDisabled"] });
  const refreshed = (await refresh(laterRun(second)))!;
  expect(refreshed.outs.isDisabled).toBe(true);
  const replaced = await up("ApiKey", "ci", ci(), refreshed);
  expect(replaced.step).toBe("replace");
  const third = replaced.state.outs;
  expect(third.keyId).not.toBe(second.outs.keyId);
  expect(third.isDisabled).toBe(false);
  expect((await keys()).find((k) => k.id === second.outs.keyId)).toBeUndefined();
  expect((await previewRefresh(laterRun(replaced.state), ci()))?.changes).toBe(false);
});

test("a web key: user fields sent, expiry set, quiet on refresh; a key left by an interrupted create is deleted, not duplicated", async () => {
  const web = { kind: "web", role: "basic", email: "jane@example.com", userId: "u-42", userName: "Jane", expiration: 3600 };
  const { state } = await up("ApiKey", "support", web);
  const made = (await h.emulator.state()).keys.find((k: Key) => k.id === state.outs.keyId);
  expect(made).toMatchObject({ kind: "web", role: "basic", expires_at: expect.any(String) });
  // Mailgun never shows user_id: the one set at creation is kept.
  expect((await previewRefresh(laterRun(state), web))?.changes).toBe(false);
  const description: string = made.description;
  newRun();
  await h.emulator.api("us", "DELETE", `/v1/keys/${state.outs.keyId}`);

  // What an interrupted create leaves: a key with this resource's marker whose secret nobody saw.
  await h.emulator.api("us", "POST", "/v1/keys", { role: "basic", kind: "web", email: "jane@example.com", user_id: "u-42", description });
  expect((await keys()).map((k) => k.description)).toEqual([description]);
  const { result: { state: again }, lines } = await withProgress(() => up("ApiKey", "support", web));
  expect((await keys()).map((k) => k.id)).toEqual([again.outs.keyId]);
  expect(lines).toMatch(/deleting API key \S+: an interrupted create left it behind/);
});

test("rules between fields are refused by check, naming each field, with no API call", async () => {
  const failures = async (args: Props) => {
    await h.emulator.clearRequests();
    const message = await refusal("ApiKey", "bad", args);
    expect(await h.emulator.requests()).toEqual([]);
    return message;
  };
  const userKey = await failures({ role: "sending", domainName: "mg.example.com", email: "a@example.com", userId: "u1" });
  expect(userKey).toMatch(/\[role\] role "sending" is only for kind "domain" keys/);
  expect(userKey).toMatch(/\[domainName\] domainName applies only to kind "domain" keys/);
  expect(userKey).toMatch(/\[email\] email applies only to kind "web" keys/);
  expect(userKey).toMatch(/\[userId\] userId applies only to kind "web" keys/);
  const webKey = await failures({ kind: "web", role: "admin", expiration: 172_800 });
  expect(webKey).toMatch(/\[email\] email is required for kind "web" keys/);
  expect(webKey).toMatch(/\[userId\] userId is required for kind "web" keys/);
  expect(webKey).toMatch(/\[expiration\] expiration of a kind "web" key is at most 86400 seconds/);
  const domainKey = await failures({ kind: "domain", role: "developer" });
  expect(domainKey).toMatch(/\[role\] kind "domain" keys are domain sending keys: set role: "sending"/);
  expect(domainKey).toMatch(/\[domainName\] domainName is required for kind "domain"/);
});
