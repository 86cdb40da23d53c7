import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const NAME = "mg.api-key-test.example.com";
const domain: ResourceSpec = { kind: "Domain", name: "d", args: { name: NAME } };
const ci = (args: Record<string, unknown> = {}): ResourceSpec => ({ kind: "ApiKey", name: "ci", args: { role: "developer", description: "ci deploys", ...args } });
const sender: ResourceSpec = { kind: "ApiKey", name: "sender", args: { kind: "domain", role: "sending", domainName: { $ref: "d.name" } } };

type Key = { id: string; kind: string; role: string; domain_name: string | null; description: string; is_disabled: boolean; primary: boolean };

describe("ApiKey through the real Pulumi engine", () => {
  const t = useMailgunStack([domain, ci(), sender]);
  const keys = async (): Promise<Key[]> => (await t.emulator.state()).keys.filter((k: Key) => !k.primary);
  const disable = async (id: string) => {
    const res = await fetch(`${t.emulator.urls.us}/_emulator/keys/${id}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ is_disabled: true, disabled_reason: "suspicious activity" }) });
    expect(res.status).toBe(200);
  };

  test("user and domain keys: secrets kept secret, any change rotates create-before-delete, disabled and deleted keys noticed", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    const first = up.outputs.resources.value.ci;
    const send = up.outputs.resources.value.sender;
    for (const k of [first, send]) {
      expect(k.secret).toMatch(/^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/);
      expect(k.secret.endsWith(k.keyId)).toBe(true);
      expect(k.isDisabled).toBe(false);
    }
    expect(await keys()).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: first.keyId, kind: "user", role: "developer", description: expect.stringMatching(/^ci deploys \[pulumi:[0-9a-f]{12}\]$/) }),
      expect.objectContaining({ id: send.keyId, kind: "domain", role: "sending", domain_name: NAME }),
    ]));

    await stack.preview({ expectNoChanges: true });
    await stack.refresh({ expectNoChanges: true });
    const state = project.rawState();
    const stored = JSON.parse(state).checkpoint.latest.resources.filter((r: { type: string }) => r.type.endsWith(":ApiKey"));
    expect(stored).toHaveLength(2);
    for (const r of stored) expect(r.outputs.secret).toHaveProperty("ciphertext");
    for (const s of [first.secret, send.secret, emulator.apiKey]) expect(state).not.toContain(s);

    // Any change is a new key: the description here; created before the old one is deleted.
    await emulator.clearRequests();
    await project.setResources([domain, ci({ description: "ci deploys v2" }), sender]);
    const rotate = await stack.up({ onOutput: log.onOutput });
    expect(rotate.summary.resourceChanges).toMatchObject({ replace: 1 });
    const second = rotate.outputs.resources.value.ci;
    expect(second.keyId).not.toBe(first.keyId);
    expect((await keys()).map((k) => k.id).sort()).toEqual([second.keyId, send.keyId].sort());
    const requests = await emulator.requests();
    const createAt = requests.findIndex((r) => r.method === "POST" && r.path === "/v1/keys");
    expect(createAt).toBeGreaterThanOrEqual(0);
    expect(requests.findIndex((r) => r.method === "DELETE" && r.path === `/v1/keys/${first.keyId}`)).toBeGreaterThan(createAt);

    // Disabled in the dashboard: refresh shows it, up replaces the key with a working one.
    await disable(second.keyId);
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const replaced = await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(replaced.summary.resourceChanges).toMatchObject({ replace: 1 });
    const third = replaced.outputs.resources.value.ci;
    expect(third.keyId).not.toBe(second.keyId);
    expect(third.isDisabled).toBe(false);
    expect((await keys()).find((k) => k.id === second.keyId)).toBeUndefined();
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Deleted in the dashboard: refresh drops it, up makes a new one.
    await emulator.api("us", "DELETE", `/v1/keys/${send.keyId}`);
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await keys()).filter((k) => k.kind === "domain")).toHaveLength(1);

    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toMatchObject({ keys: 0, us: { domains: 0 } });
    for (const s of [first.secret, second.secret, third.secret, send.secret]) expect(log.text).not.toContain(s);
  }, 600_000);

  test("a web key: user fields sent, user id kept from creation; a key left by an interrupted create is deleted, not duplicated", async () => {
    const { emulator, project } = t;
    const { stack } = project;
    const web: ResourceSpec = { kind: "ApiKey", name: "support", args: { kind: "web", role: "basic", email: "jane@example.com", userId: "u-42", userName: "Jane", expiration: 3600 } };
    await project.setResources([web]);
    const up = await stack.up();
    const made = (await emulator.state()).keys.find((k: Key) => k.id === up.outputs.resources.value.support.keyId);
    expect(made).toMatchObject({ kind: "web", role: "basic", expires_at: expect.any(String) });
    await stack.preview({ refresh: true, expectNoChanges: true });
    const description: string = made.description;
    await stack.destroy();

    // What an interrupted create leaves: a key with this resource's marker whose secret nobody saw.
    await emulator.api("us", "POST", "/v1/keys", { role: "basic", kind: "web", email: "jane@example.com", user_id: "u-42", description });
    expect((await keys()).map((k) => k.description)).toEqual([description]);
    const again = await stack.up();
    expect((await keys()).map((k) => k.id)).toEqual([again.outputs.resources.value.support.keyId]);
    await stack.destroy();
    expect(await objectCounts(emulator)).toMatchObject({ keys: 0 });
  }, 300_000);

  test("rules between fields fail at preview, naming each field, with no API call", async () => {
    const { emulator, project } = t;
    const failures = async (args: Record<string, unknown>) => {
      await project.setResources([{ kind: "ApiKey", name: "bad", args }]);
      await emulator.clearRequests();
      const err = await project.stack.preview().then(() => undefined, (e: Error) => e);
      expect(await emulator.requests()).toEqual([]);
      return err?.message ?? "(preview passed)";
    };
    const userKey = await failures({ role: "sending", domainName: "mg.example.com", email: "a@example.com", userId: "u1" });
    expect(userKey).toMatch(/ApiKey: \[role\] role "sending" is only for kind "domain" keys/);
    expect(userKey).toMatch(/ApiKey: \[domainName\] domainName applies only to kind "domain" keys/);
    expect(userKey).toMatch(/ApiKey: \[email\] email applies only to kind "web" keys/);
    expect(userKey).toMatch(/ApiKey: \[userId\] userId applies only to kind "web" keys/);
    const webKey = await failures({ kind: "web", role: "admin", expiration: 172_800 });
    expect(webKey).toMatch(/ApiKey: \[email\] email is required for kind "web" keys/);
    expect(webKey).toMatch(/ApiKey: \[userId\] userId is required for kind "web" keys/);
    expect(webKey).toMatch(/ApiKey: \[expiration\] expiration of a kind "web" key is at most 86400 seconds/);
    const domainKey = await failures({ kind: "domain", role: "developer" });
    expect(domainKey).toMatch(/ApiKey: \[role\] kind "domain" keys are domain sending keys: set role: "sending"/);
    expect(domainKey).toMatch(/ApiKey: \[domainName\] domainName is required for kind "domain"/);
  }, 180_000);
});
