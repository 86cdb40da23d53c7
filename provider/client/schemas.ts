/**
 * Response schemas. Objects are loose (fields Mailgun adds later pass through untouched), nulls
 * where a field is optional read as absent, and booleans accept the "yes"/"no"/"true"/"false"
 * strings some Mailgun services still send.
 */
import { z } from "zod";

const BOOL_STRINGS: Record<string, boolean> = { true: true, false: false, yes: true, no: false };

/** true/false, also as "true"/"false"/"yes"/"no" strings. */
export const flexBool = z.preprocess(
  (v) => (typeof v === "string" && v.trim().toLowerCase() in BOOL_STRINGS ? BOOL_STRINGS[v.trim().toLowerCase()] : v),
  z.boolean(),
);

/** A number, also as a numeric string ("10"). */
export const flexNumber = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v),
  z.number(),
);

/** Optional field where Mailgun may also send null. */
function maybe<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional());
}

/** A list where Mailgun may send null or leave the field out. */
function list<T extends z.ZodType>(item: T) {
  return z.array(item).nullish().transform((v) => v ?? []);
}

export const DnsRecordSchema = z.looseObject({
  record_type: z.string(),
  /** Omitted on MX records. */
  name: maybe(z.string()),
  value: z.string(),
  /** MX only; Mailgun sends it as a string ("10"). */
  priority: maybe(z.union([z.string(), z.number()]).transform(String)),
  /** "valid" | "invalid" | "unknown" */
  valid: maybe(z.string()),
  is_active: maybe(flexBool),
  cached: list(z.string()),
});
export type DnsRecord = z.infer<typeof DnsRecordSchema>;

export const DomainSchema = z.looseObject({
  id: maybe(z.string()),
  name: z.string(),
  /** "unverified" | "active" | "disabled" (kept open for states Mailgun may add). */
  state: z.string(),
  type: maybe(z.string()),
  created_at: maybe(z.string()),
  smtp_login: maybe(z.string()),
  spam_action: maybe(z.string()),
  wildcard: maybe(flexBool),
  require_tls: maybe(flexBool),
  skip_verification: maybe(flexBool),
  is_disabled: maybe(flexBool),
  web_prefix: maybe(z.string()),
  web_scheme: maybe(z.string()),
  use_automatic_sender_security: maybe(flexBool),
  encrypt_incoming_message: maybe(flexBool),
  message_ttl: maybe(flexNumber),
  tracking_host: maybe(z.string()),
  archive_to: maybe(z.string()),
  subaccount_id: maybe(z.string()),
});
export type Domain = z.infer<typeof DomainSchema>;

export const DomainWithRecordsSchema = z.looseObject({
  domain: DomainSchema,
  sending_dns_records: list(DnsRecordSchema),
  receiving_dns_records: list(DnsRecordSchema),
});
export type DomainWithRecords = z.infer<typeof DomainWithRecordsSchema>;

export const DomainListSchema = z.looseObject({
  total_count: flexNumber,
  items: list(DomainSchema),
});

/** click.active may come back as "htmlonly". */
export const ClickActiveSchema = z.union([z.literal("htmlonly"), flexBool]);

export const TrackingSchema = z.looseObject({
  open: z.looseObject({ active: flexBool, place_at_the_top: maybe(flexBool) }),
  click: z.looseObject({ active: ClickActiveSchema }),
  unsubscribe: z.looseObject({ active: flexBool, html_footer: maybe(z.string()), text_footer: maybe(z.string()) }),
  web_scheme: maybe(z.string()),
});
export type Tracking = z.infer<typeof TrackingSchema>;
export const TrackingResponseSchema = z.looseObject({ tracking: TrackingSchema });

export const RouteSchema = z.looseObject({
  id: z.string(),
  priority: flexNumber,
  description: maybe(z.string()).transform((v) => v ?? ""),
  expression: z.string(),
  actions: list(z.string()),
  created_at: maybe(z.string()),
});
export type Route = z.infer<typeof RouteSchema>;
export const RouteResponseSchema = z.looseObject({ route: RouteSchema });
export const RouteListSchema = z.looseObject({ total_count: maybe(flexNumber), items: list(RouteSchema) });
/** PUT /v3/routes/{id} answers flat (observed); the spec documents a nested `route`: accept both. */
export const RouteUpdateResponseSchema = z.union([RouteResponseSchema.transform((r) => r.route), RouteSchema]);

