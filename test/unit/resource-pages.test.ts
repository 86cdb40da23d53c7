import * as fs from "node:fs";
import * as path from "node:path";
import { KINDS } from "../../provider";
import { repoRoot } from "../../testkit/pulumi";

/**
 * Issue 21 item 5: every resource page has one shape (docs/resources/README.md describes it), so a
 * reader finds the same thing in the same place, and the Fields table can later be generated: one
 * contiguous table directly under "## Fields", one row per input of the SDK class.
 */
const SECTIONS = ["Example", "Fields", "Outputs", "Behaviour", "Preview refuses", "Where it lives"];
const HEADER = "| field | type | required / default | change | description |";
const kebab = (kind: string) => kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
const page = (kind: string) => fs.readFileSync(path.join(repoRoot, "docs", "resources", `${kebab(kind)}.md`), "utf8");
const withoutCode = (md: string) => md.replace(/^```[\s\S]*?^```/gm, "");

/** The inputs of the kind's SDK Args interface (account aside: every kind takes it, README.md says so). */
function sdkInputs(kind: string): string[] {
  const source = fs.readFileSync(path.join(repoRoot, "sdk", `${kebab(kind)}.ts`), "utf8");
  const body = new RegExp(`export interface ${kind}Args\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(source)![1];
  return [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]).filter((k) => k !== "account");
}

describe.each(KINDS)("docs/resources page of %s", (kind) => {
  test("has the sections of every page, in order", () => {
    const headings = [...withoutCode(page(kind)).matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(SECTIONS);
    expect(page(kind).split("\n")[0]).toBe(`# ${kind}`);
  });

  test("has one Fields table directly under its heading, a row per SDK input", () => {
    const after = page(kind).split("\n## Fields\n\n")[1];
    const lines = after.split("\n");
    expect(lines[0]).toBe(HEADER);
    const table = lines.slice(0, lines.findIndex((l) => !l.startsWith("|")));
    expect(after.slice(table.join("\n").length)).toMatch(/^\n\n## Outputs\n/);
    const rows = table.slice(2).map((l) => l.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
    for (const row of rows) expect(row).toHaveLength(5);
    const documented = rows.flatMap(([field]) => [...field.matchAll(/`(\w+)`/g)].map((m) => m[1]));
    expect(documented.sort()).toEqual(sdkInputs(kind).sort());
  });

  test("its example is a complete program", () => {
    const example = /## Example\n\n```ts\n([\s\S]*?)```/.exec(page(kind))?.[1] ?? "";
    expect(example).toMatch(/^import \* as mailgun from "pulumi-mailgun";$/m);
    expect(example).toMatch(new RegExp(`new mailgun\\.${kind}\\(`));
  });
});
