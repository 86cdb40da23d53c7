/**
 * Response shapes, field for field and in the recorded key order. Shared by the API routes
 * and the control API's state dump, which promises "exactly the objects GET returns".
 */
import { receivingRecords, sendingRecords } from "../models/dns";
import { postmasterOf } from "../models/domains";
import type { AccountWebhookRecord, CredentialRecord, DomainRecord, KeyRecord, Region, RouteRecord } from "../store";

export function domainObject(d: DomainRecord): Record<string, unknown> {
  return {
    created_at: d.created_at,
    id: d.id,
    is_disabled: d.state === "disabled",
    name: d.name,
    require_tls: d.require_tls,
    skip_verification: d.skip_verification,
    smtp_login: postmasterOf(d.name),
    spam_action: d.spam_action,
    state: d.state,
    type: d.type,
    use_automatic_sender_security: d.use_automatic_sender_security,
    web_prefix: d.web_prefix,
    web_scheme: d.web_scheme,
    wildcard: d.wildcard,
    // Absent in Feb 2025 captures, present in Dec 2025 ones and required by the spec.
    encrypt_incoming_message: d.encrypt_incoming_message,
    message_ttl: d.message_ttl,
    ...(d.archive_to ? { archive_to: d.archive_to } : {}),
  };
}

export type RecordOrder = "dkim-first" | "spf-first";

/**
 * `{message?, domain, receiving_dns_records, sending_dns_records}` as create/get/update answer;
 * `signer` is the domain's DKIM authority (models/dkim-authority.ts).
 */
export function domainWithRecords(
  d: DomainRecord, region: Region, signer: DomainRecord, opts: { message?: string; order?: RecordOrder; withDns?: boolean } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (opts.message) body.message = opts.message;
  body.domain = domainObject(d);
  if (opts.withDns !== false) {
    body.receiving_dns_records = receivingRecords(d, region);
    body.sending_dns_records = sendingRecords(d, region, opts.order === "spf-first", signer);
  }
  return body;
}

/** Verify answers with sending records before receiving ones (recorded key order). */
export function verifiedDomain(d: DomainRecord, region: Region, signer: DomainRecord): Record<string, unknown> {
  return {
    message: "Domain DNS records have been updated",
    domain: domainObject(d),
    sending_dns_records: sendingRecords(d, region, false, signer),
    receiving_dns_records: receivingRecords(d, region),
  };
}

export function trackingObject(d: DomainRecord): Record<string, unknown> {
  return { ...structuredClone(d.tracking), web_scheme: d.web_scheme };
}

export function routeObject(r: RouteRecord): Record<string, unknown> {
  return {
    actions: r.actions, created_at: r.created_at, description: r.description,
    expression: r.expression, id: r.id, priority: r.priority,
  };
}

export function credentialObject(c: CredentialRecord): Record<string, unknown> {
  return { created_at: c.created_at, login: c.login, mailbox: c.login, size_bytes: null };
}

/** The key as `/v1/keys` lists it: never the secret. */
export function keyObject(k: KeyRecord): Record<string, unknown> {
  return {
    id: k.id, description: k.description, kind: k.kind, role: k.role,
    created_at: k.created_at, updated_at: k.updated_at,
    ...(k.expires_at ? { expires_at: k.expires_at } : {}),
    is_disabled: k.is_disabled, ...(k.disabled_reason ? { disabled_reason: k.disabled_reason } : {}),
    domain_name: k.domain_name, requestor: k.requestor, user_name: k.user_name,
  };
}

/** An account-level webhook as `/v1/webhooks` shows it (spec field order). */
export function accountWebhookObject(w: AccountWebhookRecord): Record<string, unknown> {
  return { webhook_id: w.webhook_id, description: w.description, url: w.url, event_types: [...w.event_types], created_at: w.created_at };
}
