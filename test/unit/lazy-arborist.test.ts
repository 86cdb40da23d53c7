/**
 * testkit/lazy-arborist.js, which scripts/test.sh preloads into the test run's Node processes:
 * `@pulumi/pulumi` loads without npm's arborist, and the one Pulumi function that uses it gives
 * the same answer as without the preload.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../testkit/pulumi";

const PRELOAD = path.join(repoRoot, "testkit", "lazy-arborist.js");

/** Loads @pulumi/pulumi in a fresh node, then asks it for the program's code paths (the one use of arborist). */
function inNode(preload: boolean): { loadedAtStart: boolean; codePaths: string[] } {
  const script = `
    const pulumi = require("@pulumi/pulumi");
    const loadedAtStart = Object.keys(require.cache).some((k) => k.includes("@npmcli/arborist"));
    pulumi.runtime.computeCodePaths().then((paths) => console.log(JSON.stringify({ loadedAtStart, codePaths: [...paths.keys()].sort() })));
  `;
  const env = { ...process.env, NODE_OPTIONS: preload ? `--require ${PRELOAD}` : "" };
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: repoRoot, env, encoding: "utf8" }));
}

test("@pulumi/pulumi loads without arborist under the preload, and computeCodePaths answers as without it", () => {
  const plain = inNode(false);
  const preloaded = inNode(true);
  // If Pulumi stops loading it eagerly, the preload has no reason to exist any more.
  expect(plain.loadedAtStart).toBe(true);
  expect(preloaded.loadedAtStart).toBe(false);
  expect(plain.codePaths).toContain("node_modules/zod");
  expect(preloaded.codePaths).toEqual(plain.codePaths);
}, 30_000);
