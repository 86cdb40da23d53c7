import { useHandlerEmulator } from "../../testkit/handler-harness";
import { check, diffOf, Held, later, newRun, plan, reasons, refresh, saying, up, writes, destroy } from "./engine-steps";

/**
 * What is particular to MailingList, as the provider runs it: members coming and going are no
 * drift, a new address renames the list in place (members kept), only the region replaces it,
 * and someone else's list needs adopt. The generic lifecycle is in battery.test.ts.
 */
const t = useHandlerEmulator({});
const ADDRESS = "devs@lists.example.com";
const RENAMED = "engineers@lists.example.com";
const args = (extra: Record<string, unknown> = {}) => ({ address: ADDRESS, name: "Developers", description: "all devs", accessLevel: "members", ...extra });
const list = (extra: Record<string, unknown> = {}, held?: Held, name = "devs") => up("MailingList", name, args(extra), held);

/** The list as Mailgun's API shows it, or undefined when it is gone. */
async function live(address: string, region: "us" | "eu" = "us"): Promise<any> {
  try {
    return (await t.emulator.api(region, "GET", `/v3/lists/${address}`)).list;
  } catch (e) {
    if (/: 404 /.test(String(e))) return undefined;
    throw e;
  }
}

test("created as declared; members signing up change the count output, never the list", async () => {
  const devs = (await list()).held;
  expect(await live(ADDRESS)).toMatchObject({ name: "Developers", description: "all devs", access_level: "members", reply_preference: "list", members_count: 0 });
  expect(devs.outs).toMatchObject({ address: ADDRESS, membersCount: 0, region: "us" });

  await t.emulator.api("us", "POST", `/v3/lists/${ADDRESS}/members`, { address: "signup@example.com" });
  newRun();
  const read = (await refresh(later(devs)))!;
  expect(read.outs.membersCount).toBe(1);
  await t.emulator.clearRequests();
  expect((await list({}, read)).step).toBe("same");
  expect(await writes(t.emulator)).toEqual([]);
});

test("settings and a new address update in place: the rename keeps the members; drift by hand is put back", async () => {
  const devs = (await list()).held;
  await t.emulator.api("us", "POST", `/v3/lists/${ADDRESS}/members`, { address: "signup@example.com" });
  const settings = await list({ replyPreference: "sender", accessLevel: "everyone" }, devs);
  expect(settings.step).toBe("update");
  expect(await live(ADDRESS)).toMatchObject({ access_level: "everyone", reply_preference: "sender" });

  const renamedArgs = { address: RENAMED, replyPreference: "sender", accessLevel: "everyone" };
  expect(await diffOf("MailingList", "devs", args(renamedArgs), settings.held)).not.toHaveProperty("replaces");
  await t.emulator.clearRequests();
  const renamed = await list(renamedArgs, settings.held);
  expect(renamed.step).toBe("update");
  expect(await writes(t.emulator)).toEqual([`us PUT /v3/lists/${ADDRESS}`]);
  expect(await live(ADDRESS)).toBeUndefined();
  expect(await live(RENAMED)).toMatchObject({ members_count: 1, access_level: "everyone" });

  // Drift: someone changes who may post.
  await t.emulator.api("us", "PUT", `/v3/lists/${RENAMED}`, { access_level: "readonly" });
  newRun();
  const drifted = (await refresh(later(renamed.held)))!;
  expect(drifted.outs.accessLevel).toBe("readonly");
  const repaired = await list(renamedArgs, drifted);
  expect(repaired.step).toBe("update");
  expect(await live(RENAMED)).toMatchObject({ access_level: "everyone" });
  newRun();
  expect(await plan("MailingList", "devs", args(renamedArgs), (await refresh(later(repaired.held)))!)).toBe("same");

  // Deleted by hand: read says gone; made again, without the members.
  await t.emulator.api("us", "DELETE", `/v3/lists/${RENAMED}`);
  newRun();
  expect(await refresh(later(repaired.held))).toBeUndefined();
  await list(renamedArgs);
  expect(await live(RENAMED)).toMatchObject({ members_count: 0 });
});

test("someone else's list at the address is refused with the fix; adopt: true takes it over, members kept; a new region replaces it", async () => {
  const OPS = "ops@lists.example.com";
  await t.emulator.api("us", "POST", "/v3/lists", { address: OPS, name: "by hand" });
  await t.emulator.api("us", "POST", `/v3/lists/${OPS}/members`, { address: "oncall@example.com" });
  await t.emulator.clearRequests();
  const refused = await list({ address: OPS, name: "Ops" }, undefined, "ops").then(() => undefined, (e: Error) => e);
  expect(refused?.message).toMatch(/mailing list ops@lists\.example\.com already exists in region us[\s\S]*adopt: true/);
  expect((await writes(t.emulator, true)).filter((w) => !/ 4\d\d$/.test(w))).toEqual([]);
  expect(await live(OPS)).toMatchObject({ name: "by hand" });

  const ops = (await list({ address: OPS, name: "Ops", adopt: true }, undefined, "ops")).held;
  expect(await live(OPS)).toMatchObject({ name: "Ops", access_level: "members", members_count: 1 });

  // The adopted list holds a member no resource manages: a region move would lose it (issue 20 item 1).
  await expect(list({ address: OPS, name: "Ops", adopt: true, region: "eu" }, ops, "ops")).rejects.toThrow(/it holds 1 members \(oncall@example\.com\)[\s\S]*forceDestroy: true/);
  expect(await live(OPS)).toMatchObject({ members_count: 1 });
  const moved = await list({ address: OPS, name: "Ops", adopt: true, region: "eu", forceDestroy: true }, ops, "ops");
  expect(moved.step).toBe("replace");
  expect(await live(OPS)).toBeUndefined();
  expect(await live(OPS, "eu")).toMatchObject({ name: "Ops" });

  newRun();
  const { said } = await saying(() => destroy(moved.held));
  expect(await live(OPS, "eu")).toBeUndefined();
  expect((await t.emulator.api("us", "GET", "/v3/lists")).total_count).toBe(0);
  expect(said).not.toContain(t.emulator.apiKey);
});

test("bad input is refused at check naming each field, before any API call", async () => {
  await t.emulator.clearRequests();
  const result = await check("MailingList", "devs", args({ address: "devs at lists.example.com", replyPreference: "all" }));
  expect(reasons(result)).toEqual([
    expect.stringMatching(/MailingList: \[address\] address "devs at lists\.example\.com" is not an e-mail address/),
    expect.stringMatching(/MailingList: \[replyPreference\] replyPreference must be "list" or "sender"/),
  ]);
  expect(await t.emulator.requests()).toEqual([]);
});
