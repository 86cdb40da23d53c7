import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The package's version, which is the plugin's and the schema's: the engine matches the plugin by
 * it. Read from package.json up the tree, as this module runs from plugin/ (tests) or dist/plugin/.
 */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-mailgun" && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) throw new Error("pulumi-resource-mailgun: cannot find pulumi-mailgun's package.json");
  }
}
