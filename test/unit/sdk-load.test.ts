/**
 * What loading the SDK costs the program's process, which every `pulumi up` and `preview` starts
 * afresh: the field definitions and classes, not the REST client (loaded by the provider, and by
 * a program only when it runs a lookup).
 */
import { execFileSync } from "node:child_process";
import { repoRoot } from "../../testkit/pulumi";

test("the built SDK loads without the REST client, the handlers or the provider's runtime", () => {
  const script = `
    require("@pulumi/pulumi");
    require("./dist/sdk");
    console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("/dist/provider/")).map((k) => k.split("/dist/provider/")[1])));
  `;
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: repoRoot, encoding: "utf8" }));
  expect(loaded).toContain("resources/fields/domain.js");
  expect(loaded.filter((m) => /^client\/(?!errors\.js|permissions\.js)|^runtime\.js$|^resources\/(?!fields\/)[^/]*-calls\.js$/.test(m))).toEqual([]);
  expect(loaded.filter((m) => ["resources/suppression.js", "resources/managed-keys.js", "resources/domain.js"].includes(m))).toEqual([]);
});
