/**
 * All emulator state. Mailgun keeps domain metadata, credentials, routes and webhooks per
 * region, but domain names and API keys are global to the account (api-notes §1.1): so one
 * `RegionStore` per region plus account-wide maps here. Objects are plain data wrapped in
 * `Versioned` so that consistency delays and JSON persistence work the same for all.
 */
import { defaultKnobs, Knobs, Prng, RateLimiter } from "./knobs";
import { Versioned } from "./versioned";

export type Region = "us" | "eu";
export const REGIONS: readonly Region[] = ["us", "eu"];

export type ClickActive = boolean | "htmlonly";

export interface Tracking {
  open: { active: boolean; place_at_the_top: boolean };
  click: { active: ClickActive };
  unsubscribe: { active: boolean; html_footer: string; text_footer: string };
}

export interface DomainRecord {
  id: string;
  name: string;
  created_at: string;
  state: "unverified" | "active" | "disabled";
  type: "custom" | "sandbox";
  spam_action: string;
  wildcard: boolean;
  require_tls: boolean;
  skip_verification: boolean;
  web_prefix: string;
  web_scheme: string;
  use_automatic_sender_security: boolean;
  encrypt_incoming_message: boolean;
  message_ttl: number;
  archive_to?: string;
  mailfrom_host?: string;
  tracking: Tracking;
  dkim: {
    /**
     * The domain's own selector: that of the key made with the domain (`dkim_selector` at create,
     * `PUT .../dkim_selector` renames it). Verification activates that key.
     */
    selector: string;
    /** The domain's DKIM keys as signing domain, in creation order (models/dkim-keys.ts). */
    keys: DkimKeyRecord[];
    /**
     * Whether the domain is its own DKIM authority: `force_dkim_authority` at create, `self` on
     * `PUT /v3/domains/{d}/dkim_authority` afterwards (models/dkim-authority.ts).
     */
    self_authority: boolean;
  };
  /**
   * Simulated DNS: `found` is set through the control API; `checked` once verify has run.
   * `records` overrides `found` per purpose (models/dns.ts DNS_PURPOSES), e.g. SPF published but not MX.
   */
  dns: { found: boolean; checked: boolean; records?: Partial<Record<"spf" | "dkim" | "tracking" | "mx", boolean>> };
  /** Automatic Sender Security key rotation (`PUT /v1/dkim_management/domains/{d}/rotation`); absent until set. */
  dkim_rotation?: { enabled: boolean; interval: string };
}

/** One DKIM key (`/v1/dkim/keys`, `/v4/domains/{d}/keys`). Private keys are never exported, so none is kept. */
export interface DkimKeyRecord {
  selector: string;
  key_size: number;
  /** Base64 DER SubjectPublicKeyInfo, as published in `k=rsa; p=...`. */
  public_key: string;
  /** Whether the key signs mail (Mailgun's `is_active` on its DNS record). */
  active: boolean;
}

export interface RouteRecord {
  id: string;
  priority: number;
  description: string;
  expression: string;
  actions: string[];
  created_at: string;
}

export interface CredentialRecord {
  login: string;
  password: string;
  created_at: string;
  /** The domain's postmaster login managed through `smtp_password`; Mailgun refuses to delete it. */
  system: boolean;
}

export type KeyKind = "domain" | "user" | "web";

export interface KeyRecord {
  id: string;
  secret: string;
  kind: KeyKind;
  role: string;
  domain_name: string | null;
  description: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  /** Epoch ms matching `expires_at`, for the auth check. */
  expires_at_ms: number | null;
  is_disabled: boolean;
  requestor: string | null;
  user_name: string | null;
  primary: boolean;
  /** Web keys: the user the key is for (accepted on create; `/v1/keys` never shows it). */
  user_id?: string | null;
  /** Why the key is disabled, when it is (set through the control API: Mailgun's API cannot disable a key). */
  disabled_reason?: string | null;
}

/** An account-level webhook (`/v1/webhooks`), per region (api-notes §4.3). */
export interface AccountWebhookRecord {
  webhook_id: string;
  description: string;
  url: string;
  event_types: string[];
  /** RFC 3339 (spec). */
  created_at: string;
}

/** One entry of the account's IP allowlist (`/v2/ip_whitelist`), as Mailgun lists it. */
export interface IpAllowlistRecord {
  ip_address: string;
  description: string;
}

/** Suppression entries (models/suppressions.ts), as each table lists them. */
export interface BounceRecord {
  address: string;
  /** A string on the wire (`"550"`), as recorded. */
  code: string;
  error: string;
  created_at: string;
}
export interface UnsubscribeRecord {
  address: string;
  tags: string[];
  created_at: string;
}
export interface ComplaintRecord {
  address: string;
  created_at: string;
}
/** The allowlist names its timestamp `createdAt` (spec, legacy docs). */
export interface AllowlistRecord {
  type: "address" | "domain";
  value: string;
  reason: string;
  createdAt: string;
}
export type SuppressionRecord = BounceRecord | UnsubscribeRecord | ComplaintRecord | AllowlistRecord;

/** A template with its versions (models/templates.ts). */
export interface TemplateVersionRecord {
  id: string;
  tag: string;
  template: string;
  engine: string;
  mjml: string;
  createdAt: string;
  comment: string;
  active: boolean;
  headers: Record<string, string>;
}

