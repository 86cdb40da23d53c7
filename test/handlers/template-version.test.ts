import { useHandlerEmulator } from "../../testkit/handler-harness";
import { check, Decl, Held, newRun, plan, reasons, refreshAll, saying, up, upAll, writes, destroy } from "./engine-steps";

/**
 * What is particular to TemplateVersion, as the provider runs it: one active version per
 * template (Mailgun deactivates the others, which is no drift), content, comment and headers in
 * one PUT, activation changed by hand put back, the template deleted under its versions,
 * someone else's version needing adopt, and the run-wide checks (two active versions, more than
 * 40 versions). The generic lifecycle is in battery.test.ts.
 */
const t = useHandlerEmulator({});
const D = "mg.example.com";
const T = `/v3/${D}/templates/news`;
const template: Decl = { kind: "Template", name: "news", args: { domain: D, name: "News" } };
const version = (name: string, args: Record<string, unknown>): Decl => ({ kind: "TemplateVersion", name, args: { domain: D, template: "News", ...args } });
const v1 = (args: Record<string, unknown> = {}) => version("v1", { tag: "V1", content: "<p>one {{name}}</p>", headers: { Subject: "Hello {{name}}" }, ...args });
const v2 = (args: Record<string, unknown> = {}) => version("v2", { tag: "v2", content: "<p>two</p>", comment: "second", active: true, ...args });
const V2_EDITED = { content: "<p>two, again</p>", comment: "edited", headers: { From: "news@mg.example.com", "Reply-To": "help@example.com" } };

interface LiveVersion { tag: string; template: string; comment: string; active: boolean; id: string; headers: Record<string, string> }
const versionsAt = async (): Promise<LiveVersion[]> => ((await t.emulator.state()).us.templates[D] ?? [])[0]?.versions ?? [];
const activeTags = async () => (await versionsAt()).filter((v) => v.active).map((v) => v.tag);
/** Every resource of the program is as declared: what a refreshing preview with no changes shows. */
async function noChanges(program: Decl[], held: Record<string, Held>) {
  const read = await refreshAll(held);
  for (const d of program) expect([d.name, await plan(d.kind, d.name, d.args, read[d.name]!)]).toEqual([d.name, "same"]);
  return read as Record<string, Held>;
}

beforeEach(async () => {
  newRun();
  await t.emulator.api("us", "POST", "/v4/domains", { name: D });
  await t.emulator.clearRequests();
});

test("the first version is active without asking; a second that asks deactivates it, which a refresh brings along as no change", async () => {
  const first = await upAll([template, v1()]);
  expect(await versionsAt()).toEqual([expect.objectContaining({ tag: "v1", template: "<p>one {{name}}</p>", headers: { Subject: "Hello {{name}}" }, active: true })]);
  expect(first.held.v1.outs).toMatchObject({ tag: "V1", active: true, engine: "handlebars", comment: "" });

  const second = await upAll([template, v1(), v2()], first.held);
  expect(second.steps).toEqual({ news: "same", v1: "same", v2: "create" });
  expect(await activeTags()).toEqual(["v2"]);
  const read = await noChanges([template, v1(), v2()], second.held);
  expect(read.v1.outs.active).toBe(false);
});

test("content, comment and headers change in one PUT on the same version; the tag's case alone changes nothing", async () => {
  const { held } = await upAll([template, v1(), v2()]);
  const id = (await versionsAt()).find((v) => v.tag === "v2")!.id;
  await t.emulator.clearRequests();
  const changed = await upAll([template, v1({ tag: "v1" }), v2(V2_EDITED)], held);
  expect(changed.steps).toEqual({ news: "same", v1: "same", v2: "update" });
  expect(await writes(t.emulator)).toEqual([`us PUT ${T}/versions/v2`]);
  expect((await versionsAt()).find((v) => v.tag === "v2")).toEqual(expect.objectContaining({ id, ...{ template: V2_EDITED.content, comment: "edited", headers: V2_EDITED.headers }, active: true }));
});

