import { templateHandler, TemplateInputs } from "../../provider/resources/template";
import { templateVersionHandler, TemplateVersionInputs } from "../../provider/resources/template-version";
import { declareOwner } from "../../provider/resources/ownership";
import { checked, useHandlerEmulator } from "../../testkit/handler-harness";

/**
 * The Template and TemplateVersion handlers called directly against the emulator: the calls each
 * operation makes, and what a create does when Mailgun's answer to its POST is lost.
 */
const t = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "5000", "mailgun:maxRetries": "20" });
const D = "mg.templates.example.com";
const quiet = { consistencyDelayMs: 0, faults: { errorRate: 0, dropRate: 0, afterWriteShare: 0.5, seed: 1 } };
/** Seeded: the first request after setting these is applied and then answered 500 (asserted in each test). */
const LOST_ANSWER = { faults: { errorRate: 0.5, afterWriteShare: 1, seed: 8, dropRate: 0 } };

beforeEach(async () => {
  await t.emulator.api("us", "POST", "/v4/domains", { name: D });
  await t.emulator.clearRequests();
});

const calls = async () => (await t.emulator.requests()).map((r) => `${r.method} ${r.path.replace(`/v3/${D}`, "")} ${r.status}`);
const stored = async () => (await t.emulator.state()).us.templates[D] ?? [];
const template = (args: Record<string, unknown> = {}) => checked<TemplateInputs>(templateHandler, { domain: D, name: "Receipt", description: "d1", ownerTag: "0123456789abcdef", ...args });
const version = (args: Record<string, unknown> = {}) => checked<TemplateVersionInputs>(templateVersionHandler, { domain: D, template: "receipt", tag: "V1", content: "<p>1</p>", ...args });

test("create, read, update and delete are one call each", async () => {
  const tc = await templateHandler.create(await template());
  const vc = await templateVersionHandler.create(await version({ active: true }));
  expect(await calls()).toEqual(["POST /templates 200", "POST /templates/receipt/versions 200"]);
  expect(tc.outs).toMatchObject({ name: "Receipt", createdBy: "pulumi-mailgun/0123456789abcdef" });
  expect(vc.outs).toMatchObject({ tag: "V1", active: true, declaredActive: true });

  await t.emulator.clearRequests();
  const tr = await templateHandler.read(tc.id, { ...tc.outs, writtenAt: 0 });
  const vr = await templateVersionHandler.read(vc.id, { ...vc.outs, writtenAt: 0 });
  expect(await calls()).toEqual(["GET /templates/receipt 200", "GET /templates/receipt/versions/v1 200"]);
  expect(tr.inputs).toMatchObject({ name: "Receipt", description: "d1" });
  expect(vr.inputs).toMatchObject({ tag: "V1", content: "<p>1</p>", active: true });

  await t.emulator.clearRequests();
  await templateHandler.update(tc.id, tc.outs, await template({ description: "d2" }));
  await templateVersionHandler.update(vc.id, vc.outs, await version({ content: "<p>2</p>", comment: "c", active: true }));
  expect(await calls()).toEqual(["PUT /templates/receipt 200", "PUT /templates/receipt/versions/v1 200"]);

  await t.emulator.clearRequests();
  await templateVersionHandler.delete(vc.id, vc.outs);
  await templateHandler.delete(tc.id, tc.outs);
  // The template's delete first makes sure it holds no version it was not told to take (forceDestroy).
  expect(await calls()).toEqual(["DELETE /templates/receipt/versions/v1 200", "GET /templates/receipt/versions 200", "DELETE /templates/receipt 200"]);
  expect(await stored()).toEqual([]);
});

test("a template create whose answer was lost takes the template it made (its createdBy marker), with one POST", async () => {
  await t.emulator.setKnobs(LOST_ANSWER);
  let created;
  try {
    created = await templateHandler.create(await template());
  } finally {
    await t.emulator.setKnobs(quiet);
  }
  const posts = (await t.emulator.requests()).filter((r) => r.method === "POST");
  expect(posts[0]).toMatchObject({ fault: "error", applied: true });
  expect(posts).toHaveLength(1);
  expect(await stored()).toEqual([expect.objectContaining({ name: "receipt", createdBy: "pulumi-mailgun/0123456789abcdef" })]);
  expect(created.outs.templateId).toBe((await stored())[0].id);
});

test("a template of that name made by someone else is refused without adopt, and taken over with it", async () => {
  await t.emulator.api("us", "POST", `/v3/${D}/templates`, { name: "receipt", description: "theirs", createdBy: "alice" });
  await expect(templateHandler.create(await template())).rejects.toThrow(/template "receipt" already exists .*\(created by "alice"\), and this stack did not make it\. Set adopt: true/);
  expect((await stored())[0]).toMatchObject({ description: "theirs" });
  await templateHandler.create(await template({ adopt: true }));
  expect((await stored())[0]).toMatchObject({ description: "d1", createdBy: "alice" });
});

