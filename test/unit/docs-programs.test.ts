import * as fs from "node:fs";
import * as path from "node:path";
import { typeCheck } from "../../testkit/typecheck";
import { repoRoot } from "../../testkit/pulumi";

/**
 * Issue 20 item 10: every TypeScript block of README.md and docs/ is a complete program that
 * compiles against the package as a user's CommonJS project would (no undeclared names, no
 * top-level await). A block that is deliberately a piece of a program is fenced ```ts fragment;
 * a block that imports @pulumi/mailgun is the program a migration guide starts from, checked
 * against that package in its own guide, not here; one that imports @pulumi-mailgun/mailgun (the
 * generated Node SDK, not in the repo) is checked against it by test/engine/plugin-sdks.test.ts.
 * A block without imports gets the usual two.
 */
const HEADER = 'import * as pulumi from "@pulumi/pulumi";\nimport * as mailgun from "pulumi-mailgun";\n';
function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith(".md") ? [p] : [];
  });
}

interface Block { file: string; line: number; code: string }

function programs(): Block[] {
  const blocks: Block[] = [];
  for (const file of [path.join(repoRoot, "README.md"), ...markdownFiles(path.join(repoRoot, "docs"))]) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm)) {
      if (/\bfragment\b/.test(m[2]) || /from "@pulumi(-mailgun)?\/mailgun"/.test(m[3])) continue;
      blocks.push({ file: path.relative(repoRoot, file), line: text.slice(0, m.index).split("\n").length, code: m[3] });
    }
  }
  return blocks;
}

test("every TypeScript block of the README and docs/ compiles as a program", () => {
  const blocks = programs();
  expect(blocks.length).toBeGreaterThan(20);
  // Inside the repo, so "pulumi-mailgun" resolves to the package itself (as the examples do).
  fs.mkdirSync(path.join(repoRoot, ".test-work"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repoRoot, ".test-work", "docs-programs-"));
  try {
    const files = blocks.map((b, i) => {
      const f = path.join(dir, `${String(i).padStart(2, "0")}-${b.file.replace(/[/.]/g, "_")}-L${b.line}.ts`);
      // Each block is its own module, as each is its own program.
      fs.writeFileSync(f, `${/^import /m.test(b.code) ? "" : HEADER}${b.code}\nexport {};\n`);
      return f;
    });
    expect(typeCheck(files)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
