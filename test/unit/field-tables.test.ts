import * as fs from "node:fs";
import * as path from "node:path";
import { KINDS } from "../../provider";
import { definitions } from "../../provider/resources/fields";
import { withTables } from "../../provider/resources/fields/field-docs";
import { repoRoot } from "../../testkit/pulumi";

/**
 * The Fields and Outputs tables of docs/resources/<kind>.md are written from the kind's field
 * definition (provider/resources/fields/). A page that differs fails here; `npm run docs:tables`
 * (this test with WRITE_FIELD_TABLES=1) rewrites the pages.
 */
const kebab = (kind: string) => kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
const write = process.env.WRITE_FIELD_TABLES === "1";

describe.each(KINDS)("docs/resources page of %s", (kind) => {
  test("shows the tables its field definition makes", () => {
    const file = path.join(repoRoot, "docs", "resources", `${kebab(kind)}.md`);
    const page = fs.readFileSync(file, "utf8");
    const wanted = withTables(page, definitions[kind]);
    if (write && wanted !== page) fs.writeFileSync(file, wanted);
    else if (wanted !== page) throw new Error(`${path.relative(repoRoot, file)} is stale: its tables differ from provider/resources/fields/. Run: npm run docs:tables\n\n${wanted}`);
  });
});
