import { templateHandler, TemplateOutputs } from "../../provider/resources/template";
import { templateVersionHandler, TemplateVersionOutputs } from "../../provider/resources/template-version";
import { declareTemplate, declareVersion } from "../../provider/resources/template-slots";

const tOut = (o: Partial<TemplateOutputs> = {}): TemplateOutputs =>
  ({ domain: "mg.example.com", name: "Receipt", description: "d", region: "us", templateId: "x", createdAt: "", createdBy: "", ...o }) as TemplateOutputs;
const vOut = (o: Partial<TemplateVersionOutputs> = {}): TemplateVersionOutputs =>
  ({ domain: "mg.example.com", template: "Receipt", tag: "V1", content: "c", engine: "handlebars", comment: "", headers: {}, region: "us", active: false, versionId: "x", createdAt: "", ...o }) as TemplateVersionOutputs;
const news = (o: object) => o as never;

describe("Template diff", () => {
  test("the name's case alone is no change; description updates in place; another name replaces", async () => {
    const olds = tOut();
    expect(await templateHandler.diff("id", olds, news({ domain: "mg.example.com", name: "RECEIPT", description: "d", region: "us" }))).toEqual({ changes: false });
    expect(await templateHandler.diff("id", olds, news({ domain: "mg.example.com", name: "receipt", description: "e", region: "us" }))).toEqual({ changes: true });
    // forceDestroy: a replacement otherwise first counts the old template's versions at Mailgun (test/handlers/containers.test.ts).
    expect(await templateHandler.diff("id", { ...olds, forceDestroy: true }, news({ domain: "mg.example.com", name: "invoice", description: "d", region: "us", forceDestroy: true }))).toEqual({ changes: true, replaces: ["name"] });
  });
});

describe("TemplateVersion diff: active is a request, never a mirror", () => {
  const same = { domain: "mg.example.com", template: "receipt", tag: "v1", content: "c", engine: "handlebars", comment: "", headers: {}, region: "us" };
  test.each([
    ["deactivated by a sibling, active unset", vOut({ active: false }), undefined, false],
    ["first version made active by Mailgun, active: false", vOut({ active: true, declaredActive: false }), false, false],
    ["active: true and served", vOut({ active: true, declaredActive: true }), true, false],
    ["active: true but another is served (drift)", vOut({ active: false, declaredActive: true }), true, true],
    ["active: true newly set on the served version (state only)", vOut({ active: true }), true, true],
    ["active: true removed from the program (state only)", vOut({ active: true, declaredActive: true }), undefined, true],
  ])("%s", async (_what, olds, active, changes) => {
    expect(await templateVersionHandler.diff("id", olds, news({ ...same, ...(active === undefined ? {} : { active }) }))).toEqual({ changes });
  });

  test("case alone is no change; content updates in place; tag and engine replace", async () => {
    expect(await templateVersionHandler.diff("id", vOut(), news({ ...same, tag: "V1", template: "RECEIPT" }))).toEqual({ changes: false });
    expect(await templateVersionHandler.diff("id", vOut(), news({ ...same, content: "d", headers: { Subject: "s" } }))).toEqual({ changes: true });
    expect(await templateVersionHandler.diff("id", vOut(), news({ ...same, tag: "v2" }))).toEqual({ changes: true, replaces: ["tag"] });
  });
});

describe("declared templates and versions of one run", () => {
  test("a resource checked again replaces its own record; two active versions are refused naming both", () => {
    const v = { region: "us" as const, domain: "slots.example.com", template: "T" };
    expect(declareVersion({ ...v, tag: "v1", active: true }, "a")).toBeUndefined();
    expect(declareVersion({ ...v, tag: "v1", active: true }, "a")).toBeUndefined();
    expect(declareVersion({ ...v, tag: "V2", active: true }, "b")).toMatch(/TemplateVersions "a", "b" both set active: true for template "t"/);
    // "a" gives up active: then "b" may have it.
    expect(declareVersion({ ...v, tag: "v1" }, "a")).toBeUndefined();
    expect(declareVersion({ ...v, tag: "v2", active: true }, "b")).toBeUndefined();
    expect(declareVersion({ ...v, tag: "V1" }, "c")).toMatch(/TemplateVersions "a", "c" both declare version "v1" of template "t"/);
  });

  test("a template renamed in the program frees its old name", () => {
    const d = { region: "us" as const, domain: "rename.example.com" };
    expect(declareTemplate({ ...d, name: "one" }, "x")).toBeUndefined();
    expect(declareTemplate({ ...d, name: "two" }, "x")).toBeUndefined();
    expect(declareTemplate({ ...d, name: "ONE" }, "y")).toBeUndefined();
    expect(declareTemplate({ ...d, name: "Two" }, "z")).toMatch(/Templates "x", "z" both declare template "two"/);
  });
});