export const CredentialSchema = z.looseObject({
  login: z.string(),
  mailbox: maybe(z.string()),
  created_at: maybe(z.string()),
  size_bytes: maybe(flexNumber),
});
export type Credential = z.infer<typeof CredentialSchema>;
export const CredentialListSchema = z.looseObject({ total_count: maybe(flexNumber), items: list(CredentialSchema) });
/**
 * Create and password-change answers: `{"message"}`, plus `credentials` (full login -> password)
 * when Mailgun generated the password (recorded, domains.yml).
 */
export const CredentialWriteSchema = z.looseObject({
  message: maybe(z.string()),
  credentials: maybe(z.record(z.string(), z.string())),
});

export const ApiKeySchema = z.looseObject({
  id: z.string(),
  description: maybe(z.string()),
  /** "domain" | "user" | "web" */
  kind: maybe(z.string()),
  role: maybe(z.string()),
  created_at: maybe(z.string()),
  updated_at: maybe(z.string()),
  expires_at: maybe(z.string()),
  is_disabled: maybe(flexBool),
  disabled_reason: maybe(z.string()),
  domain_name: maybe(z.string()),
  requestor: maybe(z.string()),
  user_name: maybe(z.string()),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;
export const ApiKeyWithSecretSchema = ApiKeySchema.extend({ secret: z.string() });
export type ApiKeyWithSecret = z.infer<typeof ApiKeyWithSecretSchema>;
export const ApiKeyListSchema = z.looseObject({ total_count: maybe(flexNumber), items: list(ApiKeySchema) });
/** The spec and mailgun-go nest the new key under `key`; mailgun.js expects it flat: accept both. */
export const ApiKeyCreateResponseSchema = z.union([
  z.looseObject({ key: ApiKeyWithSecretSchema }).transform((r) => r.key),
  ApiKeyWithSecretSchema,
]);

/** `{"urls": [...]}`, or the legacy single `{"url": "..."}`. */
const WebhookUrlsSchema = z
  .looseObject({ urls: maybe(z.array(z.string())), url: maybe(z.string()) })
  .transform((w) => w.urls ?? (w.url ? [w.url] : []));

/**
 * `{"webhooks": {"<event>": {"urls": [...]}}}` -> event -> urls, only events with URLs ({} when none).
 * The v3 listing and every v4 write answer this shape; the spec also allows `null` for an event
 * without URLs (recordings leave such events out).
 */
export const WebhookMapSchema = z
  .looseObject({ webhooks: maybe(z.record(z.string(), WebhookUrlsSchema.nullable())) })
  .transform((r) => {
    const map: Record<string, string[]> = {};
    for (const [event, urls] of Object.entries(r.webhooks ?? {})) if (urls && urls.length) map[event] = urls;
    return map;
  });
export const WebhookResponseSchema = z.looseObject({ webhook: WebhookUrlsSchema }).transform((r) => r.webhook);

/** One entry of the account's IP allowlist. */
export const IpAllowlistEntrySchema = z.looseObject({
  ip_address: z.string(),
  description: maybe(z.string()).transform((v) => v ?? ""),
});
export type IpAllowlistEntry = z.infer<typeof IpAllowlistEntrySchema>;
/** Every `/v2/ip_whitelist` call answers the whole list (spec). */
export const IpAllowlistSchema = z.looseObject({ addresses: list(IpAllowlistEntrySchema) }).transform((r) => r.addresses);

/** Endpoints whose answer carries nothing we use (`{"message": "..."}`, or 204). */
export const IgnoredBodySchema = z.unknown();

/** An account-level webhook (`/v1/webhooks`); `id` repeats `webhook_id` so shared listings can key it. */
export const AccountWebhookSchema = z
  .looseObject({
    webhook_id: z.string(),
    description: maybe(z.string()).transform((v) => v ?? ""),
    url: z.string(),
    event_types: list(z.string()),
    created_at: maybe(z.string()),
  })
  .transform((w) => ({ ...w, id: w.webhook_id }));
export type AccountWebhook = z.infer<typeof AccountWebhookSchema>;
export const AccountWebhookListSchema = z.looseObject({ webhooks: list(AccountWebhookSchema) }).transform((r) => r.webhooks);
export const AccountWebhookCreatedSchema = z.looseObject({ webhook_id: z.string() }).transform((r) => r.webhook_id);
/** A DKIM key as `/v1/dkim/keys` and `/v4/domains/{d}/keys` show it (api-notes §2.8). */
export const DkimKeySchema = z.looseObject({
  signing_domain: z.string(),
  selector: z.string(),
  dns_record: maybe(DnsRecordSchema),
});
export type DkimKey = z.infer<typeof DkimKeySchema>;
/** `GET /v4/domains/{authority}/keys`: every key of the authority, unpaged; the spec allows null items. */
export const DkimKeyListSchema = z
  .looseObject({ items: list(DkimKeySchema.nullable()) })
  .transform((r) => r.items.filter((k): k is DkimKey => k !== null));

/** The DKIM management service's view of a domain (`{"domain": {...}}`); it sends booleans as strings. */
export const DkimRotationSchema = z
  .looseObject({
    domain: z.looseObject({
      name: maybe(z.string()),
      state: maybe(z.string()),
      active_selector: maybe(z.string()),
      rotation_enabled: flexBool,
      rotation_interval: maybe(z.string()),
    }),
  })
  .transform((r) => r.domain);
export type DkimRotation = z.infer<typeof DkimRotationSchema>;

/**
 * One entry of a domain's suppression table, in one shape for all four tables: `address` (the
 * allowlist's `value`), and the table's own fields. `tags` has been seen as a bare string
 * (mailgun/documentation #652), so both forms are read.
 */
export const SuppressionSchema = z
  .looseObject({
    address: maybe(z.string()),
    value: maybe(z.string()),
    type: maybe(z.string()),
    code: maybe(z.union([z.string(), z.number()]).transform(String)),
    error: maybe(z.string()),
    tags: maybe(z.union([z.array(z.string()), z.string()]).transform((t) => (Array.isArray(t) ? t : [t]))),
    created_at: maybe(z.string()),
    createdAt: maybe(z.string()),
  })
  .transform((r) => ({ address: r.address ?? r.value ?? "", type: r.type, code: r.code, error: r.error, tags: r.tags, createdAt: r.created_at ?? r.createdAt }));
export type Suppression = z.output<typeof SuppressionSchema>;

/** A page of a suppression table; the next page is asked for by pivot address. */
export const SuppressionPageSchema = z.looseObject({ items: list(SuppressionSchema) });
/** A mailing list (`/v3/lists`, api-notes §7.2): `members_count` is Mailgun's count. */
export const MailingListSchema = z.looseObject({
  address: z.string(),
  name: maybe(z.string()),
  description: maybe(z.string()),
  access_level: maybe(z.string()),
  reply_preference: maybe(z.string()),
  created_at: maybe(z.string()),
  members_count: maybe(flexNumber),
});
export type MailingList = z.infer<typeof MailingListSchema>;
export const MailingListResponseSchema = z.looseObject({ list: MailingListSchema });

/** `vars` is an object on the wire (recorded); a JSON string is read too, as the form sends it. */
const memberVars = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}, z.record(z.string(), z.unknown()));

