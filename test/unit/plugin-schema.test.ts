import * as fs from "node:fs";
import * as path from "node:path";
import { KINDS } from "../../provider";
import { CONFIG_KEYS } from "../../provider/config";
import { WEBHOOK_EVENTS } from "../../provider/resources/webhook";
import { KEY_ROLES } from "../../provider/resources/fields/keys";
import { definitions } from "../../provider/resources/fields";
import { defaultOf, programInputs, secretNames } from "../../provider/resources/fields/define";
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

test("an explicit provider takes every setting and a subaccountId (a mailgun.Account's counterpart); the stack settings have no subaccount", () => {
  const schema = JSON.parse(committed());
  expect(Object.keys(schema.provider.inputProperties).sort()).toEqual([...Object.keys(schema.config.variables), "subaccountId"].sort());
  expect(schema.provider.inputProperties.subaccountId).toMatchObject({ type: "string", description: expect.stringContaining("X-Mailgun-On-Behalf-Of") });
  expect(schema.provider.inputProperties.apiKey.secret).toBe(true);
  expect(schema.config.variables).not.toHaveProperty("subaccountId");
});

test("inputs come from the definitions' zod schemas: required fields, types, defaults; secrets are marked as inputs and outputs", () => {
  const schema = JSON.parse(committed());
  const domain = schema.resources["mailgun:index:Domain"];
  expect(domain.requiredInputs).toEqual(["name"]);
  expect(domain.inputProperties.spamAction).toEqual({ $ref: "#/types/mailgun:index:DomainSpamAction", default: "disabled" });
  expect(domain.inputProperties.dkimKeySize).toEqual({ $ref: "#/types/mailgun:index:DkimKeySize", description: "read back from the DKIM record", replaceOnChanges: true });
  expect(domain.inputProperties.clickTracking.oneOf).toEqual([{ type: "boolean" }, { type: "string" }]);
  expect(domain.inputProperties.dkimRotation.$ref).toBe("#/types/mailgun:index:DomainDkimRotation");
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

describe.each(KINDS)("schema.json's %s, from its field definition", (kind) => {
  const d = definitions[kind];
  const resource = () => JSON.parse(committed()).resources[`mailgun:index:${kind}`];

  test("every program input is an input property with the definition's description, secret and replace flags; internal ones are left out", () => {
    const { inputProperties, properties } = resource();
    for (const [name, f] of Object.entries(d.inputs)) {
      if (f.internal) {
        expect([name, inputProperties[name], properties[name]]).toEqual([name, undefined, undefined]);
        continue;
      }
      // A field that is an output as well (TemplateVersion's `active`) is described as the output.
      for (const p of name in d.outputs ? [inputProperties[name]] : [inputProperties[name], properties[name]]) {
        expect([name, p?.description]).toEqual([name, f.description || undefined]);
        expect([name, p?.secret]).toEqual([name, f.secret ? true : undefined]);
        expect([name, p?.replaceOnChanges]).toEqual([name, f.change === "replace" ? true : undefined]);
      }
    }
  });

  test("every documented output is a property with its description and secret flag; bookkeeping ones are left out", () => {
    const { properties, inputProperties } = resource();
    for (const [name, o] of Object.entries(d.outputs)) {
      if (o.internal) {
        expect([name, properties[name]]).toEqual([name, undefined]);
        continue;
      }
      expect([name, properties[name]?.description]).toEqual([name, o.description]);
      expect([name, properties[name]?.secret]).toEqual([name, o.secret ? true : undefined]);
    }
    // Nothing beyond the definition: its program inputs and documented outputs.
    const documented = [...programInputs(d), ...Object.keys(d.outputs).filter((k) => !d.outputs[k].internal)];
    expect(Object.keys(properties).sort()).toEqual([...new Set(documented)].sort());
    expect(Object.keys(inputProperties).sort()).toEqual(programInputs(d).sort());
  });

  test("every secret of the definition is `secret: true` wherever it appears", () => {
    const { inputProperties, properties } = resource();
    for (const name of secretNames(d)) {
      expect([name, properties[name]?.secret]).toEqual([name, true]);
      if (d.inputs[name]) expect([name, inputProperties[name]?.secret]).toEqual([name, true]);
    }
  });

  test("a primitive default of a single-typed input is the schema's default (a union's is left to the provider)", () => {
    const { inputProperties } = resource();
    for (const [name, f] of Object.entries(d.inputs)) {
      const dflt = defaultOf(f);
      if (!dflt || typeof dflt.value === "object") continue;
      const expected = inputProperties[name].oneOf ? undefined : dflt.value;
      expect([name, inputProperties[name].default]).toEqual([name, expected]);
    }
  });
});

test("fixed sets of values are enum types, from the definitions' zod enums and literal unions (and the region's refinement)", () => {
  const schema = JSON.parse(committed());
  const values = (name: string) => schema.types[`mailgun:index:${name}`].enum.map((e: { value: unknown }) => e.value);
  expect(values("Region")).toEqual(["us", "eu"]);
  expect(values("WebhookEvent")).toEqual([...WEBHOOK_EVENTS]);
  expect(values("KeyRole")).toEqual([...KEY_ROLES]);
  expect(values("DkimKeySize")).toEqual([1024, 2048]);
  expect(schema.types["mailgun:index:DkimKeySize"]).toMatchObject({ type: "integer", enum: [{ name: "Bits1024" }, { name: "Bits2048" }] });
  expect(values("DomainSpamAction")).toEqual(["disabled", "block", "tag"]);
  // Every region of every kind is the one Region type; so are the DKIM key sizes, events and roles wherever they appear.
  for (const kind of KINDS) {
    const r = schema.resources[`mailgun:index:${kind}`];
    if (r.inputProperties.region) expect(r.inputProperties.region.$ref).toBe("#/types/mailgun:index:Region");
  }
  expect(schema.resources["mailgun:index:DkimKey"].inputProperties.bits.$ref).toBe("#/types/mailgun:index:DkimKeySize");
  expect(schema.resources["mailgun:index:Webhook"].inputProperties.events.items.$ref).toBe("#/types/mailgun:index:WebhookEvent");
  expect(schema.resources["mailgun:index:AccountWebhook"].inputProperties.eventTypes.items.$ref).toBe("#/types/mailgun:index:WebhookEvent");
  expect(schema.resources["mailgun:index:ApiKey"].inputProperties.role.$ref).toBe("#/types/mailgun:index:KeyRole");
  // The provider's region stays a string (see plugin/schema.ts settings()).
  expect(schema.provider.inputProperties.region.type).toBe("string");
});
