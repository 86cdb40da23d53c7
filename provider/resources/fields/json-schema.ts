/**
 * A JSON Schema of each kind's inputs and outputs, from its definition: descriptions, defaults,
 * and the flags a Pulumi package schema has per property (`secret`, `replaceOnChanges`). A
 * provider plugin's schema.json is to be built from these.
 */
import { z } from "zod";
import { type KindDefinition, defaultOf } from "./define";

export interface KindJsonSchema {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

const flags = (f: { description: string; secret?: true }, replaces = false) => ({
  ...(f.description ? { description: f.description } : {}),
  ...(f.secret ? { secret: true } : {}),
  ...(replaces ? { replaceOnChanges: true } : {}),
});

export function jsonSchemaOf(d: KindDefinition): KindJsonSchema {
  const inputs = Object.entries(d.inputs).filter(([, f]) => !f.internal);
  // The default as well: zod leaves it out of a default around a transform.
  const inputShape = Object.fromEntries(inputs.map(([k, f]) => {
    const d = defaultOf(f);
    return [k, f.schema.meta({ ...flags(f, f.change === "replace"), ...(d ? { default: d.value } : {}) })];
  }));
  const outputShape = Object.fromEntries(Object.entries(d.outputs).filter(([, o]) => !o.internal).map(([k, o]) => [k, o.schema.meta(flags(o))]));
  const options = { unrepresentable: "any", target: "draft-2020-12" } as const;
  return {
    inputs: { title: `${d.kind} inputs`, ...z.toJSONSchema(z.object(inputShape).strict(), { ...options, io: "input" }) },
    outputs: { title: `${d.kind} outputs`, ...z.toJSONSchema(z.object({ ...inputShape, ...outputShape }), { ...options, io: "output" }) },
  };
}
