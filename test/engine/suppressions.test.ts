import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

/**
 * Bounce, Unsubscribe, Complaint and SuppressionAllowlist through the real Pulumi engine, each
 * through its whole lifecycle in one stack: create, a preview without changes, in-place
 * updates, drift by hand, deletion by hand, destroy. The unsubscribe lives on an EU domain.
 */
const US = "mg.suppress.example.com";
const EU = "mg.suppress-eu.example.com";

const stackOf = (o: { code?: number; error?: string; tags?: string[] } = {}): ResourceSpec[] => [
  { kind: "Bounce", name: "bounce", args: { domain: US, address: "Gone@Example.com", code: o.code ?? 550, error: o.error ?? "mailbox closed" } },
  { kind: "Unsubscribe", name: "unsub", args: { domain: EU, address: "left@example.com", region: "eu", ...(o.tags ? { tags: o.tags } : {}) } },
  { kind: "Complaint", name: "complaint", args: { domain: US, address: "reported@example.com" } },
  { kind: "SuppressionAllowlist", name: "qa", args: { domain: US, allowedDomain: "qa.example.com" } },
];

describe("suppressions through the real Pulumi engine", () => {
  const t = useMailgunStack(stackOf());
  /** Every suppression at the emulator, as `<table>:<domain>` -> entries. */
  const tables = async () => {
    const s = await t.emulator.state();
    return { ...s.us.suppressions, ...s.eu.suppressions } as Record<string, Array<Record<string, unknown>>>;
  };
  const entry = async (table: string, value: string) =>
    (await tables())[table]?.find((e) => e.address === value || e.value === value);
  const writes = async () => (await t.emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.region} ${r.method} ${decodeURIComponent(r.path)}${r.query.tag ? `?tag=${r.query.tag}` : ""}`);

  beforeAll(async () => {
    await t.emulator.api("us", "POST", "/v4/domains", { name: US });
    await t.emulator.api("eu", "POST", "/v4/domains", { name: EU });
  });

  test("create, no-change preview, update in place, drift and deletion by hand, destroy", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    await emulator.clearRequests();
    const up = await stack.up({ onOutput: log.onOutput });
    // Four entries and the stack itself.
    expect(up.summary.resourceChanges).toMatchObject({ create: 5 });
    const { bounce, unsub, complaint, qa } = up.outputs.resources.value;
    expect(bounce).toMatchObject({ domain: US, address: "gone@example.com", code: 550, error: "mailbox closed", region: "us" });
    expect(unsub).toMatchObject({ domain: EU, address: "left@example.com", tags: ["*"], region: "eu" });
    expect(complaint).toMatchObject({ address: "reported@example.com" });
    expect(qa).toMatchObject({ allowedDomain: "qa.example.com" });
    expect(await entry(`bounces:${US}`, "gone@example.com")).toMatchObject({ code: "550", error: "mailbox closed" });
    expect(await entry(`unsubscribes:${EU}`, "left@example.com")).toMatchObject({ tags: ["*"] });
    expect(await entry(`complaints:${US}`, "reported@example.com")).toBeDefined();
    expect(await entry(`whitelists:${US}`, "qa.example.com")).toMatchObject({ type: "domain" });
    // The EU entry went to the EU host only.
    expect((await writes()).sort()).toEqual([
      `eu POST /v3/${EU}/unsubscribes`, `us POST /v3/${US}/bounces`, `us POST /v3/${US}/complaints`, `us POST /v3/${US}/whitelists`,
    ]);

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });
    // Another case of the same address is no change.
    await project.setResources(stackOf().map((s) => (s.kind === "Bounce" ? { ...s, args: { ...s.args, address: "GONE@example.COM" } } : s)));
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });

    // A bounce's code and error, an unsubscribe's tags: in place.
    await project.setResources(stackOf({ code: 554, error: "rejected", tags: ["newsletter", "promo"] }));
    await emulator.clearRequests();
    const changed = await stack.up({ onOutput: log.onOutput });
    expect(changed.summary.resourceChanges).toMatchObject({ update: 2 });
    expect((await writes()).sort()).toEqual([`eu DELETE /v3/${EU}/unsubscribes/left@example.com?tag=*`, `eu POST /v3/${EU}/unsubscribes`, `us POST /v3/${US}/bounces`]);
    expect(await entry(`bounces:${US}`, "gone@example.com")).toMatchObject({ code: "554", error: "rejected" });
    expect((await entry(`unsubscribes:${EU}`, "left@example.com"))?.tags).toEqual(["newsletter", "promo"]);

    // Drift by hand: a bounce's error and an unsubscribe's tags changed; the complaint and the allowlist entry removed.
    await emulator.api("us", "POST", `/v3/${US}/bounces`, { address: "gone@example.com", code: "554", error: "edited by hand" });
    await emulator.api("eu", "POST", `/v3/${EU}/unsubscribes`, { address: "left@example.com", tag: "extra" });
    await emulator.api("us", "DELETE", `/v3/${US}/complaints/reported@example.com`);
    await emulator.api("us", "DELETE", `/v3/${US}/whitelists/qa.example.com`);
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ update: 2, delete: 2 });
    // The refreshed state (stack outputs change only with up).
    const state = async (name: string) => ((await stack.exportStack()).deployment.resources as Array<{ urn: string; outputs: Record<string, unknown> }>).find((r) => r.urn.endsWith(`::${name}`))?.outputs;
    expect(await state("bounce")).toMatchObject({ error: "edited by hand" });
    expect((await state("unsub"))?.tags).toEqual(["extra", "newsletter", "promo"]);
    expect(await state("complaint")).toBeUndefined();
    // up puts everything back as declared.
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ update: 2, create: 2 });
    expect(await entry(`bounces:${US}`, "gone@example.com")).toMatchObject({ error: "rejected" });
    expect((await entry(`unsubscribes:${EU}`, "left@example.com"))?.tags).toEqual(["newsletter", "promo"]);
    expect(await entry(`complaints:${US}`, "reported@example.com")).toBeDefined();
    expect(await entry(`whitelists:${US}`, "qa.example.com")).toBeDefined();
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });

    // Deleted by hand: a refresh drops them, up makes them again.
    await emulator.api("us", "DELETE", `/v3/${US}/bounces/gone@example.com`);
    await emulator.api("eu", "DELETE", `/v3/${EU}/unsubscribes/left@example.com`);
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    expect((await stack.refresh({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ delete: 2 });
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ create: 2 });
    expect(await entry(`bounces:${US}`, "gone@example.com")).toMatchObject({ code: "554" });

    // A new address replaces the entry: the new one is added, the old one removed.
    await project.setResources(stackOf({ code: 554, error: "rejected", tags: ["newsletter", "promo"] }).map((s) => (s.kind === "Complaint" ? { ...s, args: { ...s.args, address: "other@example.com" } } : s)));
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await tables())[`complaints:${US}`].map((e) => e.address)).toEqual(["other@example.com"]);

    // Destroy removes every entry, one of them already removed by hand.
    await emulator.api("us", "DELETE", `/v3/${US}/whitelists/qa.example.com`);
    await stack.destroy({ onOutput: log.onOutput });
    expect(await tables()).toEqual({});
  }, 600_000);

  test("an entry Mailgun recorded is refused without adopt; adopted, it is set as declared and destroy removes it", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    await emulator.api("us", "POST", `/v3/${US}/bounces`, { address: "real@example.com", code: "550", error: "No such mailbox" });
    const bounce = (args: Record<string, unknown>): ResourceSpec[] => [{ kind: "Bounce", name: "real", args: { domain: US, address: "real@example.com", error: "declared", ...args } }];
    await project.setResources(bounce({}));
    const refused = await stack.up().then(() => undefined, (e: Error) => e);
    expect(refused?.message).toMatch(/real@example\.com is already in the bounces of mg\.suppress\.example\.com \(region us\)[\s\S]*set adopt: true on this Bounce/);
    expect(await entry(`bounces:${US}`, "real@example.com")).toMatchObject({ error: "No such mailbox" });

    await project.setResources(bounce({ adopt: true }));
    await stack.up({ onOutput: log.onOutput });
    expect(await entry(`bounces:${US}`, "real@example.com")).toMatchObject({ error: "declared" });
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
    await stack.destroy({ onOutput: log.onOutput });
    expect(await tables()).toEqual({});
  }, 600_000);
});
