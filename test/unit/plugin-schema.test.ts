import * as fs from "node:fs";
import * as path from "node:path";
import { KINDS } from "../../provider";
import { CONFIG_KEYS } from "../../provider/config";
import { schemaText } from "../../plugin/schema";
import { packageVersion } from "../../plugin/version";
import { repoRoot } from "../../testkit/pulumi";

const committed = () => fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8");

test("the committed schema.json is the one generated from the kinds' definitions (run `npm run schema` after changing a kind)", () => {
  expect(committed()).toBe(schemaText(packageVersion()));
});

test("the schema has every kind as mailgun:index:<Kind>, aliased to its dynamic type, and every setting", () => {
  const schema = JSON.parse(committed());
  expect(Object.keys(schema.resources).sort()).toEqual(KINDS.map((k) => `mailgun:index:${k}`).sort());
  for (const k of KINDS) expect(schema.resources[`mailgun:index:${k}`].aliases).toEqual([{ type: `pulumi-nodejs:dynamic/mailgun:${k}` }]);
  expect(Object.keys(schema.config.variables).map((k) => `mailgun:${k}`).sort()).toEqual([...CONFIG_KEYS].sort());
  expect(schema.config.variables.apiKey.secret).toBe(true);
  expect(schema.version).toBe(packageVersion());
});

test("inputs come from the zod schemas: required fields, types, defaults; secrets are marked as inputs and outputs", () => {
  const schema = JSON.parse(committed());
  const domain = schema.resources["mailgun:index:Domain"];
  expect(domain.requiredInputs).toEqual(["name"]);
  expect(domain.inputProperties.spamAction).toEqual({ type: "string", default: "disabled" });
  expect(domain.inputProperties.dkimKeySize).toEqual({ type: "integer" });
  expect(domain.inputProperties.clickTracking.oneOf).toEqual([{ type: "boolean" }, { type: "string" }]);
  expect(domain.inputProperties.dkimRotation).toEqual({ $ref: "#/types/mailgun:index:DomainDkimRotation" });
  expect(schema.types["mailgun:index:DomainDkimRotation"].required).toEqual(["enabled"]);
  // Defaulted inputs are always in the outputs; declared outputs too.
  expect(domain.required).toEqual(expect.arrayContaining(["name", "spamAction", "state", "dnsRecords"]));
  expect(domain.required).not.toContain("smtpPassword");
  const credential = schema.resources["mailgun:index:DomainCredential"];
  expect(credential.inputProperties.password.secret).toBe(true);
  expect(credential.properties.password.secret).toBe(true);
  expect(schema.resources["mailgun:index:SendingKey"].properties.secret.secret).toBe(true);
  expect(schema.resources["mailgun:index:Route"].requiredInputs).toEqual(["actions", "expression"]);
});
