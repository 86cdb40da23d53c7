import { checked, useHandlerEmulator } from "../../testkit/handler-harness";
import { dkimKeyHandler, DkimKeyInputs, DkimKeyOutputs } from "../../provider/resources/dkim-key";
import { TestEmulator } from "../../testkit/emulator";

/**
 * The DkimKey handler called directly against the emulator: the calls each operation makes, a
 * signing domain too new to be seen yet or in the other region, a write answered with a 5xx,
 * and the domain deleted under the key.
 */
const harness = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "4000", "mailgun:maxRetries": "20" });
let emulator: TestEmulator;
beforeAll(() => {
  emulator = harness.emulator;
});

let n = 0;
const calls = async () => (await emulator.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
const inputs = (domain: string, args: Record<string, unknown> = {}) =>
  checked<DkimKeyInputs>(dkimKeyHandler, { signingDomain: domain, selector: "s1", ...args });
const keysOf = async (domain: string) =>
  (await emulator.state()).us.domains.find((d: { name: string }) => d.name === domain)?.dkim_keys.map((k: { selector: string; active: boolean }) => `${k.selector}:${k.active}`);

test("create with active: true is a POST and an activate; a no-change read is one listing; delete is one DELETE", async () => {
  const domain = `mg${++n}.dkim-handler.example.com`;
  await emulator.api("us", "POST", "/v4/domains", { name: domain });
  await emulator.clearRequests();
  const i = await inputs(domain, { active: true });
  const { id, outs } = await dkimKeyHandler.create(i);
  expect(id).toBe(`${domain}/s1`);
  expect(outs).toMatchObject({ active: true, dnsRecord: { type: "TXT", name: `s1._domainkey.${domain}` } });
  expect(await calls()).toEqual(["POST /v1/dkim/keys 200", `PUT /v4/domains/${domain}/keys/s1/activate 200`]);
  await emulator.clearRequests();
  const read = await dkimKeyHandler.read(id, { ...outs, writtenAt: undefined });
  expect(read.props).toMatchObject({ active: true });
  expect(read.inputs).toEqual({ signingDomain: domain, selector: "s1", active: true, region: "us" });
  expect(await calls()).toEqual([`GET /v4/domains/${domain}/keys 200`]);
  // Another key activates first, so this one is not the domain's last active key.
  await emulator.api("us", "POST", "/v1/dkim/keys", { signing_domain: domain, selector: "s2" });
  await emulator.api("us", "PUT", `/v4/domains/${domain}/keys/s2/activate`);
  await emulator.clearRequests();
  await dkimKeyHandler.delete(id, outs as DkimKeyOutputs);
  expect(await calls()).toEqual(["DELETE /v1/dkim/keys 200"]);
  expect(await keysOf(domain)).toEqual(["k1:false", "s2:true"]);
});

test("a signing domain Mailgun does not show yet is waited for; one in the other region is named", async () => {
  const domain = `mg${++n}.dkim-handler.example.com`;
  await emulator.setKnobs({ consistencyDelayMs: 1500 } as never);
  await emulator.api("us", "POST", "/v4/domains", { name: domain });
  const { outs } = await dkimKeyHandler.create(await inputs(domain));
  expect(outs.signingDomain).toBe(domain);
  await emulator.setKnobs({ consistencyDelayMs: 0 } as never);
  expect(await keysOf(domain)).toEqual(["k1:false", "s1:false"]);

  const eu = `mg${++n}.dkim-handler.example.com`;
  await emulator.api("eu", "POST", "/v4/domains", { name: eu });
  await expect(dkimKeyHandler.create(await inputs(eu))).rejects.toThrow(`signing domain ${eu} is in region eu, not us. Set region: "eu" on this DkimKey.`);
  await expect(dkimKeyHandler.create(await inputs(`mg${++n}.nowhere.example.com`))).rejects.toThrow(/is not a Mailgun domain in region us .*Create the domain first/);
});

test("a POST applied but answered with a 5xx: the key it made is found, not made twice nor refused as a duplicate", async () => {
  const domain = `mg${++n}.dkim-handler.example.com`;
  await emulator.api("us", "POST", "/v4/domains", { name: domain });
  await emulator.clearRequests();
  // Seeded faults: the POST is applied and then answered 5xx; the lookup and any retry are answered normally.
  await emulator.setKnobs({ faults: { errorRate: 1, dropRate: 0, afterWriteShare: 1, seed: 7 } } as never);
  const created = dkimKeyHandler.create(await inputs(domain, { bits: 2048 }));
  // Heal as soon as the faulted POST is logged: the lookup that follows sees the key.
  for (let i = 0; i < 200 && !(await emulator.requests()).some((r) => r.method === "POST" && r.fault === "error"); i++) await new Promise((r) => setTimeout(r, 5));
  await emulator.setKnobs({ faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 } } as never);
  const { outs } = await created;
  expect(outs.keySize).toBe(2048);
  expect(await keysOf(domain)).toEqual(["k1:false", "s1:false"]);
  const log = await emulator.requests();
  const posts = log.filter((r) => r.method === "POST");
  expect(posts.map((r) => r.applied)).toEqual([true]);
  expect(posts[0].status).toBeGreaterThanOrEqual(500);
  // The lookup after the ambiguous answer found the key.
  expect(log.filter((r) => r.seq > posts[0].seq).map((r) => `${r.method} ${r.path} ${r.status}`)).toContain(`GET /v4/domains/${domain}/keys 200`);
});

test("the only active key: a delete no resource of the run objects to keeps it for the domain; the domain deleted under the key: read finds it gone", async () => {
  const domain = `mg${++n}.dkim-handler.example.com`;
  await emulator.api("us", "POST", "/v4/domains", { name: domain });
  const { id, outs } = await dkimKeyHandler.create(await inputs(domain, { active: true }));
  // No Domain of this run keeps the domain (a destroy): kept for the domain's delete (the refusal: test/handlers/dkim-key.test.ts).
  await expect(dkimKeyHandler.delete(id, outs)).resolves.toBeUndefined();
  expect(await keysOf(domain)).toEqual(["k1:false", "s1:true"]);
  await emulator.api("us", "DELETE", `/v3/domains/${domain}`);
  expect(await dkimKeyHandler.read(id, { ...outs, writtenAt: undefined })).toEqual({});
  // Deleting a key whose domain is gone is done.
  await expect(dkimKeyHandler.delete(id, outs)).resolves.toBeUndefined();
});
