/**
 * The Pulumi package schema (schema.json) of the plugin, generated from the kinds' field
 * definitions (provider/resources/fields/): each kind's `jsonSchemaOf(definition)` gives the
 * inputs and outputs with their types, descriptions, defaults, and `secret` and
 * `replaceOnChanges` flags; kinds.ts adds only the named types of the DNS records. Never edit
 * schema.json by hand: `npm run schema` writes it, and test/unit/plugin-schema.test.ts fails when
 * the committed file differs from this.
 */
import { KINDS, type ResourceKind } from "../provider";
import { SETTINGS } from "../provider/config";
import { definitions } from "../provider/resources/fields";
import { jsonSchemaOf } from "../provider/resources/fields/json-schema";
import { OUTPUT_TYPES, OUTPUT_TYPE_OF, tokenOf, type TypeSpec } from "./kinds";

type Json = Record<string, any>;

interface PropertySpec extends Json {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  default?: unknown;
}

interface ObjectSpec {
  properties: Record<string, PropertySpec>;
  required: string[];
}

/**
 * A fixed set of values as a named Pulumi enum type (`{type, enum: [{value}]}`), shared by every
 * property that names it the same (`enumName` in the definition, e.g. Region), else named after
 * the property (DomainSpamAction). Numbers get names (`Bits1024`): the generated members are then
 * Go's `DkimKeySizeBits1024` and Python's `BITS1024`, not `DkimKeySize_1024`.
 */
function enumOf(values: unknown[], name: string, types: Json): TypeSpec {
  const type = values.every((v) => typeof v === "string") ? "string" : values.every((v) => Number.isInteger(v)) ? "integer" : undefined;
  if (!type) throw new Error(`enum ${name}: values must be all strings or all integers, got ${JSON.stringify(values)}`);
  const token = `mailgun:index:${name}`;
  const spec = { type, enum: values.map((value) => (type === "string" ? { value } : { name: `Bits${value}`, value })) };
  if (types[token] && JSON.stringify(types[token]) !== JSON.stringify(spec)) throw new Error(`enum ${name} is defined twice with other values`);
  types[token] = spec;
  return { $ref: `#/types/${token}` };
}

/** A JSON Schema (zod's output) as a Pulumi type spec; objects with fields become named types. */
function typeOf(js: Json, typeName: string, types: Json): TypeSpec {
  if (Array.isArray(js.enum)) return enumOf(js.enum, js.enumName ?? typeName, types);
  // A union of literals (`1024 | 2048`): zod writes it as anyOf of consts.
  if (js.anyOf && (js.anyOf as Json[]).every((o) => o.const !== undefined)) return enumOf((js.anyOf as Json[]).map((o) => o.const), js.enumName ?? typeName, types);
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

/** A property: its type, and the definition's description, flags and (plain) default. */
function propertyOf(p: Json, typeName: string, types: Json, typed?: TypeSpec): PropertySpec {
  const spec: PropertySpec = { ...(typed ?? typeOf(p, typeName, types)) };
  if (p.description) spec.description = p.description;
  if (p.secret) spec.secret = true;
  if (p.replaceOnChanges) spec.replaceOnChanges = true;
  // A Pulumi schema default is a primitive; `{}` and `["*"]` stay the provider's to apply, and so
  // does a union's (`true | "htmlonly"`): Pulumi's Go codegen writes `pulumi.(false)` for it.
  if (p.default !== undefined && typeof p.default !== "object" && !spec.oneOf) spec.default = p.default;
  return spec;
}

function objectOf(js: Json, typeName: string, types: Json, typed: Record<string, TypeSpec> = {}): ObjectSpec {
  const properties: Record<string, PropertySpec> = {};
  for (const [name, p] of Object.entries<Json>(js.properties ?? {})) properties[name] = propertyOf(p, `${typeName}${pascal(name)}`, types, typed[name]);
  return { properties, required: [...(js.required ?? [])].sort() };
}

function resourceOf(kind: ResourceKind, types: Json): Json {
  const js = jsonSchemaOf(definitions[kind]) as { inputs: Json; outputs: Json };
  const inputs = objectOf(js.inputs, kind, types);
  // The outputs: every input, typed as the program gives it (a transform's output type is
  // unknown to JSON Schema), and the definition's own outputs (TemplateVersion's `active` is
  // both: the output's text wins); a defaulted input is always there.
  const own = Object.fromEntries(Object.entries<Json>(js.outputs.properties).filter(([name]) => name in definitions[kind].outputs));
  const outputs = objectOf({ ...js.outputs, properties: own }, kind, types, OUTPUT_TYPE_OF[kind]);
  const properties: Record<string, PropertySpec> = {};
  for (const [name, p] of Object.entries(inputs.properties)) {
    const { default: _applied, ...rest } = p;
    properties[name] = rest;
  }
  Object.assign(properties, outputs.properties);
  return {
    properties,
    required: outputs.required,
    inputProperties: inputs.properties,
    requiredInputs: inputs.required,
    // Stacks made with the TypeScript SDK's dynamic resources move onto these types without a replace.
    aliases: [{ type: `pulumi-nodejs:dynamic/mailgun:${kind}` }],
  };
}

const SECRET_SETTINGS = new Set(["mailgun:apiKey"]);
const NUMERIC_SETTINGS = new Set(["maxRetries", "retryBudgetMs", "consistencyBudgetMs", "requestTimeoutMs", "maxConcurrency", "domainDeleteTimeoutSeconds"]);

/**
 * The plugin's own setting: an explicit provider's subaccount (plugin/config.ts), the counterpart of a
 * mailgun.Account's `subaccountId`, whose description it takes (sdk/account.ts says the same).
 */
const SUBACCOUNT: PropertySpec = {
  type: "string",
  description:
    "Act on this subaccount of the account (every call sends `X-Mailgun-On-Behalf-Of`): the id Mailgun gave it, letters and digits (e.g. `646d00a1b32c35364a2ad34f`); with the parent account's `apiKey`. Checked at preview.",
};

/** The provider's settings, as stack config (`mailgun:<key>`) and as an explicit provider's inputs. */
function settings(): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = {};
  for (const s of SETTINGS) {
    const name = s.config.slice("mailgun:".length);
    out[name] = {
      // Strings, the region too: for an enum with an environment default the Go generator writes a
      // provider.go that does not compile (`cannot use d.(string) as RegionPtrInput`).
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
    // The generated SDKs carry the schema's version (the package's) and the Go SDK its own go.mod.
    meta: { supportPack: true },
    config: { variables: config },
    // A subaccount is an explicit provider's, as under TypeScript it is a mailgun.Account's.
    provider: { properties: { ...config, subaccountId: SUBACCOUNT }, inputProperties: { ...config, subaccountId: SUBACCOUNT } },
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    resources,
    language: {
      // Not "pulumi-mailgun": that is the dynamic TypeScript SDK's npm name, and a program may need
      // both while it moves (docs/languages.md). @pulumi/pulumi: the package's own peer floor.
      nodejs: { packageName: "@pulumi-mailgun/mailgun", dependencies: { "@pulumi/pulumi": "^3.259.0" } },
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
