import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "./pulumi";

/**
 * The example programs of the docs/resources pages, merged into ONE Pulumi project so that one
 * `pulumi up`, one preview and one destroy run them all (a project per page would cost a CLI run
 * each). Each page's program is its own module, run as written but for its import of
 * "pulumi-mailgun", which becomes page-sdk.ts: the same classes, each resource made a child of a
 * component of its own page. Only the URNs change (the component's type is part of them), so two
 * pages may both name a resource "mg", as two separate programs could.
 */
export interface PageExample {
  /** The page's file name without .md, e.g. "dkim-key". */
  page: string;
  code: string;
}

const IMPORT = /^import \* as mailgun from "pulumi-mailgun";$/m;

export function resourcePageExamples(): PageExample[] {
  const dir = path.join(repoRoot, "docs", "resources");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .sort()
    .map((f) => {
      const markdown = fs.readFileSync(path.join(dir, f), "utf8");
      const code = /^## Example\n\n```ts\n([\s\S]*?)^```/m.exec(markdown)?.[1];
      if (!code || !IMPORT.test(code)) throw new Error(`docs/resources/${f}: no "## Example" program importing pulumi-mailgun`);
      return { page: f.slice(0, -3), code };
    });
}

/** The stack output holding a page's exports: "dkim-key" -> "dkimKey". */
export const outputOf = (page: string) => page.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

const PAGE_SDK = `import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

let parent: pulumi.ComponentResource | undefined;

/** Runs a page's program with every resource it declares under a component of that page. */
export function underPage(page: string, load: () => Record<string, unknown>): Record<string, unknown> {
  const component = new pulumi.ComponentResource(\`docs:\${page}:Page\`, page);
  parent = component;
  try {
    return { ...load() };
  } finally {
    parent = undefined;
    component.registerOutputs({});
  }
}

const classes = new Map<PropertyKey, unknown>();
/** pulumi-mailgun, with each resource class giving its resources the current page as parent. */
export const sdk: typeof mailgun = new Proxy(mailgun, {
  get(target, key) {
    const value = (target as Record<PropertyKey, any>)[key];
    if (typeof value !== "function" || !(value.prototype instanceof pulumi.CustomResource)) return value;
    if (!classes.has(key)) {
      classes.set(key, class extends value {
        constructor(name: string, args: unknown, opts?: object) {
          super(name, args, { parent, ...opts });
        }
      });
    }
    return classes.get(key);
  },
});
`;

/** Writes the merged project into a fresh directory (for createTestProject to copy) and returns it. */
export function writeMergedProject(examples: PageExample[], project: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "resource-pages-"));
  fs.mkdirSync(path.join(dir, "pages"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: project, private: true, main: "index.ts" }, null, 2));
  fs.writeFileSync(path.join(dir, "page-sdk.ts"), PAGE_SDK);
  for (const e of examples) {
    fs.writeFileSync(path.join(dir, "pages", `${e.page}.ts`), e.code.replace(IMPORT, 'import { sdk as mailgun } from "../page-sdk";'));
  }
  fs.writeFileSync(
    path.join(dir, "index.ts"),
    ['import { underPage } from "./page-sdk";', "", ...examples.map((e) => `export const ${outputOf(e.page)} = underPage("${e.page}", () => require("./pages/${e.page}"));`), ""].join("\n"),
  );
  return dir;
}
