import { calls, newRun, up, useEngineSteps, withProgress, writes } from "./engine-runs";

/**
 * What is particular to a SendingKey: Mailgun shows its secret once and has no update, so every
 * change is a new key made before the old one goes, and a key left by an interrupted create is
 * found by the marker in its description.
 */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "5000" });
const NAME = "mg.key-test.example.com";
const key = (more: Record<string, unknown> = {}) => ({ domain: NAME, description: "app servers", ...more });
type Key = { id: string; domain_name: string; description: string; kind: string; role: string };
const domainKeys = async (): Promise<Key[]> => (await h.emulator.state()).keys.filter((k: Key) => k.domain_name === NAME);
beforeEach(() => h.emulator.api("us", "POST", "/v4/domains", { name: NAME }));

test("the secret is the new key's, its description carries the marker; a rotation is a new key made before the old one is deleted", async () => {
  const { state: first } = await up("SendingKey", "app", key());
  expect(first.outs.secret).toMatch(/^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  expect(first.outs.secret.endsWith(first.outs.keyId)).toBe(true);
  expect(await domainKeys()).toEqual([expect.objectContaining({ id: first.outs.keyId, kind: "domain", role: "sending" })]);
  // Mailgun keeps our description, with the marker that finds leftovers of interrupted creates.
  expect((await domainKeys())[0].description).toMatch(/^app servers \[pulumi:[0-9a-f]{12}\]$/);

  await h.emulator.clearRequests();
  const rotated = await up("SendingKey", "app", key({ rotation: "2026-11" }), first);
  // No deleteBeforeReplace: the engine may (and does, see engine-steps) make the new key first.
  expect(rotated.diff).toEqual({ changes: true, replaces: ["rotation"] });
  expect(rotated.state.outs.keyId).not.toBe(first.outs.keyId);
  expect(calls(writes(await h.emulator.requests()))).toEqual(["POST /v1/keys", `DELETE /v1/keys/${first.outs.keyId}`]);
  expect((await domainKeys()).map((k) => k.id)).toEqual([rotated.state.outs.keyId]);
});

test("a key left behind by an interrupted create is deleted, not duplicated", async () => {
  const { state: made } = await up("SendingKey", "app", key({ description: "leftover" }));
  const { description } = (await domainKeys())[0];
  await h.emulator.api("us", "DELETE", `/v1/keys/${made.outs.keyId}`);
  // What an interrupted create leaves: a key with this resource's marker whose secret nobody saw.
  await h.emulator.api("us", "POST", "/v1/keys", { role: "sending", kind: "domain", domain_name: NAME, description });
  expect(await domainKeys()).toHaveLength(1);
  newRun();
  const { result: { state }, lines } = await withProgress(() => up("SendingKey", "app", key({ description: "leftover" })));
  expect(await domainKeys()).toEqual([expect.objectContaining({ id: state.outs.keyId })]);
  expect(lines).toMatch(/deleting sending key \S+ of mg\.key-test\.example\.com: an interrupted create left it behind/);
});
