/**
 * One definition per resource kind, each field written once: its zod schema (validation and
 * default), how a change reaches Mailgun, whether it is a secret, and the text the docs show.
 * Everything else is derived from it: the schema `check` applies, the fields `diff` compares and
 * those that replace, the fields check masks, the SDK's optional keys, outputs and secret
 * outputs, the Fields and Outputs tables of docs/resources/<kind>.md (field-docs.ts), and a JSON
 * Schema per kind for a provider plugin's package schema (json-schema.ts).
 */
import { z } from "zod";

/** How a new value reaches Mailgun: updated in place, a new object (replace), or never a diff (adopt). */
export type Change = "in place" | "replace" | "not compared";

export interface InputField {
  /** Validation and default: `.optional()` or `.default()` make the field optional. */
  schema: z.ZodType;
  change: Change;
  /** The handler's own diff compares it (a PEM by its public key, `active` against Mailgun's state), not fieldDiff. */
  comparedByHandler?: true;
  /** Always a secret: the SDK wraps the input and marks the output secret. */
  secret?: true;
  /** May hold a secret (a URL with a token): check failures mask its value. */
  mayHoldSecret?: true;
  /** Set by the SDK (ownerTag), never by a program: no SDK argument, no docs row, not in the JSON Schema. */
  internal?: true;
  /** The docs' description of the field (markdown). */
  description: string;
  /** Overrides of the docs table's columns, where the text says more than the schema. */
  docs?: { type?: string; default?: string; change?: string };
  /** A valid value: the examples (every required field has one) make the kind's smallest valid inputs. */
  example?: unknown;
}

export interface OutputField {
  /** The output's type (for the JSON Schema). */
  schema: z.ZodType;
  description: string;
  secret?: true;
  /** Bookkeeping of the provider (declaredActive): declared by the SDK, not documented. */
  internal?: true;
}

export interface KindDefinition<I extends Record<string, InputField> = Record<string, InputField>, O extends Record<string, OutputField> = Record<string, OutputField>> {
  kind: string;
  inputs: I;
  /** Output-only fields: every input is an output as well. */
  outputs: O;
  /** The SDK passes the resource's logical name (for failures that name several resources). */
  declaredAs: boolean;
}

export function defineKind<const I extends Record<string, InputField>, const O extends Record<string, OutputField> = {}>(
  kind: string,
  inputs: I,
  options: { outputs?: O; declaredAs?: boolean } = {},
): KindDefinition<I, O> {
  return { kind, inputs, outputs: options.outputs ?? ({} as O), declaredAs: options.declaredAs ?? true };
}

type Shape<I extends Record<string, InputField>> = { [K in keyof I]: I[K]["schema"] };

/** The zod object `check` applies: every field, unknown keys refused. */
export function inputSchema<I extends Record<string, InputField>>(d: KindDefinition<I, Record<string, OutputField>>): z.ZodObject<Shape<I>, z.core.$strict> {
  const shape = Object.fromEntries(Object.entries(d.inputs).map(([k, f]) => [k, f.schema])) as Shape<I>;
  return z.object(shape).strict();
}

const entries = (d: KindDefinition) => Object.entries(d.inputs);

/** The fields fieldDiff compares, in the definition's order. */
export function diffedFields(d: KindDefinition): string[] {
  return entries(d).filter(([, f]) => f.change !== "not compared" && !f.comparedByHandler).map(([k]) => k);
}

/** Of those, the ones whose change makes a new object. */
export function replacingFields(d: KindDefinition): string[] {
  return entries(d).filter(([, f]) => f.change === "replace" && !f.comparedByHandler).map(([k]) => k);
}

/** Fields whose values check must never echo. */
export function sensitiveFields(d: KindDefinition): string[] {
  return entries(d).filter(([, f]) => f.secret || f.mayHoldSecret).map(([k]) => k);
}

/** Whether the program may leave the field out (it has a default, or is optional). */
export function isOptional(f: InputField): boolean {
  return f.schema.safeParse(undefined).success;
}

/** The field's default, if its schema has one (zod keeps it on the outermost wrapper). */
export function defaultOf(f: InputField): { value: unknown } | undefined {
  const def = (f.schema as unknown as { _zod: { def: { type: string; defaultValue?: unknown } } })._zod.def;
  return def.type === "default" ? { value: def.defaultValue } : undefined;
}

/** The inputs a program sets (internal ones aside). */
export function programInputs(d: KindDefinition): string[] {
  return entries(d).filter(([, f]) => !f.internal).map(([k]) => k);
}

/** The inputs a program may leave out. */
export function optionalInputs(d: KindDefinition): string[] {
  return entries(d).filter(([, f]) => !f.internal && isOptional(f)).map(([k]) => k);
}

/** The outputs beyond the inputs, internal ones included (the SDK must list them to receive them). */
export function outputNames(d: KindDefinition): string[] {
  return Object.keys(d.outputs);
}

/** Inputs and outputs that are always secrets. */
export function secretNames(d: KindDefinition): string[] {
  const inputs = entries(d).filter(([, f]) => f.secret).map(([k]) => k);
  const outputs = Object.entries(d.outputs).filter(([, f]) => f.secret).map(([k]) => k);
  return [...new Set([...inputs, ...outputs])];
}

/** The smallest valid inputs: the fields' examples. */
export function exampleInputs(d: KindDefinition): Record<string, unknown> {
  return Object.fromEntries(entries(d).filter(([, f]) => !f.internal && (f.example !== undefined || !isOptional(f))).map(([k, f]) => [k, f.example]));
}
