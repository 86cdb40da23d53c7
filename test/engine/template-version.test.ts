import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const D = "mg.example.com";
const T = `/v3/${D}/templates/news`;
const domain: ResourceSpec = { kind: "Domain", name: "domain", args: { name: D } };
const template: ResourceSpec = { kind: "Template", name: "news", args: { domain: { $ref: "domain.name" }, name: "News" } };
const version = (name: string, args: Record<string, unknown>): ResourceSpec => ({
  kind: "TemplateVersion",
  name,
  args: { domain: { $ref: "domain.name" }, template: { $ref: "news.name" }, ...args },
});
const v1 = (args: Record<string, unknown> = {}) => version("v1", { tag: "V1", content: "<p>one {{name}}</p>", headers: { Subject: "Hello {{name}}" }, ...args });
const v2 = (args: Record<string, unknown> = {}) => version("v2", { tag: "v2", content: "<p>two</p>", comment: "second", active: true, ...args });

interface LiveVersion { tag: string; template: string; comment: string; active: boolean; id: string; headers: Record<string, string> }

describe("TemplateVersion through the real Pulumi engine", () => {
  const t = useMailgunStack([domain, template, v1()]);
  const versionsAt = async (): Promise<LiveVersion[]> => ((await t.emulator.state()).us.templates[D] ?? [])[0]?.versions ?? [];
  /** A resource's outputs as the state file holds them (a refresh does not re-export stack outputs). */
  const stateOf = (name: string) => JSON.parse(t.project.rawState()).checkpoint.latest.resources.find((r: { urn: string }) => r.urn.endsWith(`::${name}`)).outputs;
  const activeTags = async () => (await versionsAt()).filter((v) => v.active).map((v) => v.tag);

  test("create, one active version, in place updates, case-only change, drift of content and activation, deletions by hand, adoption, destroy", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
    // The first version is active at Mailgun without asking; the tag is stored lower-case.
    expect(await versionsAt()).toEqual([expect.objectContaining({ tag: "v1", template: "<p>one {{name}}</p>", headers: { Subject: "Hello {{name}}" }, active: true })]);
    expect(up.outputs.resources.value.v1).toMatchObject({ tag: "V1", active: true, engine: "handlebars", comment: "" });
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });

    // A second version that asks to be active: Mailgun deactivates v1; a refresh brings v1's state along, with no change to make.
    await project.setResources([domain, template, v1(), v2()]);
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await activeTags()).toEqual(["v2"]);
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ onOutput: log.onOutput });
    expect(stateOf("v1").active).toBe(false);
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });

    // In place: content, comment and headers in one PUT; the same Mailgun version. Case alone changes nothing.
    const id = (await versionsAt()).find((v) => v.tag === "v2")!.id;
    await project.setResources([domain, template, v1({ tag: "v1" }), v2({ content: "<p>two, again</p>", comment: "edited", headers: { From: "news@mg.example.com", "Reply-To": "help@example.com" } })]);
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await versionsAt()).find((v) => v.tag === "v2")).toEqual(expect.objectContaining({
      id, template: "<p>two, again</p>", comment: "edited", headers: { From: "news@mg.example.com", "Reply-To": "help@example.com" }, active: true,
    }));
    const program = [domain, template, v1(), v2({ content: "<p>two, again</p>", comment: "edited", headers: { From: "news@mg.example.com", "Reply-To": "help@example.com" } })];
    await project.setResources(program);
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });

    // Drift: v1 activated and v2's content edited by hand; up --refresh makes v2 active again with its content.
    await emulator.api("us", "PUT", `${T}/versions/v1`, { active: "yes" });
    await emulator.api("us", "PUT", `${T}/versions/v2`, { template: "<p>hand edit</p>" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const repair = await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(repair.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await activeTags()).toEqual(["v2"]);
    expect((await versionsAt()).find((v) => v.tag === "v2")?.template).toBe("<p>two, again</p>");
    await stack.refresh({ onOutput: log.onOutput });
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });

    // A version deleted by hand: refresh drops it, up makes it again.
    await emulator.api("us", "DELETE", `${T}/versions/v1`);
    expect((await stack.refresh({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ delete: 1 });
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ create: 1 });
    expect((await versionsAt()).map((v) => v.tag).sort()).toEqual(["v1", "v2"]);

    // The template deleted by hand takes its versions: all three read as gone, and up makes them again.
    await emulator.api("us", "DELETE", T);
    expect((await stack.refresh({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ delete: 3 });
    expect((await stack.up({ onOutput: log.onOutput })).summary.resourceChanges).toMatchObject({ create: 3 });
    expect(await activeTags()).toEqual(["v2"]);

    // Someone else's version with the tag needs adopt; one with the very content the program declares is taken as it is.
    await emulator.api("us", "POST", `${T}/versions`, { tag: "v3", template: "<p>theirs</p>" });
    await emulator.api("us", "POST", `${T}/versions`, { tag: "v4", template: "<p>four</p>" });
    const more = [...program, version("v3", { tag: "v3", content: "<p>three</p>" }), version("v4", { tag: "v4", content: "<p>four</p>" })];
    await project.setResources(more);
    const refused = await stack.up({ onOutput: log.onOutput }).then(() => undefined, (e: Error) => e);
    expect(refused?.message).toMatch(/version "v3" of template "news" on mg\.example\.com already exists in region us with other content, and this stack did not make it\. Set adopt: true/);
    more[4] = version("v3", { tag: "v3", content: "<p>three</p>", adopt: true });
    await project.setResources(more);
    await stack.up({ onOutput: log.onOutput });
    expect((await versionsAt()).find((v) => v.tag === "v3")?.template).toBe("<p>three</p>");
    expect(await versionsAt()).toHaveLength(4);

    // Destroy with the template already gone by hand: deleting its versions succeeds.
    await emulator.api("us", "DELETE", T);
    await stack.destroy({ onOutput: log.onOutput });
    expect((await emulator.state()).us.templates).toEqual({});
    expect(log.text).not.toContain(emulator.apiKey);
  }, 900_000);

  test("two active versions of one template or more than 40 versions are refused at preview, before any call", async () => {
    const { emulator, project } = t;
    await emulator.clearRequests();
    await project.setResources([domain, template, v1({ active: true }), v2()]);
    const two = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(two?.message).toMatch(/TemplateVersion: \[active\] TemplateVersions "v1", "v2" both set active: true for template "news" on mg\.example\.com/);
    const many = Array.from({ length: 41 }, (_, n) => version(`x${n}`, { domain: D, template: "news", tag: `x${n}`, content: "x" }));
    await project.setResources([domain, ...many]);
    const over = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(over?.message).toMatch(/the program declares 41 versions of template "news" on mg\.example\.com .* and Mailgun stores at most 40 versions per template/);
    expect(await emulator.requests()).toEqual([]);
  }, 300_000);
});
