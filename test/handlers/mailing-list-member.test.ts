import { useHandlerEmulator } from "../../testkit/handler-harness";
import { check, Decl, Held, later, newRun, plan, reasons, refresh, refreshAll, saying, up, upAll, writes, destroy } from "./engine-steps";

/**
 * What is particular to MailingListMember, as the provider runs it: vars compared as JSON, the
 * address in any case, subscription and vars in place, drift by hand, an address already on the
 * list needing adopt, and the list renamed under its members. The generic lifecycle is in
 * battery.test.ts.
 */
const t = useHandlerEmulator({});
const LIST = "devs@lists.example.com";
const RENAMED = "engineers@lists.example.com";
const VARS = { plan: "pro", seats: 3, tags: ["a", "b"] };
const listDecl = (address = LIST): Decl => ({ kind: "MailingList", name: "devs", args: { address, name: "Developers" } });
const member = (name: string, args: Record<string, unknown>, list = LIST): Decl => ({ kind: "MailingListMember", name, args: { list, ...args } });
const jane = (args: Record<string, unknown> = {}, list = LIST) => member("jane", { address: "jane@example.com", name: "Jane", vars: VARS, ...args }, list);
const bob = (args: Record<string, unknown> = {}, list = LIST) => member("bob", { address: "Bob@Example.com", ...args }, list);

/** The list's members as Mailgun's API shows them (address -> member), or undefined when the list is gone. */
async function live(address = LIST): Promise<Record<string, any> | undefined> {
  try {
    const { items } = await t.emulator.api("us", "GET", `/v3/lists/${address}/members`);
    return Object.fromEntries(items.map((m: any) => [m.address, m]));
  } catch (e) {
    if (/: 404 /.test(String(e))) return undefined;
    throw e;
  }
}
const asDeclared = (d: Decl, held: Held) => plan(d.kind, d.name, d.args, held);

test("vars are sent and compared as JSON values; the address in another case is the same member", async () => {
  const { held } = await upAll([listDecl(), jane(), bob()]);
  expect(await live()).toEqual({
    "jane@example.com": { address: "jane@example.com", name: "Jane", subscribed: true, vars: VARS },
    "bob@example.com": { address: "bob@example.com", name: "", subscribed: true, vars: {} },
  });
  // Counted when the list was made, before its members.
  expect(held.devs.outs.membersCount).toBe(0);

  const read = await refreshAll(held);
  await t.emulator.clearRequests();
  const again = await upAll([listDecl(), jane({ vars: { tags: ["a", "b"], seats: 3, plan: "pro" } }), bob({ address: "bob@example.com" })], read);
  expect(again.steps).toEqual({ devs: "same", jane: "same", bob: "same" });
  expect(await writes(t.emulator)).toEqual([]);
});

test("subscription and vars change in place; drift by hand is put back; removed by hand it reads as gone", async () => {
  const first = await upAll([listDecl(), jane(), bob()]);
  const janeNow = jane({ subscribed: false, vars: { plan: "free" } });
  await t.emulator.clearRequests();
  const changed = await up(janeNow.kind, janeNow.name, janeNow.args, first.held.jane);
  expect(changed.step).toBe("update");
  expect(await writes(t.emulator)).toEqual([`us PUT /v3/lists/${LIST}/members/jane@example.com`]);
  expect((await live())!["jane@example.com"]).toMatchObject({ subscribed: false, vars: { plan: "free" } });

  // The member unsubscribes and changes their name by hand.
  await t.emulator.api("us", "PUT", `/v3/lists/${LIST}/members/bob@example.com`, { subscribed: "no", name: "Robert" });
  newRun();
  const drifted = (await refresh(later(first.held.bob)))!;
  expect(drifted.outs).toMatchObject({ subscribed: false, name: "Robert" });
  const repaired = await up(bob().kind, "bob", bob().args, drifted);
  expect(repaired.step).toBe("update");
  expect((await live())!["bob@example.com"]).toMatchObject({ subscribed: true, name: "" });
  newRun();
  expect(await asDeclared(bob(), (await refresh(later(repaired.held)))!)).toBe("same");

  await t.emulator.api("us", "DELETE", `/v3/lists/${LIST}/members/bob@example.com`);
  newRun();
  expect(await refresh(later(repaired.held))).toBeUndefined();
  await up(bob().kind, "bob", bob().args);
  expect(Object.keys((await live())!).sort()).toEqual(["bob@example.com", "jane@example.com"]);
});

