import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../testkit/pulumi";

/**
 * Issue 21 item 4: every import runs one way. A module that imports back up (store.ts from its
 * models, errors.ts from config.ts) makes load order matter and the layers blur; this finds any
 * cycle among the package's own modules, type-only imports included.
 */
const ROOTS = ["provider", "sdk", "emulator", "cli"];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.ts$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+["'](\.[^"']+)["']/g)) {
    const base = path.resolve(path.dirname(file), m[1]);
    for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) if (fs.existsSync(candidate)) { found.push(candidate); break; }
  }
  return found;
}

test("the package's modules import without cycles", () => {
  const files = ROOTS.flatMap((r) => sources(path.join(repoRoot, r)));
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === "open") cycles.push([...stack.slice(stack.indexOf(g)), g].map((x) => path.relative(repoRoot, x)).join(" -> "));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  expect(cycles).toEqual([]);
});
