/**
 * What the plugin knows of each kind beyond its handler: its zod input schema, the outputs it
 * declares beyond its inputs, and which properties are secrets.
 *
 * A stop-gap table: issue 21 item 2 gives every kind a single field definition (with a
 * `jsonSchemaOf(kind)`-style export) that will carry the outputs, secrets and descriptions; when it
 * lands, schema.ts should read those and this table go. Outputs listed here are the ones the SDK
 * classes expose (sdk/*.ts); bookkeeping fields (writtenAt, inputKeys, dnsDigest…) stay out.
 */
import type { z } from "zod";
import type { ResourceKind } from "../provider";
import { accountWebhookInputs } from "../provider/resources/account-webhook";
import { apiKeyInputs } from "../provider/resources/api-key";
import { bounceInputs } from "../provider/resources/bounce";
import { complaintInputs } from "../provider/resources/complaint";
import { dkimKeyInputs } from "../provider/resources/dkim-key";
import { domainCredentialInputs } from "../provider/resources/domain-credential";
import { domainInputs } from "../provider/resources/domain-inputs";
import { domainVerificationInputs } from "../provider/resources/domain-verification";
import { ipAllowlistEntryInputs } from "../provider/resources/ip-allowlist-entry";
import { mailingListInputs } from "../provider/resources/mailing-list";
import { mailingListMemberInputs } from "../provider/resources/mailing-list-member";
import { routeInputs } from "../provider/resources/route";
import { sendingKeyInputs } from "../provider/resources/sending-key";
import { suppressionAllowlistInputs } from "../provider/resources/suppression-allowlist";
import { templateInputs } from "../provider/resources/template";
import { templateVersionInputs } from "../provider/resources/template-version";
import { unsubscribeInputs } from "../provider/resources/unsubscribe";
import { webhookInputs } from "../provider/resources/webhook";

/** A Pulumi schema type spec (pulumi.json#/$defs/typeSpec), or a named object type's key. */
export type TypeSpec =
  | { type: "string" | "boolean" | "integer" | "number" }
  | { type: "array"; items: TypeSpec }
  | { type: "object"; additionalProperties: TypeSpec }
  | { $ref: string }
  | { oneOf: TypeSpec[] };

export interface OutputSpec {
  type: TypeSpec;
  /** Present after every create and read (else the property is optional). */
  always?: boolean;
}

export interface KindSpec {
  inputs: z.ZodType;
  outputs: Record<string, OutputSpec>;
  /** Properties kept as secrets in state and in every result the plugin returns. */
  secrets: readonly string[];
}

const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;
const int = { type: "integer" } as const;
const record = { $ref: "#/types/mailgun:index:DnsRecord" };
const records = { type: "array", items: record } as const;
const always = (type: TypeSpec): OutputSpec => ({ type, always: true });
const maybe = (type: TypeSpec): OutputSpec => ({ type });

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

export const KIND_SPECS: Record<ResourceKind, KindSpec> = {
  Domain: {
    inputs: domainInputs,
    outputs: {
      domainId: always(str), state: always(str), type: always(str), smtpLogin: always(str), createdAt: always(str),
      sendingDnsRecords: always(records), receivingDnsRecords: always(records),
      dnsRecords: always({ $ref: "#/types/mailgun:index:DomainDnsRecords" }),
    },
    secrets: ["smtpPassword"],
  },
  Route: { inputs: routeInputs, outputs: { routeId: always(str), createdAt: always(str) }, secrets: [] },
  Webhook: { inputs: webhookInputs, outputs: {}, secrets: [] },
  SendingKey: {
    inputs: sendingKeyInputs,
    outputs: { keyId: always(str), secret: always(str), createdAt: always(str), expiresAt: maybe(str) },
    secrets: ["secret"],
  },
  DomainVerification: {
    inputs: domainVerificationInputs,
    outputs: { state: always(str), records: always({ type: "array", items: { $ref: "#/types/mailgun:index:VerificationRecord" } }) },
    secrets: [],
  },
  ApiKey: {
    inputs: apiKeyInputs,
    outputs: { keyId: always(str), secret: always(str), createdAt: always(str), expiresAt: maybe(str), isDisabled: always(bool) },
    secrets: ["secret"],
  },
  AccountWebhook: { inputs: accountWebhookInputs, outputs: { webhookId: always(str) }, secrets: [] },
  DomainCredential: {
    inputs: domainCredentialInputs,
    outputs: { address: always(str), passwordGenerated: maybe(bool) },
    secrets: ["password"],
  },
  IpAllowlistEntry: { inputs: ipAllowlistEntryInputs, outputs: {}, secrets: [] },
  DkimKey: {
    inputs: dkimKeyInputs,
    outputs: { dnsRecord: always(record), publicKey: always(str), keySize: maybe(int) },
    secrets: ["pem"],
  },
  Bounce: { inputs: bounceInputs, outputs: {}, secrets: [] },
  Unsubscribe: { inputs: unsubscribeInputs, outputs: {}, secrets: [] },
  Complaint: { inputs: complaintInputs, outputs: {}, secrets: [] },
  SuppressionAllowlist: { inputs: suppressionAllowlistInputs, outputs: {}, secrets: [] },
  MailingList: { inputs: mailingListInputs, outputs: { membersCount: always(int), createdAt: always(str) }, secrets: [] },
  MailingListMember: { inputs: mailingListMemberInputs, outputs: {}, secrets: [] },
  Template: {
    inputs: templateInputs,
    outputs: { templateId: always(str), createdAt: always(str), createdBy: always(str) },
    secrets: [],
  },
  TemplateVersion: {
    inputs: templateVersionInputs,
    outputs: { active: always(bool), versionId: always(str), createdAt: always(str) },
    secrets: [],
  },
};

export const TOKEN_PREFIX = "mailgun:index:";

export function tokenOf(kind: ResourceKind): string {
  return `${TOKEN_PREFIX}${kind}`;
}

/** The kind a resource type token names, or undefined for a token this package does not have. */
export function kindOfToken(token: string): ResourceKind | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const kind = token.slice(TOKEN_PREFIX.length);
  return Object.prototype.hasOwnProperty.call(KIND_SPECS, kind) ? (kind as ResourceKind) : undefined;
}