export const ListMemberSchema = z.looseObject({
  address: z.string(),
  name: maybe(z.string()),
  subscribed: maybe(flexBool),
  vars: maybe(memberVars),
});
export type ListMember = z.infer<typeof ListMemberSchema>;
/** GET, POST and PUT of a member nest it under `member` (list_members.yml; the spec shows GET flat: both read). */
export const ListMemberResponseSchema = z.union([z.looseObject({ member: ListMemberSchema }).transform((r) => r.member), ListMemberSchema]);
export const ListMemberPageSchema = z.looseObject({ items: list(ListMemberSchema) });
/** A template version as `GET .../versions/{tag}` and the create answer show it (templates.yml); listings leave out content and headers. */
export const TemplateVersionSchema = z.looseObject({
  tag: z.string(),
  template: maybe(z.string()),
  engine: maybe(z.string()),
  comment: maybe(z.string()),
  active: maybe(flexBool),
  headers: maybe(z.record(z.string(), z.string())),
  id: maybe(z.string()),
  createdAt: maybe(z.string()),
});
/** `GET /v3/{domain}/templates/{name}/versions`: one page of a template's versions (without content). */
export const TemplateVersionPageSchema = z.looseObject({
  template: z.looseObject({ versions: z.array(TemplateVersionSchema).nullish().transform((v) => v ?? []) }),
});

export type TemplateVersion = z.infer<typeof TemplateVersionSchema>;

/** A domain's template (`{"template": {...}}`, camelCase dates, templates.yml). */
export const TemplateSchema = z.looseObject({
  name: z.string(),
  description: maybe(z.string()),
  createdAt: maybe(z.string()),
  createdBy: maybe(z.string()),
  id: maybe(z.string()),
  version: maybe(TemplateVersionSchema),
});
export type Template = z.infer<typeof TemplateSchema>;
export const TemplateResponseSchema = z.looseObject({ template: TemplateSchema }).transform((r) => r.template);

/** `GET /v3/{domain}/templates`: one page of a domain's templates. */
export const TemplatePageSchema = z.looseObject({ items: list(TemplateSchema) });
/** `GET /v3/lists/pages`: one page of the region's mailing lists. */
export const MailingListPageSchema = z.looseObject({ items: list(MailingListSchema) });
