import { useHandlerEmulator } from "../../testkit/handler-harness";
import { Decl, newRun, plan, refreshAll, up, upAll, writes, destroy } from "./engine-steps";

/**
 * What is particular to Bounce, Unsubscribe, Complaint and SuppressionAllowlist, as the provider
 * runs them: addresses in any case, a bounce's code and error and an unsubscribe's tags in
 * place, drift of those by hand, an EU domain's entry only on the EU host, and an entry Mailgun
 * recorded refused without adopt. The generic lifecycle is in battery.test.ts.
 */
const t = useHandlerEmulator({});
const US = "mg.suppress.example.com";
const EU = "mg.suppress-eu.example.com";

const declared = (o: { code?: number; error?: string; tags?: string[]; bounceAddress?: string; complaintAddress?: string } = {}): Decl[] => [
  { kind: "Bounce", name: "bounce", args: { domain: US, address: o.bounceAddress ?? "Gone@Example.com", code: o.code ?? 550, error: o.error ?? "mailbox closed" } },
  { kind: "Unsubscribe", name: "unsub", args: { domain: EU, address: "left@example.com", region: "eu", ...(o.tags ? { tags: o.tags } : {}) } },
  { kind: "Complaint", name: "complaint", args: { domain: US, address: o.complaintAddress ?? "reported@example.com" } },
  { kind: "SuppressionAllowlist", name: "qa", args: { domain: US, allowedDomain: "qa.example.com" } },
];

const tables = async () => {
  const s = await t.emulator.state();
  return { ...s.us.suppressions, ...s.eu.suppressions } as Record<string, Array<Record<string, unknown>>>;
};
const entry = async (table: string, value: string) => (await tables())[table]?.find((e) => e.address === value || e.value === value);

beforeEach(async () => {
  await t.emulator.api("us", "POST", "/v4/domains", { name: US });
  await t.emulator.api("eu", "POST", "/v4/domains", { name: EU });
  await t.emulator.clearRequests();
});

test("each entry written to its own region's host; an address in another case is no change", async () => {
  const { held } = await upAll(declared());
  expect(held.bounce.outs).toMatchObject({ domain: US, address: "gone@example.com", code: 550, error: "mailbox closed", region: "us" });
  expect(held.unsub.outs).toMatchObject({ domain: EU, address: "left@example.com", tags: ["*"], region: "eu" });
  expect(held.complaint.outs).toMatchObject({ address: "reported@example.com" });
  expect(held.qa.outs).toMatchObject({ allowedDomain: "qa.example.com" });
  expect(await entry(`bounces:${US}`, "gone@example.com")).toMatchObject({ code: "550", error: "mailbox closed" });
  expect(await entry(`unsubscribes:${EU}`, "left@example.com")).toMatchObject({ tags: ["*"] });
  expect(await entry(`complaints:${US}`, "reported@example.com")).toBeDefined();
  expect(await entry(`whitelists:${US}`, "qa.example.com")).toMatchObject({ type: "domain" });
  expect((await writes(t.emulator)).sort()).toEqual([
    `eu POST /v3/${EU}/unsubscribes`, `us POST /v3/${US}/bounces`, `us POST /v3/${US}/complaints`, `us POST /v3/${US}/whitelists`,
  ]);

  const read = await refreshAll(held);
  await t.emulator.clearRequests();
  const again = await upAll(declared({ bounceAddress: "GONE@example.COM" }), read);
  expect(again.steps).toEqual({ bounce: "same", unsub: "same", complaint: "same", qa: "same" });
  expect(await writes(t.emulator)).toEqual([]);
});

test("a bounce's code and error and an unsubscribe's tags change in place: exactly these writes", async () => {
  const first = await upAll(declared());
  await t.emulator.clearRequests();
  const changed = await upAll(declared({ code: 554, error: "rejected", tags: ["newsletter", "promo"] }), first.held);
  expect(changed.steps).toEqual({ bounce: "update", unsub: "update", complaint: "same", qa: "same" });
  expect((await writes(t.emulator)).sort()).toEqual([`eu DELETE /v3/${EU}/unsubscribes/left@example.com?tag=*`, `eu POST /v3/${EU}/unsubscribes`, `us POST /v3/${US}/bounces`]);
  expect(await entry(`bounces:${US}`, "gone@example.com")).toMatchObject({ code: "554", error: "rejected" });
  expect((await entry(`unsubscribes:${EU}`, "left@example.com"))?.tags).toEqual(["newsletter", "promo"]);
});

