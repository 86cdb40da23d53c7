/**
 * The resource type tokens, and the one thing about the kinds' outputs that their field
 * definitions (provider/resources/fields/) do not say: the shape of the DNS records.
 *
 * The definitions type those outputs loosely (a record of anything), because their shape is the
 * DNS modules' (dns.ts, verification-records.ts) and no check ever validates an output. A Pulumi
 * package schema wants them as named object types, shared by the kinds that hand out records, so
 * a generated SDK has one `DnsRecord` class rather than one per output; that is all this table
 * adds. Everything else (inputs, outputs, descriptions, secrets, replaces, defaults) is read from
 * the definitions by schema.ts.
 */
import type { ResourceKind } from "../provider";
import { definitions } from "../provider/resources/fields";

/** A Pulumi schema type spec (pulumi.json#/$defs/typeSpec), or a named object type's key. */
export type TypeSpec =
  | { type: "string" | "boolean" | "integer" | "number" }
  | { type: "array"; items: TypeSpec }
  | { type: "object"; additionalProperties: TypeSpec }
  | { $ref: string }
  | { oneOf: TypeSpec[] };

const str = { type: "string" } as const;
const int = { type: "integer" } as const;
const record = { $ref: "#/types/mailgun:index:DnsRecord" };
const records = { type: "array", items: record } as const;

/** Object types the outputs refer to (shared by kinds). */
export const OUTPUT_TYPES = {
  "mailgun:index:DnsRecord": {
    type: "object",
    properties: { type: str, name: str, value: str, priority: int, valid: str },
    required: ["type", "name", "value", "valid"],
  },
  "mailgun:index:DomainDnsRecords": {
    type: "object",
    properties: { spf: record, dkim: record, tracking: record, mx: records },
    required: ["mx"],
  },
  "mailgun:index:VerificationRecord": {
    type: "object",
    properties: { category: str, type: str, name: str, value: str, priority: int, valid: str },
    required: ["category", "type", "name", "value", "valid"],
  },
} as const;

/** The outputs typed by those named types instead of their definitions' loose record types. */
export const OUTPUT_TYPE_OF: Partial<Record<ResourceKind, Record<string, TypeSpec>>> = {
  Domain: { sendingDnsRecords: records, receivingDnsRecords: records, dnsRecords: { $ref: "#/types/mailgun:index:DomainDnsRecords" } },
  DkimKey: { dnsRecord: record },
  DomainVerification: { records: { type: "array", items: { $ref: "#/types/mailgun:index:VerificationRecord" } } },
};

export const TOKEN_PREFIX = "mailgun:index:";

export function tokenOf(kind: ResourceKind): string {
  return `${TOKEN_PREFIX}${kind}`;
}

/** The kind a resource type token names, or undefined for a token this package does not have. */
export function kindOfToken(token: string): ResourceKind | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const kind = token.slice(TOKEN_PREFIX.length);
  return Object.prototype.hasOwnProperty.call(definitions, kind) ? (kind as ResourceKind) : undefined;
}