test("an address already on the list is refused naming adopt: true; adopt: true sets it as declared", async () => {
  await upAll([listDecl()]);
  await t.emulator.api("us", "POST", `/v3/lists/${LIST}/members`, { address: "ann@example.com", name: "by hand", vars: '{"x":1}' });
  await t.emulator.clearRequests();
  const ann = member("ann", { address: "ann@example.com", name: "Ann" });
  const refused = await up(ann.kind, ann.name, ann.args).then(() => undefined, (e: Error) => e);
  expect(refused?.message).toMatch(/ann@example\.com is already a member of mailing list devs@lists\.example\.com[\s\S]*set adopt: true/);
  expect((await writes(t.emulator, true)).filter((w) => !/ 4\d\d$/.test(w))).toEqual([]);
  expect((await live())!["ann@example.com"]).toMatchObject({ name: "by hand" });
  await up(ann.kind, ann.name, { ...ann.args, adopt: true });
  expect((await live())!["ann@example.com"]).toEqual({ address: "ann@example.com", name: "Ann", subscribed: true, vars: {} });
});

test("the list renamed: an update of the list, and each member's replacement takes over the member the rename carried", async () => {
  const janeNow = { subscribed: false, vars: { plan: "free" } };
  const ann = (list = LIST) => member("ann", { address: "ann@example.com", name: "Ann", adopt: true }, list);
  const first = await upAll([listDecl(), jane(janeNow), bob(), ann()]);
  // One run: the list's update is what lets its members' creates recognise the members it carried.
  const { result: renamed, said: told } = await saying(() => upAll([listDecl(RENAMED), jane(janeNow, RENAMED), bob({}, RENAMED), ann(RENAMED)], first.held));
  expect(told).toContain(`took over member bob@example.com of mailing list ${RENAMED}: it came along when this run renamed the list from ${LIST}`);
  expect(renamed.steps).toEqual({ devs: "update", jane: "replace", bob: "replace", ann: "replace" });
  expect(await live()).toBeUndefined();
  expect(await live(RENAMED)).toEqual({
    "jane@example.com": { address: "jane@example.com", name: "Jane", subscribed: false, vars: { plan: "free" } },
    "bob@example.com": { address: "bob@example.com", name: "", subscribed: true, vars: {} },
    "ann@example.com": { address: "ann@example.com", name: "Ann", subscribed: true, vars: {} },
  });
  const read = await refreshAll(renamed.held);
  for (const d of [listDecl(RENAMED), jane(janeNow, RENAMED), bob({}, RENAMED), ann(RENAMED)]) expect(await asDeclared(d, read[d.name]!)).toBe("same");

  newRun();
  const { said } = await saying(async () => {
    for (const name of ["jane", "bob", "ann", "devs"]) await destroy(renamed.held[name]);
  });
  expect(await live(RENAMED)).toBeUndefined();
  expect((await t.emulator.api("us", "GET", "/v3/lists")).total_count).toBe(0);
  expect(said).not.toContain(t.emulator.apiKey);
});

test("bad input is refused at check naming each field, before any API call", async () => {
  await t.emulator.clearRequests();
  const result = await check("MailingListMember", "x", { list: LIST, address: "not-an-address", vars: ["a"], subscribed: "yes" });
  expect(reasons(result)).toEqual(expect.arrayContaining([
    expect.stringMatching(/MailingListMember: \[address\] address "not-an-address" is not an e-mail address/),
    expect.stringMatching(/MailingListMember: \[vars\] vars must be an object/),
    expect.stringMatching(/MailingListMember: \[subscribed\] subscribed must be true or false/),
  ]));
  expect(reasons(result)).toHaveLength(3);
  expect(await t.emulator.requests()).toEqual([]);
});
