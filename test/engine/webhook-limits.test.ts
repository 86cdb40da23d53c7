import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

/** Mailgun allows at most 3 URLs per event of a domain. */
const NAME = "mg.limits-test.example.com";
const domain: ResourceSpec = { kind: "Domain", name: "main", args: { name: NAME } };
const hook = (name: string, opts?: Record<string, unknown>, url = `https://${name}.example.com/mailgun`): ResourceSpec => ({ kind: "Webhook", name, args: { domain: { $ref: "main.name" }, url, events: ["opened"] }, opts });

describe("webhook URL limits through the real Pulumi engine", () => {
  const t = useMailgunStack([]);
  const openedUrls = async () => ((await t.emulator.state()).us.webhooks[NAME]?.opened ?? []).slice().sort();

  test("a program that puts 4 URLs on one event is refused at preview, naming the resources", async () => {
    await t.project.setResources([domain, hook("a"), hook("b"), hook("c"), hook("d")]);
    await t.emulator.clearRequests();
    const err = await t.project.stack.preview().then(() => undefined, (e: Error) => e.message);
    expect(err).toMatch(/"opened" on mg\.limits-test\.example\.com would get 4 URLs in region us/);
    for (const name of ["a", "b", "c", "d"]) expect(err).toContain(`"${name}"`);
    expect(err).toContain("Mailgun allows at most 3 URLs per event");
    expect(await t.emulator.requests()).toEqual([]);
  }, 120_000);

  test("two Webhooks with the same URL are refused at preview", async () => {
    await t.project.setResources([domain, hook("a"), hook("a-again", undefined, "https://a.example.com/mailgun")]);
    const err = await t.project.stack.preview().then(() => undefined, (e: Error) => e.message);
    expect(err).toMatch(/Webhooks "a", "a-again" both subscribe the same URL to "opened"|Webhooks "a-again", "a" both subscribe the same URL to "opened"/);
  }, 120_000);

  test("swapping a URL on a full event: the error says how, and the documented way works", async () => {
    const { project, log } = t;
    await project.setResources([domain, hook("a"), hook("b"), hook("c")]);
    await project.stack.up({ onOutput: log.onOutput });
    expect(await openedUrls()).toHaveLength(3);

    // c replaced by a new resource d in one up: Pulumi creates d before it deletes c.
    await project.setResources([domain, hook("a"), hook("b"), hook("d")]);
    const err = await project.stack.up().then(() => undefined, (e: Error) => e.message);
    expect(err).toContain('the event already has 3 URLs');
    expect(err).toContain("deleteBeforeReplace: true");
    // URLs are shown by origin only (they can carry tokens); the program's exported outputs do show them.
    const diagnostics = err!.split("\n").filter((l) => l.includes("cannot subscribe"));
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const line of diagnostics) expect(line).not.toContain("example.com/mailgun");

    // The documented way: keep the resource name, change its url, delete before replace.
    await project.setResources([domain, hook("a"), hook("b"), hook("c", { deleteBeforeReplace: true }, "https://d.example.com/mailgun")]);
    await project.stack.up({ onOutput: log.onOutput });
    expect(await openedUrls()).toEqual(["https://a.example.com/mailgun", "https://b.example.com/mailgun", "https://d.example.com/mailgun"]);
    await project.stack.destroy({ onOutput: log.onOutput });
  }, 300_000);

  test("a destroy deletes a domain and its webhooks side by side when nothing links them", async () => {
    const { project, log } = t;
    // The domain named as a string: no dependency, so the engine deletes all four at once.
    const literal = (name: string): ResourceSpec => ({ kind: "Webhook", name, args: { domain: NAME, url: `https://${name}.example.com/mailgun`, events: ["opened", "delivered"] } });
    await project.setResources([domain, literal("x"), literal("y"), literal("z")]);
    await project.stack.up({ onOutput: log.onOutput });
    const started = Date.now();
    await project.stack.destroy({ onOutput: log.onOutput });
    expect(Date.now() - started).toBeLessThan(20_000); // no consistency budget waited out on the vanished domain
    const us = (await t.emulator.state()).us;
    expect(us.domains).toEqual([]);
  }, 300_000);
});
