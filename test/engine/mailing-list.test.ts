import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";
import type { TestEmulator } from "../../testkit/emulator";

const ADDRESS = "devs@lists.example.com";
const list = (args: Record<string, unknown>, name = "devs"): ResourceSpec => ({
  kind: "MailingList",
  name,
  args: { address: ADDRESS, name: "Developers", description: "all devs", accessLevel: "members", ...args },
});

/** The list as Mailgun's API shows it, or undefined when it is gone. */
async function live(emulator: TestEmulator, address: string, region: "us" | "eu" = "us"): Promise<any> {
  try {
    return (await emulator.api(region, "GET", `/v3/lists/${address}`)).list;
  } catch (e) {
    if (/: 404 /.test(String(e))) return undefined;
    throw e;
  }
}

describe("MailingList through the real Pulumi engine", () => {
  const t = useMailgunStack([list({})]);

  test("create, no-op preview and refresh, members are no drift, update and rename in place, drift, deletion, adoption, destroy", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(await live(emulator, ADDRESS)).toMatchObject({ name: "Developers", description: "all devs", access_level: "members", reply_preference: "list", members_count: 0 });
    expect(up.outputs.resources.value.devs).toMatchObject({ address: ADDRESS, membersCount: 0, region: "us" });

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });

    // Members come and go (sign-ups): the count is an output, never drift of the list.
    await emulator.api("us", "POST", `/v3/lists/${ADDRESS}/members`, { address: "signup@example.com" });
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
    const counted = await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(counted.summary.resourceChanges).not.toHaveProperty("update");
    expect(counted.outputs.resources.value.devs.membersCount).toBe(1);

    // In place: settings.
    await project.setResources([list({ replyPreference: "sender", accessLevel: "everyone" })]);
    const update = await stack.up({ onOutput: log.onOutput });
    expect(update.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await live(emulator, ADDRESS)).toMatchObject({ access_level: "everyone", reply_preference: "sender" });

    // In place: a new address renames the list; the member nobody declared stays on it.
    const RENAMED = "engineers@lists.example.com";
    await project.setResources([list({ address: RENAMED, replyPreference: "sender", accessLevel: "everyone" })]);
    const rename = await stack.up({ onOutput: log.onOutput });
    expect(rename.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(rename.summary.resourceChanges).not.toHaveProperty("replace");
    expect(await live(emulator, ADDRESS)).toBeUndefined();
    expect(await live(emulator, RENAMED)).toMatchObject({ members_count: 1, access_level: "everyone" });
    const spec = list({ address: RENAMED, replyPreference: "sender", accessLevel: "everyone" });

    // Drift: someone changes who may post.
    await emulator.api("us", "PUT", `/v3/lists/${RENAMED}`, { access_level: "readonly" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const repair = await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(repair.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await live(emulator, RENAMED)).toMatchObject({ access_level: "everyone" });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Out-of-band deletion: refresh drops it, up makes it again.
    await emulator.api("us", "DELETE", `/v3/lists/${RENAMED}`);
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await live(emulator, RENAMED)).toMatchObject({ members_count: 0 });

    // Someone else's list at a declared address: refused with the fix, then taken over with adopt: true.
    await emulator.api("us", "POST", "/v3/lists", { address: "ops@lists.example.com", name: "by hand" });
    await emulator.api("us", "POST", "/v3/lists/ops@lists.example.com/members", { address: "oncall@example.com" });
    await project.setResources([spec, list({ address: "ops@lists.example.com", name: "Ops" }, "ops")]);
    const refused = await stack.up({ onOutput: log.onOutput }).then(() => undefined, (e: Error) => e);
    expect(refused?.message).toMatch(/mailing list ops@lists\.example\.com already exists in region us[\s\S]*adopt: true/);
    expect(await live(emulator, "ops@lists.example.com")).toMatchObject({ name: "by hand" });
    await project.setResources([spec, list({ address: "ops@lists.example.com", name: "Ops", adopt: true }, "ops")]);
    const adopt = await stack.up({ onOutput: log.onOutput });
    expect(adopt.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await live(emulator, "ops@lists.example.com")).toMatchObject({ name: "Ops", access_level: "members", members_count: 1 });

    // Replace: moving to the EU makes a new list there and deletes the US one.
    await project.setResources([spec, list({ address: "ops@lists.example.com", name: "Ops", adopt: true, region: "eu" }, "ops")]);
    const replace = await stack.up({ onOutput: log.onOutput });
    expect(replace.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(await live(emulator, "ops@lists.example.com")).toBeUndefined();
    expect(await live(emulator, "ops@lists.example.com", "eu")).toMatchObject({ name: "Ops" });

    await stack.destroy({ onOutput: log.onOutput });
    expect(await live(emulator, RENAMED)).toBeUndefined();
    expect(await live(emulator, "ops@lists.example.com", "eu")).toBeUndefined();
    expect((await emulator.api("us", "GET", "/v3/lists")).total_count).toBe(0);
    expect(log.text).not.toContain(emulator.apiKey);
  }, 600_000);

  test("bad input fails at preview with the field and the fix, before any API call", async () => {
    const { emulator, project } = t;
    await project.setResources([list({ address: "devs at lists.example.com", replyPreference: "all" })]);
    await emulator.clearRequests();
    const err = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/MailingList: \[address\] address "devs at lists\.example\.com" is not an e-mail address/);
    expect(err?.message).toMatch(/MailingList: \[replyPreference\] replyPreference must be "list" or "sender"/);
    expect(await emulator.requests()).toEqual([]);
  }, 120_000);
});
