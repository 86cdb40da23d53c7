import * as fs from "node:fs";
import * as path from "node:path";
import { typeCheck } from "../../testkit/typecheck";
import { repoRoot } from "../../testkit/pulumi";

/**
 * The TypeScript a migration guide tells people to write must compile against the package: a
 * renamed field would otherwise leave the guide quietly wrong. A block without its own imports
 * gets the usual two.
 */
const GUIDES: Array<{ file: string; after: string }> = [
  { file: "from-terraform.md", after: "### After" },
  { file: "from-pulumi-mailgun.md", after: "### After" },
];

/** The first ```ts block after each heading equal to `heading`. */
function blocksAfter(markdown: string, heading: string): string[] {
  return markdown
    .split("\n" + heading + "\n")
    .slice(1)
    .map((rest) => {
      const m = /```ts\n([\s\S]*?)```/.exec(rest);
      if (!m) throw new Error(`no ts block after ${heading}`);
      return m[1];
    });
}

const HEADER = 'import * as pulumi from "@pulumi/pulumi";\nimport * as mailgun from "pulumi-mailgun";\n';

describe("docs/migrating", () => {
  test.each(GUIDES)("the after-programs of $file type-check against the package", ({ file, after }) => {
    const markdown = fs.readFileSync(path.join(repoRoot, "docs", "migrating", file), "utf8");
    const blocks = blocksAfter(markdown, after);
    expect(blocks.length).toBeGreaterThan(0);
    // Inside the repo, so "pulumi-mailgun" resolves to the package itself (as the examples do).
    fs.mkdirSync(path.join(repoRoot, ".test-work"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(repoRoot, ".test-work", "migration-docs-"));
    try {
      const files = blocks.map((code, i) => {
        const f = path.join(dir, `after-${i}.ts`);
        const complete = code.includes('from "pulumi-mailgun"') ? code : HEADER + code;
        fs.writeFileSync(f, complete.replace(/"pulumi-mailgun"/g, JSON.stringify(path.join(repoRoot, "sdk"))) + "\nexport {};\n");
        return f;
      });
      const diagnostics = typeCheck(files, { noUnusedLocals: false });
      expect(diagnostics).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
