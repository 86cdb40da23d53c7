import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";
import type { TestEmulator } from "../../testkit/emulator";

const LIST = "devs@lists.example.com";
const list = (address = LIST): ResourceSpec => ({ kind: "MailingList", name: "devs", args: { address, name: "Developers" } });
const member = (name: string, args: Record<string, unknown>): ResourceSpec => ({
  kind: "MailingListMember",
  name,
  args: { list: { $ref: "devs.address" }, ...args },
});
const jane = (args: Record<string, unknown> = {}) => member("jane", { address: "jane@example.com", name: "Jane", vars: { plan: "pro", seats: 3, tags: ["a", "b"] }, ...args });
const bob = (args: Record<string, unknown> = {}) => member("bob", { address: "Bob@Example.com", ...args });

/** The list's members as Mailgun's API shows them (address -> member), or undefined when the list is gone. */
async function live(emulator: TestEmulator, address = LIST): Promise<Record<string, any> | undefined> {
  try {
    const { items } = await emulator.api("us", "GET", `/v3/lists/${address}/members`);
    return Object.fromEntries(items.map((m: any) => [m.address, m]));
  } catch (e) {
    if (/: 404 /.test(String(e))) return undefined;
    throw e;
  }
}

describe("MailingListMember through the real Pulumi engine", () => {
  const t = useMailgunStack([list(), jane(), bob()]);

  test("create, no-op preview and refresh, vars as JSON, update in place, drift, deletion, adoption, list rename, destroy", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
    expect(await live(emulator)).toEqual({
      "jane@example.com": { address: "jane@example.com", name: "Jane", subscribed: true, vars: { plan: "pro", seats: 3, tags: ["a", "b"] } },
      "bob@example.com": { address: "bob@example.com", name: "", subscribed: true, vars: {} },
    });
    expect(up.outputs.resources.value.devs.membersCount).toBe(0); // counted when the list was made, before its members

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });
    // vars are compared as JSON values: the same object in another key order is no change.
    await project.setResources([list(), jane({ vars: { tags: ["a", "b"], seats: 3, plan: "pro" } }), bob({ address: "bob@example.com" })]);
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });

    // In place: subscription and vars.
    await project.setResources([list(), jane({ subscribed: false, vars: { plan: "free" } }), bob()]);
    const update = await stack.up({ onOutput: log.onOutput });
    expect(update.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await live(emulator))!["jane@example.com"]).toMatchObject({ subscribed: false, vars: { plan: "free" } });
    const janeNow = jane({ subscribed: false, vars: { plan: "free" } });

    // Drift: the member unsubscribes and changes their name by hand... then it is put back.
    await emulator.api("us", "PUT", `/v3/lists/${LIST}/members/bob@example.com`, { subscribed: "no", name: "Robert" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const repair = await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(repair.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await live(emulator))!["bob@example.com"]).toMatchObject({ subscribed: true, name: "" });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Removed by hand: refresh drops it, up adds it again.
    await emulator.api("us", "DELETE", `/v3/lists/${LIST}/members/bob@example.com`);
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(Object.keys((await live(emulator))!).sort()).toEqual(["bob@example.com", "jane@example.com"]);

    // An address already on the list: refused naming adopt: true, then upserted with it.
    await emulator.api("us", "POST", `/v3/lists/${LIST}/members`, { address: "ann@example.com", name: "by hand", vars: '{"x":1}' });
    await project.setResources([list(), janeNow, bob(), member("ann", { address: "ann@example.com", name: "Ann" })]);
    const refused = await stack.up({ onOutput: log.onOutput }).then(() => undefined, (e: Error) => e);
    expect(refused?.message).toMatch(/ann@example\.com is already a member of mailing list devs@lists\.example\.com[\s\S]*set adopt: true/);
    expect((await live(emulator))!["ann@example.com"]).toMatchObject({ name: "by hand" });
    const ann = member("ann", { address: "ann@example.com", name: "Ann", adopt: true });
    await project.setResources([list(), janeNow, bob(), ann]);
    const adopt = await stack.up({ onOutput: log.onOutput });
    expect(adopt.summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await live(emulator))!["ann@example.com"]).toEqual({ address: "ann@example.com", name: "Ann", subscribed: true, vars: {} });

    // Renaming the list is an update; its members' `list` changes, and each replacement takes over the member the rename carried.
    const RENAMED = "engineers@lists.example.com";
    await project.setResources([list(RENAMED), janeNow, bob(), ann]);
    const rename = await stack.up({ onOutput: log.onOutput });
    expect(rename.summary.resourceChanges).toMatchObject({ update: 1, replace: 3 });
    expect(await live(emulator)).toBeUndefined();
    expect(await live(emulator, RENAMED)).toEqual({
      "jane@example.com": { address: "jane@example.com", name: "Jane", subscribed: false, vars: { plan: "free" } },
      "bob@example.com": { address: "bob@example.com", name: "", subscribed: true, vars: {} },
      "ann@example.com": { address: "ann@example.com", name: "Ann", subscribed: true, vars: {} },
    });
    await stack.preview({ refresh: true, expectNoChanges: true });

    await stack.destroy({ onOutput: log.onOutput });
    expect(await live(emulator, RENAMED)).toBeUndefined();
    expect((await emulator.api("us", "GET", "/v3/lists")).total_count).toBe(0);
    expect(log.text).not.toContain(emulator.apiKey);
  }, 600_000);

  test("bad input fails at preview with the field and the fix, before any API call", async () => {
    const { emulator, project } = t;
    await project.setResources([list(), member("x", { address: "not-an-address", vars: ["a"], subscribed: "yes" })]);
    await emulator.clearRequests();
    const err = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/MailingListMember: \[address\] address "not-an-address" is not an e-mail address/);
    expect(err?.message).toMatch(/MailingListMember: \[vars\] vars must be an object/);
    expect(err?.message).toMatch(/MailingListMember: \[subscribed\] subscribed must be true or false/);
    expect(await emulator.requests()).toEqual([]);
  }, 120_000);
});
