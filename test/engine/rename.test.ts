import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

/**
 * Renaming a resource (its logical name) without `aliases` is, to Pulumi, a create plus a delete.
 * Once the new resource holds the same Mailgun object (adopt: true for a domain; the identical
 * route or webhook URL taken over), the old one's delete must not remove it at Mailgun.
 */
const NAME = "mg.rename-test.example.com";
const HOOK_URL = "https://hooks.example.com/mailgun";
const domain = (name: string, args: Record<string, unknown> = {}, opts?: Record<string, unknown>): ResourceSpec => ({ kind: "Domain", name, args: { name: NAME, ...args }, opts });
const route = (name: string): ResourceSpec => ({ kind: "Route", name, args: { expression: `match_recipient("support@${NAME}")`, actions: ["stop()"], priority: 5 } });
const hook = (name: string): ResourceSpec => ({ kind: "Webhook", name, args: { domain: NAME, url: HOOK_URL, events: ["delivered"] } });

describe("renaming resources through the real Pulumi engine", () => {
  const t = useMailgunStack([domain("err")]);
  const writes = async () => (await t.emulator.requests()).filter((r) => r.method !== "GET");
  const live = async () => {
    const us = (await t.emulator.state()).us;
    return { domains: us.domains.map((d: { name: string }) => d.name), routes: us.routes.length, hookUrls: us.webhooks[NAME]?.delivered ?? [] };
  };

  test("a rename with aliases makes no write at Mailgun", async () => {
    const { project, log } = t;
    await project.stack.up({ onOutput: log.onOutput });
    await project.setResources([domain("err-renamed", {}, { aliases: [{ name: "err" }] })]);
    await t.emulator.clearRequests();
    const up = await project.stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).not.toHaveProperty("create");
    expect(up.summary.resourceChanges).not.toHaveProperty("delete");
    expect(await writes()).toEqual([]);
    expect((await live()).domains).toEqual([NAME]);
  }, 300_000);

  test("'already exists' shows the rename fix first; following the adopt advice keeps the domain", async () => {
    const { project, log } = t;
    // Renamed again, this time without aliases: the new resource cannot create the domain.
    await project.setResources([domain("err-again")]);
    const failure = await project.stack.up().then(() => undefined, (e: Error) => e.message);
    expect(failure).toContain(`domain ${NAME} already exists in region us`);
    expect(failure).toContain(`new mailgun.Domain("err-again", { name: "${NAME}", ... }, { aliases: [{ name: "<the old resource name>" }] })`);
    expect(failure!.indexOf("aliases")).toBeLessThan(failure!.indexOf("adopt: true"));

    // The adopt advice: the new resource adopts the domain, then the old resource is deleted.
    await project.setResources([domain("err-again", { adopt: true })]);
    await t.emulator.clearRequests();
    const up = await project.stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, delete: 1 });
    expect(up.stdout + up.stderr).toContain(`kept domain ${NAME} at Mailgun: Domain "err-again" manages it now`);
    expect((await writes()).filter((r) => r.method === "DELETE")).toEqual([]);
    expect((await live()).domains).toEqual([NAME]);
    await project.stack.preview({ refresh: true, expectNoChanges: true });
  }, 300_000);

  test("renamed routes and webhooks keep the object they took over", async () => {
    const { project, log } = t;
    const base = domain("err-again", { adopt: true });
    await project.setResources([base, route("inbox"), hook("failures")]);
    await project.stack.up({ onOutput: log.onOutput });
    expect(await live()).toMatchObject({ routes: 1, hookUrls: [HOOK_URL] });

    await project.setResources([base, route("inbox-renamed"), hook("failures-renamed")]);
    await t.emulator.clearRequests();
    const up = await project.stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 2, delete: 2 });
    expect((await writes()).filter((r) => r.method === "DELETE")).toEqual([]);
    expect(await live()).toMatchObject({ routes: 1, hookUrls: [HOOK_URL] });
    await project.stack.preview({ refresh: true, expectNoChanges: true });

    // Nothing else stopped deleting: destroy removes all of it.
    await project.stack.destroy({ onOutput: log.onOutput });
    expect(await live()).toMatchObject({ domains: [], routes: 0, hookUrls: [] });
  }, 300_000);
});
