import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const entry = (name: string, args: Record<string, unknown>): ResourceSpec => ({ kind: "IpAllowlistEntry", name, args });
const MARKER = /\[pulumi:[0-9a-f]{12}\]$/;

describe("IpAllowlistEntry through the real Pulumi engine", () => {
  // The provider's region is eu: the account-wide list is then read and written through the EU host.
  const t = useMailgunStack([entry("office", { address: "203.0.113.0/24", description: "office" }), entry("runner", { address: "2001:DB8:0::7" })], { region: "eu" });
  // Sorted by address: the stack's creates run in parallel, so Mailgun's (insertion) order varies.
  const listed = async () => ((await t.emulator.state()).ipAllowlist as Array<{ ip_address: string; description: string }>).sort((a, b) => a.ip_address.localeCompare(b.ip_address));
  const description = async (address: string) => (await listed()).find((e) => e.ip_address === address)?.description;

  test("canonical addresses, in-place description, drift and deletion by hand, replace, destroy", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    await emulator.clearRequests();
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
    const { office, runner } = up.outputs.resources.value;
    expect(office).toMatchObject({ address: "203.0.113.0/24", description: "office" });
    expect(runner).toMatchObject({ address: "2001:db8::7", description: "" });
    // At Mailgun the description carries the resource's marker; outputs never show it.
    expect(await listed()).toEqual([
      { ip_address: "2001:db8::7", description: expect.stringMatching(/^\[pulumi:[0-9a-f]{12}\]$/) },
      { ip_address: "203.0.113.0/24", description: expect.stringMatching(/^office \[pulumi:[0-9a-f]{12}\]$/) },
    ]);
    expect((await emulator.requests()).filter((r) => r.path === "/v2/ip_whitelist").map((r) => r.region)).toEqual(["eu", "eu"]);

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });
    // Another spelling of the same address is no change.
    await project.setResources([entry("office", { address: "203.0.113.0/24", description: "office" }), entry("runner", { address: "2001:db8:0:0:0::7" })]);
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });

    // The description updates in place: one PUT.
    await project.setResources([entry("office", { address: "203.0.113.0/24", description: "head office" }), entry("runner", { address: "2001:db8::7" })]);
    await emulator.clearRequests();
    const changed = await stack.up({ onOutput: log.onOutput });
    expect(changed.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual(["PUT /v2/ip_whitelist"]);
    expect(await description("203.0.113.0/24")).toMatch(/^head office \[pulumi:/);

    // Drift: the description changed in the dashboard shows, and up --refresh puts it back.
    await emulator.api("us", "PUT", "/v2/ip_whitelist", { address: "203.0.113.0/24", description: "edited by hand" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(await description("203.0.113.0/24")).toMatch(/^head office \[pulumi:/);
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Deleted by hand: shown, dropped by refresh, made again by up.
    await emulator.api("eu", "DELETE", "/v2/ip_whitelist?address=2001:db8::7");
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    expect((await stack.refresh({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ delete: 1 });
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await listed()).map((e) => e.ip_address)).toEqual(["2001:db8::7", "203.0.113.0/24"]);

    // A new address replaces the entry: the new one is added, the old one removed.
    await project.setResources([entry("office", { address: "198.51.100.0/24", description: "head office" }), entry("runner", { address: "2001:db8::7" })]);
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await listed()).map((e) => e.ip_address)).toEqual(["198.51.100.0/24", "2001:db8::7"]);

    await stack.destroy({ onOutput: log.onOutput });
    expect(await listed()).toEqual([]);
  }, 600_000);

  test("its own entry left by an interrupted create is taken back; someone else's needs adopt", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    await project.setResources([entry("office", { address: "203.0.113.0/24", description: "office" })]);
    await stack.up({ onOutput: log.onOutput });
    const mine = (await listed())[0].description;
    expect(mine).toMatch(MARKER);
    // What a killed create leaves behind: the entry, with this resource's marker, unknown to the stack.
    await project.setResources([]);
    await stack.up({ onOutput: log.onOutput });
    await emulator.api("us", "POST", "/v2/ip_whitelist", { address: "203.0.113.0/24", description: mine });
    await emulator.api("us", "POST", "/v2/ip_whitelist", { address: "192.0.2.10", description: "someone's" });

    await project.setResources([entry("office", { address: "203.0.113.0/24", description: "office" })]);
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await listed()).toEqual([{ ip_address: "192.0.2.10", description: "someone's" }, { ip_address: "203.0.113.0/24", description: mine }]);

    await project.setResources([entry("office", { address: "203.0.113.0/24", description: "office" }), entry("theirs", { address: "192.0.2.10", description: "now ours" })]);
    const refused = await stack.up().then(() => undefined, (e: Error) => e);
    expect(refused?.message).toMatch(/192\.0\.2\.10 is already on the account's IP allowlist \(description "someone's"\)[\s\S]*adopt: true/);
    expect(await description("192.0.2.10")).toBe("someone's");
    await project.setResources([entry("office", { address: "203.0.113.0/24", description: "office" }), entry("theirs", { address: "192.0.2.10", description: "now ours", adopt: true })]);
    await stack.up({ onOutput: log.onOutput });
    expect(await description("192.0.2.10")).toMatch(/^now ours \[pulumi:/);
    await stack.preview({ refresh: true, expectNoChanges: true });

    await stack.destroy({ onOutput: log.onOutput });
    expect(await listed()).toEqual([]);
  }, 600_000);
});
