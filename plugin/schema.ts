/**
 * The Pulumi package schema (schema.json) of the plugin, generated from the kinds' own
 * definitions: each handler's zod input schema through zod 4's `z.toJSONSchema`, and kinds.ts's
 * table of outputs and secrets. Never edit schema.json by hand: `npm run schema` writes it, and
 * test/unit/plugin-schema.test.ts fails when the committed file differs from this.
 *
 * Isolated on purpose: when issue 21's per-kind field definitions land (with a `jsonSchemaOf(kind)`
 * export and descriptions from the docs' source), this module should build from those instead.
 */
import { z } from "zod";
import { KINDS, type ResourceKind } from "../provider";
import { SETTINGS } from "../provider/config";
import { KIND_SPECS, OUTPUT_TYPES, tokenOf, type TypeSpec } from "./kinds";

type Json = Record<string, any>;

interface PropertySpec extends Json {
  secret?: boolean;
  default?: unknown;
}

interface ObjectSpec {
  properties: Record<string, PropertySpec>;
  required: string[];
}

/** A JSON Schema (zod's output) as a Pulumi type spec; objects with fields become named types. */
function typeOf(js: Json, typeName: string, types: Json): TypeSpec {
  if (js.anyOf) {
    const options = (js.anyOf as Json[]).map((o, i) => typeOf(o, `${typeName}${i}`, types));
    const distinct = [...new Map(options.map((o) => [JSON.stringify(o), o])).values()];
    return distinct.length === 1 ? distinct[0] : { oneOf: distinct };
  }
  switch (js.type) {
    case "string":
    case "boolean":
      return { type: js.type };
    case "integer":
      return { type: "integer" };
    case "number":
      return { type: Number.isInteger(js.const) ? "integer" : "number" };
    case "array":
      return { type: "array", items: typeOf(js.items ?? {}, `${typeName}Item`, types) };
    case "object":
      if (js.properties && Object.keys(js.properties).length) {
        const token = `mailgun:index:${typeName}`;
        types[token] = { type: "object", ...objectOf(js, typeName, types) };
        return { $ref: `#/types/${token}` };
      }
      if (js.additionalProperties && Object.keys(js.additionalProperties).length) {
        return { type: "object", additionalProperties: typeOf(js.additionalProperties, `${typeName}Value`, types) };
      }
      return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
    default:
      return { $ref: "pulumi.json#/Any" };
  }
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function objectOf(js: Json, typeName: string, types: Json): ObjectSpec {
  const properties: Record<string, PropertySpec> = {};
  for (const [name, p] of Object.entries<Json>(js.properties ?? {})) {
    properties[name] = { ...typeOf(p, `${typeName}${pascal(name)}`, types) };
    if (p.default !== undefined && typeof p.default !== "object") properties[name].default = p.default;
  }
  return { properties, required: [...(js.required ?? [])].sort() };
}

function resourceOf(kind: ResourceKind, types: Json): Json {
  const spec = KIND_SPECS[kind];
  const inputs = objectOf(z.toJSONSchema(spec.inputs, { io: "input", unrepresentable: "any" }) as Json, kind, types);
  // Defaulted inputs are always present in the checked inputs, hence in the outputs.
  const checked = z.toJSONSchema(spec.inputs, { io: "output", unrepresentable: "any" }) as Json;
  const properties: Record<string, PropertySpec> = {};
  for (const [name, p] of Object.entries(inputs.properties)) properties[name] = { ...p };
  for (const [name, o] of Object.entries(spec.outputs)) properties[name] = { ...o.type };
  for (const name of spec.secrets) {
    if (inputs.properties[name]) inputs.properties[name].secret = true;
    if (properties[name]) properties[name].secret = true;
  }
  for (const p of Object.values(properties)) delete p.default;
  const required = new Set<string>([...(checked.required ?? []), ...Object.entries(spec.outputs).filter(([, o]) => o.always).map(([n]) => n)]);
  return {
    properties,
    required: [...required].filter((n) => properties[n]).sort(),
    inputProperties: inputs.properties,
    requiredInputs: inputs.required,
    // Stacks made with the TypeScript SDK's dynamic resources move onto these types without a replace.
    aliases: [{ type: `pulumi-nodejs:dynamic/mailgun:${kind}` }],
  };
}

const SECRET_SETTINGS = new Set(["mailgun:apiKey"]);
const NUMERIC_SETTINGS = new Set(["maxRetries", "retryBudgetMs", "consistencyBudgetMs", "requestTimeoutMs", "maxConcurrency", "domainDeleteTimeoutSeconds"]);

/** The provider's settings, as stack config (`mailgun:<key>`) and as an explicit provider's inputs. */
function settings(): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const s of SETTINGS) {
    const name = s.config.slice("mailgun:".length);
    out[name] = {
      type: NUMERIC_SETTINGS.has(name) ? "integer" : "string",
      description: `Falls back to the environment variable ${s.env}.`,
      defaultInfo: { environment: [s.env] },
      ...(SECRET_SETTINGS.has(s.config) ? { secret: true } : {}),
    };
  }
  return out;
}

export function packageSchema(version: string): Json {
  const types: Json = { ...OUTPUT_TYPES };
  const resources: Json = {};
  for (const kind of KINDS) resources[tokenOf(kind)] = resourceOf(kind, types);
  const config = settings();
  return {
    name: "mailgun",
    displayName: "Mailgun",
    version,
    description: "Mailgun as Pulumi resources: domains, routes, webhooks, keys, SMTP credentials, DKIM, templates, mailing lists, suppressions.",
    license: "Apache-2.0",
    config: { variables: config },
    provider: { properties: config, inputProperties: config },
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    resources,
    language: {
      nodejs: { packageName: "pulumi-mailgun" },
      python: { packageName: "pulumi_mailgun" },
      go: { importBasePath: "github.com/pulumi-mailgun/pulumi-mailgun/sdk/go/mailgun" },
      csharp: { rootNamespace: "PulumiMailgun" },
    },
  };
}

/** schema.json's text: what `npm run schema` writes and the plugin serves. */
export function schemaText(version: string): string {
  return `${JSON.stringify(packageSchema(version), null, 2)}\n`;
}
