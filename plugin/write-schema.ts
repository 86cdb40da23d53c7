/** `npm run schema`: writes schema.json at the package root from the kinds' definitions (schema.ts). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { schemaText } from "./schema";
import { packageVersion } from "./version";

export const SCHEMA_FILE = "schema.json";

if (require.main === module) {
  const root = join(__dirname, "..", "..");
  writeFileSync(join(root, SCHEMA_FILE), schemaText(packageVersion()));
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