test("a version create whose answer was lost takes the version it made, with one POST", async () => {
  await t.emulator.api("us", "POST", `/v3/${D}/templates`, { name: "receipt" });
  await t.emulator.clearRequests();
  await t.emulator.setKnobs(LOST_ANSWER);
  try {
    await templateVersionHandler.create(await version());
  } finally {
    await t.emulator.setKnobs(quiet);
  }
  const posts = (await t.emulator.requests()).filter((r) => r.method === "POST");
  expect(posts[0]).toMatchObject({ fault: "error", applied: true });
  expect(posts).toHaveLength(1);
  expect((await stored())[0].versions).toEqual([expect.objectContaining({ tag: "v1", template: "<p>1</p>", active: true })]);
});

test("a version whose template is gone reads as gone, and deleting it succeeds; a version for a missing template says what to do", async () => {
  await templateHandler.create(await template());
  const vc = await templateVersionHandler.create(await version());
  await t.emulator.api("us", "DELETE", `/v3/${D}/templates/receipt`);
  expect(await templateVersionHandler.read(vc.id, { ...vc.outs, writtenAt: 0 })).toEqual({});
  await expect(templateVersionHandler.delete(vc.id, vc.outs)).resolves.toBeUndefined();
  await expect(templateVersionHandler.create(await version())).rejects.toThrow(/Mailgun knows no template "receipt" on mg\.templates\.example\.com in region us.*pass template: myTemplate\.name/);
}, 30_000);

test("the account's limits are explained: 100 templates per domain, 40 versions per template", async () => {
  for (let i = 0; i < 100; i++) await t.emulator.api("us", "POST", `/v3/${D}/templates`, { name: `t${i}` });
  await expect(templateHandler.create(await template())).rejects.toThrow(/the domain already holds 100 templates, Mailgun's maximum per domain/);
  for (let i = 0; i < 40; i++) await t.emulator.api("us", "POST", `/v3/${D}/templates/t0/versions`, { template: "x", tag: `x${i}` });
  await expect(templateVersionHandler.create(await version({ template: "t0" }))).rejects.toThrow(/the template already holds 40 versions, Mailgun's maximum per template/);
}, 60_000);

test("with Mailgun slow to show writes, a version right after its template, and reads right after writes, wait it out", async () => {
  await t.emulator.setKnobs({ consistencyDelayMs: 1500 });
  try {
    const tc = await templateHandler.create(await template());
    const vc = await templateVersionHandler.create(await version({ active: true }));
    expect((await templateHandler.read(tc.id, tc.outs)).props).toMatchObject({ name: "Receipt", description: "d1" });
    expect((await templateVersionHandler.read(vc.id, vc.outs)).props).toMatchObject({ content: "<p>1</p>", active: true });
    const vu = await templateVersionHandler.update(vc.id, vc.outs, await version({ content: "<p>2</p>", active: true }));
    expect((await templateVersionHandler.read(vc.id, vu.outs)).props).toMatchObject({ content: "<p>2</p>" });
  } finally {
    await t.emulator.setKnobs(quiet);
  }
  const notYet = (await t.emulator.requests()).filter((r) => r.status === 404);
  expect(notYet.length).toBeGreaterThan(0);
}, 60_000);

test("deleting the active version while its Template stays in the program says the template has no active version now", async () => {
  const tc = await templateHandler.create(await template());
  const vc = await templateVersionHandler.create(await version());
  expect(vc.outs.active).toBe(true);
  // As the ownership guard records it when the Template's check runs in the same `up`.
  declareOwner("Template", tc.id, "receipt-template");
  const said: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (said.push(String(chunk)), true));
  try {
    await templateVersionHandler.delete(vc.id, vc.outs);
  } finally {
    spy.mockRestore();
  }
  expect(said.join("")).toMatch(/deleted version "v1" of template "receipt" on mg\.templates\.example\.com, which was its active version: until another version is made active/);
  expect((await stored())[0].versions).toEqual([]);
});

test("a rollback activates the older version even when its stored state still says active (a sibling took over since)", async () => {
  await templateHandler.create(await template());
  // v1 is the template's first version, so Mailgun makes it active and its state says so...
  const v1 = await templateVersionHandler.create(await version());
  expect(v1.outs.active).toBe(true);
  // ...until v2 is activated: v1's state is stale until its next read.
  await templateVersionHandler.create(await version({ tag: "v2", content: "<p>2</p>", active: true }));
  expect((await stored())[0].versions.filter((v: { active: boolean }) => v.active).map((v: { tag: string }) => v.tag)).toEqual(["v2"]);

  // The rollback program: v2 no longer asks to be active, v1 does.
  await version({ tag: "v2", content: "<p>2</p>" });
  await t.emulator.clearRequests();
  await templateVersionHandler.update(v1.id, v1.outs, await version({ active: true }));
  expect(await calls()).toEqual(["PUT /templates/receipt/versions/v1 200"]);
  expect((await stored())[0].versions.filter((v: { active: boolean }) => v.active).map((v: { tag: string }) => v.tag)).toEqual(["v1"]);
});