test("drift by hand: another version activated and content edited; one update makes the declared version active with its content", async () => {
  const program = [template, v1(), v2(V2_EDITED)];
  const { held } = await upAll(program);
  await t.emulator.api("us", "PUT", `${T}/versions/v1`, { active: "yes" });
  await t.emulator.api("us", "PUT", `${T}/versions/v2`, { template: "<p>hand edit</p>" });
  const read = await refreshAll(held);
  expect(read.v2?.outs).toMatchObject({ active: false, content: "<p>hand edit</p>" });
  expect(read.v1?.outs).toMatchObject({ active: true });
  const repaired = await upAll(program, read);
  expect(repaired.steps).toEqual({ news: "same", v1: "same", v2: "update" });
  expect(await activeTags()).toEqual(["v2"]);
  expect((await versionsAt()).find((v) => v.tag === "v2")?.template).toBe("<p>two, again</p>");
  await noChanges(program, repaired.held);
});

test("the template deleted by hand takes its versions: all read as gone, and the run makes them again with the declared active one", async () => {
  const program = [template, v1(), v2()];
  const { held } = await upAll(program);
  await t.emulator.api("us", "DELETE", T);
  const read = await refreshAll(held);
  expect(read).toEqual({ news: undefined, v1: undefined, v2: undefined });
  const again = await upAll(program);
  expect(again.steps).toEqual({ news: "create", v1: "create", v2: "create" });
  expect(await activeTags()).toEqual(["v2"]);
});

test("someone else's version with the tag needs adopt; one with the very content declared is taken as it is", async () => {
  const { held } = await upAll([template, v1()]);
  await t.emulator.api("us", "POST", `${T}/versions`, { tag: "v3", template: "<p>theirs</p>" });
  await t.emulator.api("us", "POST", `${T}/versions`, { tag: "v4", template: "<p>four</p>" });
  await t.emulator.clearRequests();
  const v4 = version("v4", { tag: "v4", content: "<p>four</p>" });
  expect((await up(v4.kind, v4.name, v4.args)).step).toBe("create");
  const v3 = version("v3", { tag: "v3", content: "<p>three</p>" });
  const refused = await up(v3.kind, v3.name, v3.args).then(() => undefined, (e: Error) => e);
  expect(refused?.message).toMatch(/version "v3" of template "news" on mg\.example\.com already exists in region us with other content, and this stack did not make it\. Set adopt: true/);
  // Neither v4's take-over nor v3's refusal wrote anything.
  expect((await writes(t.emulator, true)).filter((w) => !/ 4\d\d$/.test(w))).toEqual([]);
  expect((await versionsAt()).find((v) => v.tag === "v3")?.template).toBe("<p>theirs</p>");
  const adopted = (await up(v3.kind, v3.name, { ...v3.args, adopt: true })).held;
  expect((await versionsAt()).find((v) => v.tag === "v3")?.template).toBe("<p>three</p>");
  expect(await versionsAt()).toHaveLength(3);

  // Destroy with the template already gone by hand: deleting its versions succeeds.
  await t.emulator.api("us", "DELETE", T);
  newRun();
  const { said } = await saying(async () => {
    for (const h of [adopted, held.v1]) await destroy(h);
  });
  expect((await t.emulator.state()).us.templates).toEqual({});
  expect(said).not.toContain(t.emulator.apiKey);
});

test("one run with two active versions of a template, or more than 40 versions, is refused at check before any call", async () => {
  for (const d of [template, v1({ active: true })]) expect(reasons(await check(d.kind, d.name, d.args))).toEqual([]);
  const two = v2();
  expect(reasons(await check(two.kind, two.name, two.args))).toEqual([
    expect.stringMatching(/^TemplateVersion: \[active\] TemplateVersions "v1", "v2" both set active: true for template "news" on mg\.example\.com/),
  ]);

  newRun();
  const refused: string[] = [];
  for (let n = 0; n < 41; n++) refused.push(...reasons(await check("TemplateVersion", `x${n}`, { domain: D, template: "news", tag: `x${n}`, content: "x" })));
  expect(refused).toEqual([expect.stringMatching(/the program declares 41 versions of template "news" on mg\.example\.com .* and Mailgun stores at most 40 versions per template/)]);
  expect(await t.emulator.requests()).toEqual([]);
});
