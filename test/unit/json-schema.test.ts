import Ajv2020 from "ajv/dist/2020";
import { KINDS, handler } from "../../provider";
import { definitions } from "../../provider/resources/fields";
import { exampleInputs, isOptional, optionalInputs } from "../../provider/resources/fields/define";
import { jsonSchemaOf } from "../../provider/resources/fields/json-schema";

/**
 * Each kind's JSON Schema (for a provider plugin's package schema) is made from its field
 * definition: it accepts the inputs the check accepts, refuses what JSON Schema can tell is wrong
 * (a missing required field, an unknown key, a wrong type), and carries every field's
 * description, secret and replace-on-change flags.
 */
const ajv = new Ajv2020({ allErrors: true });
ajv.addKeyword({ keyword: "secret", schemaType: "boolean" });
// The name the plugin schema gives a field's set of values (plugin/schema.ts), e.g. Region.
ajv.addKeyword({ keyword: "enumName", schemaType: "string" });
ajv.addKeyword({ keyword: "replaceOnChanges", schemaType: "boolean" });

type Props = Record<string, Record<string, unknown>>;

describe.each(KINDS)("JSON Schema of %s", (kind) => {
  const d = definitions[kind];
  const schema = jsonSchemaOf(d);
  const validInputs = ajv.compile(schema.inputs);

  test("accepts the kind's example inputs (the bad-input base), which its check accepts too", async () => {
    expect(validInputs(exampleInputs(d))).toBe(true);
    expect((await handler(kind).check({}, exampleInputs(d))).failures).toBeUndefined();
  });

  test("refuses an unknown key, a missing required field and a wrong type", () => {
    expect(validInputs({ ...exampleInputs(d), notAField: 1 })).toBe(false);
    for (const k of Object.keys(exampleInputs(d))) {
      const { [k]: _left, ...without } = exampleInputs(d);
      if (!isOptional(d.inputs[k])) expect([k, validInputs(without)]).toEqual([k, false]);
      expect([k, validInputs({ ...exampleInputs(d), [k]: { wrong: "type" } })]).toEqual([k, false]);
    }
  });

  test("has every program input and documented output with its description and flags", () => {
    const inputs = (schema.inputs.properties ?? {}) as Props;
    const outputs = (schema.outputs.properties ?? {}) as Props;
    for (const [k, f] of Object.entries(d.inputs).filter(([, f]) => !f.internal)) {
      expect([k, inputs[k]?.description]).toEqual([k, f.description || undefined]);
      expect([k, inputs[k]?.secret]).toEqual([k, f.secret]);
      expect([k, inputs[k]?.replaceOnChanges]).toEqual([k, f.change === "replace" ? true : undefined]);
      expect([k, (schema.inputs.required as string[] | undefined)?.includes(k) ?? false]).toEqual([k, !isOptional(f)]);
      expect(outputs[k]).toBeDefined();
    }
    expect(optionalInputs(d).every((k) => inputs[k] !== undefined)).toBe(true);
    for (const [k, o] of Object.entries(d.outputs).filter(([, o]) => !o.internal)) {
      expect([k, outputs[k]?.description, outputs[k]?.secret]).toEqual([k, o.description, o.secret]);
    }
  });
});
