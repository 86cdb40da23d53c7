import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

/**
 * Issue 20 item 1 through the real engine: a MailingList whose region changes is a replacement
 * that would delete a member someone signed up by hand. Preview refuses it, naming the member and
 * the ways out; with forceDestroy: true the same move goes through.
 */
const LIST = "news@mg.example.com";
const list = (args: Record<string, unknown> = {}): ResourceSpec => ({ kind: "MailingList", name: "news", args: { address: LIST, ...args } });

describe("containers through the real Pulumi engine", () => {
  const t = useMailgunStack([list()]);

  test("a list's region move is refused at preview while it holds a sign-up; forceDestroy: true moves it", async () => {
    const { emulator, project, log } = t;
    await project.stack.up({ onOutput: log.onOutput });
    await emulator.api("us", "POST", `/v3/lists/${LIST}/members`, { address: "signup@example.com" });

    await project.setResources([list({ region: "eu" })]);
    await emulator.clearRequests();
    const refused = await project.stack.preview().then(() => "", (e: Error) => e.message);
    expect(refused).toContain(`refusing to delete mailing list ${LIST} in region us: it holds 1 members (signup@example.com)`);
    expect(refused).toContain("forceDestroy: true");
    expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    await project.setResources([list({ region: "eu", forceDestroy: true })]);
    const moved = await project.stack.up({ onOutput: log.onOutput });
    expect(moved.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect((await emulator.api("eu", "GET", "/v3/lists")).items.map((l: { address: string }) => l.address)).toEqual([LIST]);
    expect((await emulator.api("us", "GET", "/v3/lists")).items).toEqual([]);
    await project.stack.destroy({ onOutput: log.onOutput });
    expect((await emulator.api("eu", "GET", "/v3/lists")).items).toEqual([]);
  }, 300_000);

  test("a domain with its only active DKIM key (the DkimKey page's example) is destroyed in one go, leaving nothing", async () => {
    const { emulator, project, log } = t;
    const D = "mg.dkim-destroy.example.com";
    await project.setResources([
      { kind: "Domain", name: "mail", args: { name: D } },
      { kind: "DkimKey", name: "s2026", args: { signingDomain: { $ref: "mail.name" }, selector: "s2026", active: true } },
    ]);
    await project.stack.up({ onOutput: log.onOutput });
    const destroyed = await project.stack.destroy({ onOutput: log.onOutput });
    expect(destroyed.summary.resourceChanges).toMatchObject({ delete: 3 });
    expect(destroyed.stdout + destroyed.stderr).toContain(`kept DKIM key s2026 of ${D} at Mailgun: it is the domain's only active key`);
    expect((await emulator.state()).us.domains).toEqual([]);
    await expect(emulator.api("us", "GET", `/v4/domains/${D}/keys`)).rejects.toThrow(/404/);
  }, 300_000);

  test("a destroy of a domain holding a template made by hand fails naming it, and the domain stays; forceDestroy then lets it go", async () => {
    const { emulator, project, log } = t;
    const D = "mg.holds.example.com";
    const domain = (args: Record<string, unknown> = {}): ResourceSpec => ({ kind: "Domain", name: "holds", args: { name: D, ...args } });
    await project.setResources([domain(), { kind: "Route", name: "inbound", args: { expression: `match_recipient(".*@${D}")`, actions: ["stop()"] } }]);
    await project.stack.up({ onOutput: log.onOutput });
    await emulator.api("us", "POST", `/v3/${D}/templates`, { name: "made-by-hand" });
    await emulator.clearRequests();
    const refused = await project.stack.destroy({ onOutput: log.onOutput }).then(() => "", (e: Error) => e.message);
    expect(refused).toContain(`refusing to delete domain ${D} in region us: it holds 1 objects (template made-by-hand) that no resource of this stack manages`);
    // The route is account-wide, not in the domain: it goes; the domain and its template stay.
    expect((await emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path.split("/").slice(0, 3).join("/")}`)).toEqual(["DELETE /v3/routes"]);
    expect((await emulator.state()).us.domains.map((d: { name: string }) => d.name)).toEqual([D]);
    // The way out the message gives: forceDestroy recorded by an up (no call at Mailgun), then the destroy.
    await project.setResources([domain({ forceDestroy: true })]);
    await project.stack.up({ onOutput: log.onOutput });
    await project.stack.destroy({ onOutput: log.onOutput });
    expect((await emulator.state()).us.domains).toEqual([]);
  }, 300_000);
});
