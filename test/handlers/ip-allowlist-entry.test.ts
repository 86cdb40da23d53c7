import { useHandlerEmulator } from "../../testkit/handler-harness";
import { Held, later, newRun, plan, refresh, up, writes, destroy, regionsCalled } from "./engine-steps";

/**
 * What is particular to IpAllowlistEntry, as the provider runs it: canonical addresses, the
 * resource's marker in the description Mailgun stores, the account-wide list reached through
 * the provider's region, and an entry left by an interrupted create taken back. The generic
 * lifecycle is in battery.test.ts.
 */
// The provider's region is eu: the account-wide list is then read and written through the EU host.
const t = useHandlerEmulator({ "mailgun:region": "eu" });
const MARKER = /\[pulumi:[0-9a-f]{12}\]$/;

const entry = (name: string, args: Record<string, unknown>, held?: Held) => up("IpAllowlistEntry", name, args, held);
/** Sorted by address: Mailgun keeps insertion order. */
const listed = async () => ((await t.emulator.state()).ipAllowlist as Array<{ ip_address: string; description: string }>).sort((a, b) => a.ip_address.localeCompare(b.ip_address));
const description = async (address: string) => (await listed()).find((e) => e.ip_address === address)?.description;

test("canonical addresses, the marker kept out of the outputs, every call through the EU host", async () => {
  const office = (await entry("office", { address: "203.0.113.0/24", description: "office" })).held;
  const runner = (await entry("runner", { address: "2001:DB8:0::7" })).held;
  expect(office.outs).toMatchObject({ address: "203.0.113.0/24", description: "office" });
  expect(runner.outs).toMatchObject({ address: "2001:db8::7", description: "" });
  expect(await listed()).toEqual([
    { ip_address: "2001:db8::7", description: expect.stringMatching(/^\[pulumi:[0-9a-f]{12}\]$/) },
    { ip_address: "203.0.113.0/24", description: expect.stringMatching(/^office \[pulumi:[0-9a-f]{12}\]$/) },
  ]);
  expect(await regionsCalled(t.emulator)).toEqual(["eu"]);

  // Another spelling of the same address is no change; a refresh finds none either (the marker is no drift).
  newRun();
  const read = await refresh(later(runner));
  expect(read?.outs).toMatchObject({ address: "2001:db8::7", description: "" });
  expect(await plan("IpAllowlistEntry", "runner", { address: "2001:db8:0:0:0::7" }, read!)).toBe("same");
  expect(await plan("IpAllowlistEntry", "office", { address: "203.0.113.0/24", description: "office" }, (await refresh(later(office)))!)).toBe("same");
});

test("the description updates in place with one PUT; edited by hand it is drift that up puts back", async () => {
  const office = (await entry("office", { address: "203.0.113.0/24", description: "office" })).held;
  await t.emulator.clearRequests();
  const changed = await entry("office", { address: "203.0.113.0/24", description: "head office" }, office);
  expect(changed.step).toBe("update");
  expect(await writes(t.emulator)).toEqual(["eu PUT /v2/ip_whitelist"]);
  expect(await description("203.0.113.0/24")).toMatch(/^head office \[pulumi:/);

  await t.emulator.api("eu", "PUT", "/v2/ip_whitelist", { address: "203.0.113.0/24", description: "edited by hand" });
  newRun();
  const drifted = await refresh(later(changed.held));
  expect(drifted?.outs.description).toBe("edited by hand");
  const repaired = await entry("office", { address: "203.0.113.0/24", description: "head office" }, drifted);
  expect(repaired.step).toBe("update");
  expect(await description("203.0.113.0/24")).toMatch(/^head office \[pulumi:/);
  newRun();
  expect(await plan("IpAllowlistEntry", "office", { address: "203.0.113.0/24", description: "head office" }, (await refresh(later(repaired.held)))!)).toBe("same");
});

test("a new address replaces the entry: the new one is added, the old one removed", async () => {
  const office = (await entry("office", { address: "203.0.113.0/24", description: "head office" })).held;
  const moved = await entry("office", { address: "198.51.100.0/24", description: "head office" }, office);
  expect(moved.step).toBe("replace");
  expect((await listed()).map((e) => e.ip_address)).toEqual(["198.51.100.0/24"]);
  newRun();
  await destroy(moved.held);
  expect(await listed()).toEqual([]);
});

test("its own entry left by an interrupted create is taken back; someone else's needs adopt", async () => {
  const first = (await entry("office", { address: "203.0.113.0/24", description: "office" })).held;
  const mine = (await listed())[0].description;
  expect(mine).toMatch(MARKER);
  // What a killed create leaves behind: the entry, with this resource's marker, unknown to the stack.
  newRun();
  await destroy(first);
  await t.emulator.api("eu", "POST", "/v2/ip_whitelist", { address: "203.0.113.0/24", description: mine });
  await t.emulator.api("eu", "POST", "/v2/ip_whitelist", { address: "192.0.2.10", description: "someone's" });

  newRun();
  await t.emulator.clearRequests();
  const office = (await entry("office", { address: "203.0.113.0/24", description: "office" })).held;
  expect(office.outs).toMatchObject({ address: "203.0.113.0/24", description: "office" });
  // Mailgun refuses the add as a duplicate; the listing shows the marker, so the entry is this resource's, left as it is.
  expect(await writes(t.emulator, true)).toEqual(["eu POST /v2/ip_whitelist 400"]);
  expect(await listed()).toEqual([{ ip_address: "192.0.2.10", description: "someone's" }, { ip_address: "203.0.113.0/24", description: mine }]);

  await t.emulator.clearRequests();
  const refused = await entry("theirs", { address: "192.0.2.10", description: "now ours" }).then(() => undefined, (e: Error) => e);
  expect(refused?.message).toMatch(/192\.0\.2\.10 is already on the account's IP allowlist \(description "someone's"\)[\s\S]*adopt: true/);
  expect(await writes(t.emulator, true)).toEqual(["eu POST /v2/ip_whitelist 400"]);
  expect(await description("192.0.2.10")).toBe("someone's");
  const theirs = (await entry("theirs", { address: "192.0.2.10", description: "now ours", adopt: true })).held;
  expect(await description("192.0.2.10")).toMatch(/^now ours \[pulumi:/);
  newRun();
  expect(await plan("IpAllowlistEntry", "theirs", { address: "192.0.2.10", description: "now ours", adopt: true }, (await refresh(later(theirs)))!)).toBe("same");

  newRun();
  await destroy(office);
  await destroy(theirs);
  expect(await listed()).toEqual([]);
});