export interface TemplateRecord {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  createdBy: string;
  /** In creation order. */
  versions: TemplateVersionRecord[];
}

/** A mailing list (`/v3/lists`), per region; `members_count` is counted from its members. */
export interface MailingListRecord {
  address: string;
  name: string;
  description: string;
  access_level: string;
  reply_preference: string;
  created_at: string;
}

/** A member of a mailing list. */
export interface ListMemberRecord {
  address: string;
  name: string;
  subscribed: boolean;
  vars: Record<string, unknown>;
}

type Nested<T> = Map<string, Map<string, Versioned<T>>>;

export class RegionStore {
  readonly domains = new Map<string, Versioned<DomainRecord>>();
  /** Deleted domains whose name stays reserved (deleteDelayMs): name -> epoch ms it frees up. */
  readonly deleting = new Map<string, number>();
  readonly routes = new Map<string, Versioned<RouteRecord>>();
  /** domain -> event -> URLs */
  readonly webhooks: Nested<string[]> = new Map();
  /** domain -> full login -> credential */
  readonly credentials: Nested<CredentialRecord> = new Map();
  /** webhook_id -> account-level webhook */
  readonly accountWebhooks = new Map<string, Versioned<AccountWebhookRecord>>();
  /** `<kind>:<domain>` -> lower-cased address (allowlist: address or domain) -> entry (models/suppressions.ts) */
  readonly suppressions: Nested<SuppressionRecord> = new Map();
  /** lower-cased list address -> list */
  readonly lists = new Map<string, Versioned<MailingListRecord>>();
  /** lower-cased list address -> lower-cased member address -> member */
  readonly listMembers: Nested<ListMemberRecord> = new Map();
  /** domain -> lower-cased template name -> template with its versions */
  readonly templates: Nested<TemplateRecord> = new Map();

  clear(): void {
    this.domains.clear();
    this.deleting.clear();
    this.routes.clear();
    this.webhooks.clear();
    this.credentials.clear();
    this.accountWebhooks.clear();
    this.suppressions.clear();
    this.lists.clear();
    this.listMembers.clear();
    this.templates.clear();
  }
}

export function childMap<T>(nested: Nested<T>, domain: string): Map<string, Versioned<T>> {
  let map = nested.get(domain);
  if (!map) nested.set(domain, (map = new Map()));
  return map;
}

export class World {
  readonly regions: Record<Region, RegionStore> = { us: new RegionStore(), eu: new RegionStore() };
  /** Global namespace of domain names (including names reserved by a pending delete). */
  readonly domainNames = new Map<string, Region>();
  readonly keys = new Map<string, Versioned<KeyRecord>>();
  /** The account's IP allowlist (account-wide, served by both regions' hosts): address -> entry, in insertion order. */
  readonly ipAllowlist = new Map<string, Versioned<IpAllowlistRecord>>();
  knobs: Knobs = defaultKnobs();
  prng = new Prng(this.knobs.faults.seed);
  readonly limiters: Record<Region, RateLimiter> = { us: new RateLimiter(), eu: new RateLimiter() };
  /** The verify endpoint's own windows (knob verifyRateLimit). */
  readonly verifyLimiters: Record<Region, RateLimiter> = { us: new RateLimiter(), eu: new RateLimiter() };
  /** Bumped on every state change: tells the request log whether a request applied, and drives persistence. */
  revision = 0;
  private readonly changeListeners: Array<() => void> = [];

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  changed(): void {
    this.revision++;
    for (const listener of this.changeListeners) listener();
  }

  setKnobs(knobs: Knobs): void {
    const reseed = knobs.faults.seed !== this.knobs.faults.seed;
    const limitsChanged = JSON.stringify(knobs.rateLimit) !== JSON.stringify(this.knobs.rateLimit);
    const verifyChanged = JSON.stringify(knobs.verifyRateLimit) !== JSON.stringify(this.knobs.verifyRateLimit);
    this.knobs = knobs;
    if (reseed) this.prng = new Prng(knobs.faults.seed);
    if (limitsChanged) for (const r of REGIONS) this.limiters[r].reset();
    if (verifyChanged) for (const r of REGIONS) this.verifyLimiters[r].reset();
  }

  /** Finish background deletes whose reservation ran out. */
  purgeExpiredDeletes(now: number): void {
    for (const region of REGIONS) {
      const store = this.regions[region];
      for (const [name, until] of store.deleting) {
        if (until > now) continue;
        store.deleting.delete(name);
        store.domains.delete(name);
        if (this.domainNames.get(name) === region) this.domainNames.delete(name);
      }
    }
  }

  primaryKey(): KeyRecord | undefined {
    for (const entry of this.keys.values()) if (entry.value.primary) return entry.value;
    return undefined;
  }

  /** Remove all data except the primary key; knobs are restored unless kept. */
  reset(keepKnobs: boolean): void {
    for (const region of REGIONS) {
      this.regions[region].clear();
      this.limiters[region].reset();
      this.verifyLimiters[region].reset();
    }
    this.domainNames.clear();
    this.ipAllowlist.clear();
    for (const [id, entry] of this.keys) if (!entry.value.primary) this.keys.delete(id);
    if (!keepKnobs) this.setKnobs(defaultKnobs());
    this.prng = new Prng(this.knobs.faults.seed);
    this.changed();
  }
}
