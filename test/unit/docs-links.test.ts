import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../testkit/pulumi";

/**
 * Issue 21 item 5: the README is a map of docs/, and docs/ pages link each other; a page moved or
 * a heading renamed must not leave a link pointing nowhere. Every relative link of README.md and
 * docs/**\/*.md must name an existing file, and its #anchor, if any, a heading of that file (as
 * GitHub spells heading anchors). Links inside code are not links.
 */
function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith(".md") ? [p] : [];
  });
}

/** The text outside fenced blocks and inline code. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchor for each heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

interface Link { file: string; target: string }

function relativeLinks(): Link[] {
  const files = [path.join(repoRoot, "README.md"), ...markdownFiles(path.join(repoRoot, "docs"))];
  return files.flatMap((file) =>
    [...prose(fs.readFileSync(file, "utf8")).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
      .map((m) => m[1])
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ file: path.relative(repoRoot, file), target })),
  );
}

test("every relative link of the README and docs/ points to an existing file and heading", () => {
  const links = relativeLinks();
  expect(links.length).toBeGreaterThan(100);
  const broken = links.filter(({ file, target }) => {
    const [ref, anchor] = target.split("#");
    const resolved = ref ? path.resolve(repoRoot, path.dirname(file), decodeURI(ref)) : path.join(repoRoot, file);
    if (!fs.existsSync(resolved)) return true;
    if (anchor === undefined || !resolved.endsWith(".md")) return false;
    return !headingAnchors(fs.readFileSync(resolved, "utf8")).has(decodeURIComponent(anchor).toLowerCase());
  });
  expect(broken.map(({ file, target }) => `${file}: ${target}`)).toEqual([]);
});

test("heading anchors are spelled as GitHub spells them", () => {
  const anchors = headingAnchors("# Renaming a resource, and what `adopt` means\n## (a) API calls per operation\n## Drift\n### Drift\n```\n# not a heading\n```\n");
  expect([...anchors]).toEqual(["renaming-a-resource-and-what-adopt-means", "a-api-calls-per-operation", "drift", "drift-1"]);
});

test("every source file the README and docs/ name in code spans exists (a module moved leaves no stale pointer)", () => {
  const files = [path.join(repoRoot, "README.md"), ...markdownFiles(path.join(repoRoot, "docs"))];
  const named = files.flatMap((file) =>
    [...fs.readFileSync(file, "utf8").matchAll(/`((?:provider|sdk|emulator|cli|testkit|test|bench|scripts|examples)\/[\w./-]+\.(?:ts|js|sh|json))`/g)].map((m) => ({ file: path.relative(repoRoot, file), named: m[1] })),
  );
  expect(named.length).toBeGreaterThan(50);
  expect(named.filter(({ named }) => !fs.existsSync(path.join(repoRoot, named))).map(({ file, named }) => `${file}: ${named}`)).toEqual([]);
});