test("drift by hand: an edited error and an added tag read back, removed entries read as gone; up puts all back", async () => {
  const program = declared({ code: 554, error: "rejected", tags: ["newsletter", "promo"] });
  const first = await upAll(program);
  await t.emulator.api("us", "POST", `/v3/${US}/bounces`, { address: "gone@example.com", code: "554", error: "edited by hand" });
  await t.emulator.api("eu", "POST", `/v3/${EU}/unsubscribes`, { address: "left@example.com", tag: "extra" });
  await t.emulator.api("us", "DELETE", `/v3/${US}/complaints/reported@example.com`);
  await t.emulator.api("us", "DELETE", `/v3/${US}/whitelists/qa.example.com`);

  const read = await refreshAll(first.held);
  expect(read.bounce?.outs).toMatchObject({ error: "edited by hand" });
  expect(read.unsub?.outs.tags).toEqual(["extra", "newsletter", "promo"]);
  expect(read.complaint).toBeUndefined();
  expect(read.qa).toBeUndefined();
  const repaired = await upAll(program, read);
  expect(repaired.steps).toEqual({ bounce: "update", unsub: "update", complaint: "create", qa: "create" });
  expect(await entry(`bounces:${US}`, "gone@example.com")).toMatchObject({ error: "rejected" });
  expect((await entry(`unsubscribes:${EU}`, "left@example.com"))?.tags).toEqual(["newsletter", "promo"]);
  expect(await entry(`complaints:${US}`, "reported@example.com")).toBeDefined();
  expect(await entry(`whitelists:${US}`, "qa.example.com")).toBeDefined();
  const after = await refreshAll(repaired.held);
  for (const d of program) expect(await plan(d.kind, d.name, d.args, after[d.name]!)).toBe("same");

  // A new address replaces the entry; destroy removes every entry, one of them already removed by hand.
  const moved = await upAll(declared({ code: 554, error: "rejected", tags: ["newsletter", "promo"], complaintAddress: "other@example.com" }), repaired.held);
  expect(moved.steps.complaint).toBe("replace");
  expect((await tables())[`complaints:${US}`].map((e) => e.address)).toEqual(["other@example.com"]);
  await t.emulator.api("us", "DELETE", `/v3/${US}/whitelists/qa.example.com`);
  newRun();
  for (const h of Object.values(moved.held)) await destroy(h);
  expect(await tables()).toEqual({});
});

test("an entry Mailgun recorded is refused without adopt, untouched; adopted, it is set as declared", async () => {
  await t.emulator.api("us", "POST", `/v3/${US}/bounces`, { address: "real@example.com", code: "550", error: "No such mailbox" });
  await t.emulator.clearRequests();
  const args = { domain: US, address: "real@example.com", error: "declared" };
  const refused = await up("Bounce", "real", args).then(() => undefined, (e: Error) => e);
  expect(refused?.message).toMatch(/real@example\.com is already in the bounces of mg\.suppress\.example\.com \(region us\)[\s\S]*set adopt: true on this Bounce/);
  expect(await writes(t.emulator)).toEqual([]);
  expect(await entry(`bounces:${US}`, "real@example.com")).toMatchObject({ error: "No such mailbox" });

  const adopted = (await up("Bounce", "real", { ...args, adopt: true })).held;
  expect(await entry(`bounces:${US}`, "real@example.com")).toMatchObject({ error: "declared" });
  const read = await refreshAll({ real: adopted });
  expect(await plan("Bounce", "real", { ...args, adopt: true }, read.real!)).toBe("same");
  newRun();
  await destroy(adopted);
  expect(await tables()).toEqual({});
});
