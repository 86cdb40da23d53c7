import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const NAME = "mg.key-test.example.com";
const domain: ResourceSpec = { kind: "Domain", name: "d", args: { name: NAME } };
const key = (args: Record<string, unknown> = {}): ResourceSpec => ({ kind: "SendingKey", name: "app", args: { domain: { $ref: "d.name" }, description: "app servers", ...args } });

describe("SendingKey through the real Pulumi engine", () => {
  const t = useMailgunStack([domain, key()]);
  const domainKeys = async () => (await t.emulator.state()).keys.filter((k: { domain_name: string }) => k.domain_name === NAME);

  test("secret kept as a Pulumi secret, rotation creates before deleting, deletion detected", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    const first = up.outputs.resources.value.app;
    expect(first.secret).toMatch(/^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(first.secret.endsWith(first.keyId)).toBe(true);
    expect(await domainKeys()).toEqual([expect.objectContaining({ id: first.keyId, kind: "domain", role: "sending" })]);
    // Mailgun keeps our description, with the marker that finds leftovers of interrupted creates.
    expect((await domainKeys())[0].description).toMatch(/^app servers \[pulumi:[0-9a-f]{12}\]$/);

    await stack.preview({ expectNoChanges: true });
    await stack.refresh({ expectNoChanges: true });
    // In the state file the secret is encrypted (additionalSecretOutputs), never plain text.
    const deployment = project.rawState();
    expect(JSON.parse(deployment).checkpoint.latest.resources.find((r: { type: string }) => r.type.endsWith(":SendingKey")).outputs.secret).toHaveProperty("ciphertext");
    expect(deployment).not.toContain(first.secret);
    expect(deployment).not.toContain(emulator.apiKey);

    // Rotation: a new key, created before the old one is deleted.
    await project.setResources([domain, key({ rotation: "2026-11" })]);
    const rotate = await stack.up({ onOutput: log.onOutput });
    expect(rotate.summary.resourceChanges).toMatchObject({ replace: 1 });
    const second = rotate.outputs.resources.value.app;
    expect(second.keyId).not.toBe(first.keyId);
    expect((await domainKeys()).map((k: { id: string }) => k.id)).toEqual([second.keyId]);
    const log2 = await emulator.requests();
    const createAt = log2.findIndex((r) => r.method === "POST" && r.path === "/v1/keys");
    const deleteAt = log2.findIndex((r) => r.method === "DELETE" && r.path === `/v1/keys/${first.keyId}`);
    expect(createAt).toBeGreaterThanOrEqual(0);
    expect(deleteAt).toBeGreaterThan(createAt);

    // Deleted in the dashboard: refresh drops it, up makes a new one.
    await emulator.api("us", "DELETE", `/v1/keys/${second.keyId}`);
    const refreshed = await stack.refresh();
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await domainKeys()).toHaveLength(1);

    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toMatchObject({ keys: 0, us: { domains: 0 } });
    expect(log.text).not.toContain(first.secret);
  }, 600_000);

  test("a key left behind by an interrupted create is deleted, not duplicated", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    await project.setResources([domain]);
    await stack.up();
    // What an interrupted create leaves: a key with this resource's marker whose secret nobody saw.
    await project.setResources([domain, key({ description: "leftover" })]);
    await stack.up();
    const keep = (await domainKeys())[0];
    await stack.destroy();
    await project.setResources([domain]);
    await stack.up();
    await emulator.api("us", "POST", "/v1/keys", { role: "sending", kind: "domain", domain_name: NAME, description: keep.description });
    expect(await domainKeys()).toHaveLength(1);
    await project.setResources([domain, key({ description: "leftover" })]);
    const up = await stack.up();
    const keys = await domainKeys();
    expect(keys).toEqual([expect.objectContaining({ id: up.outputs.resources.value.app.keyId })]);
    await stack.destroy();
  }, 300_000);
});
