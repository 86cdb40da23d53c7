/**
 * Domains: creation rules, the global name registry, verification against simulated DNS,
 * background deletion, and the consistency-aware lookups every domain-scoped family uses.
 */
import {
  BadRequest, DomainNameTaken, DomainNotFound, InvalidParameter, MissingParameter, PasswordLength, SamePassword,
} from "../errors";
import { objectId, rfc1123, rfc2822 } from "../formats";
import { childMap, DomainRecord, Region, Tracking, World } from "../store";
import { fresh, observe, replace, settled, Versioned } from "../versioned";
import { Ctx, consistencyDelay } from "./context";
import { DomainLookup, dkimAuthority } from "./dkim-authority";
import { DnsPurpose, dkimPublicKey, sendingVerified } from "./dns";

/** Mailgun's default footers (recorded in domains.yml tracking GET). */
export const DEFAULT_HTML_FOOTER = '\n<br>\n<p><a href="%unsubscribe_url%">unsubscribe</a></p>\n';
export const DEFAULT_TEXT_FOOTER = "\n\nTo unsubscribe click: <%unsubscribe_url%>\n\n";
/** Newest capture (domains.yml, Dec 2025) shows `k1`; Feb 2025 showed `smtp`. */
export const DEFAULT_DKIM_SELECTOR = "k1";
/** The recorded DKIM key (Feb 2025) is 1024-bit (`MIGfMA0...`). */
export const DEFAULT_DKIM_KEY_SIZE = 1024;

export const SPAM_ACTIONS = ["disabled", "block", "tag"] as const;
export const WEB_SCHEMES = ["http", "https"] as const;
export const DOMAIN_STATES = ["active", "unverified", "disabled"] as const;

/** RFC 2822 atom: what Mailgun accepts for `dkim_selector` and `web_prefix` (no dots). */
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normalizeName(name: string): string {
  return name.trim().toLowerCase();
}

export function assertDomainName(name: string): void {
  const labels = name.split(".");
  if (name.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l))) {
    // No source shows Mailgun's wording for an invalid name (api-notes §10.4); ours.
    throw new BadRequest(`'${name}' is not a valid domain name`);
  }
}

export function assertAtom(name: string, value: string): void {
  if (!ATOM.test(value)) throw new InvalidParameter(name, value, "an RFC 2822 atom (letters, digits, no dots)");
}

export function assertSmtpPassword(password: string): void {
  if (password.length < 5 || password.length > 32) throw new PasswordLength();
}

export function assertUrl(name: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidParameter(name, value, "an http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidParameter(name, value, "an http(s) URL");
}

function deletingActive(ctx: Ctx, name: string): boolean {
  const until = ctx.store.deleting.get(name);
  return until !== undefined && until > ctx.now;
}

/** What a reader sees: 404 while the domain is too new, the previous version while an update settles. */
export function readDomain(ctx: Ctx, rawName: string): DomainRecord {
  const name = normalizeName(rawName);
  const entry = ctx.store.domains.get(name);
  if (!entry) throw new DomainNotFound();
  const seen = observe(entry, ctx.now);
  if (!seen) throw new DomainNotFound();
  return seen;
}

/** Domains as readers see them now, for DKIM authority lookups. */
export function domainLookup(ctx: Ctx): DomainLookup {
  return (name) => {
    const entry = ctx.store.domains.get(name);
    return entry && !deletingActive(ctx, name) ? observe(entry, ctx.now) : undefined;
  };
}

/** The domain whose DKIM key signs for `domain` (itself unless it delegates to a parent). */
export function dkimSigner(ctx: Ctx, domain: DomainRecord): DomainRecord {
  return dkimAuthority(domain, domainLookup(ctx));
}

/** A domain that writes (to it or its children) may address: settled and not being deleted. */
export function writableDomain(ctx: Ctx, rawName: string): Versioned<DomainRecord> {
  const name = normalizeName(rawName);
  const entry = ctx.store.domains.get(name);
  if (!entry || deletingActive(ctx, name) || !settled(entry, ctx.now)) {
    throw new DomainNotFound();
  }
  return entry;
}

/** Apply a change to a domain; readers keep the old version for `consistencyDelayMs`. */
export function mutateDomain(ctx: Ctx, rawName: string, change: (domain: DomainRecord) => void): DomainRecord {
  const entry = writableDomain(ctx, rawName);
  const next = structuredClone(entry.value);
  change(next);
  replace(entry, next, ctx.now, consistencyDelay(ctx));
  ctx.world.changed();
  return next;
}

export interface NewDomain {
  name: string;
  spam_action?: string;
  wildcard?: boolean;
  web_scheme?: string;
  web_prefix?: string;
  dkim_selector?: string;
  dkim_key_size?: number;
  force_dkim_authority?: boolean;
  require_tls?: boolean;
  skip_verification?: boolean;
  use_automatic_sender_security?: boolean;
  encrypt_incoming_message?: boolean;
  archive_to?: string;
  message_ttl?: number;
}

function defaultTracking(): Tracking {
  return {
    open: { active: false, place_at_the_top: false },
    click: { active: false },
    unsubscribe: { active: false, html_footer: DEFAULT_HTML_FOOTER, text_footer: DEFAULT_TEXT_FOOTER },
  };
}

/** Validation shared by create and update; throws before anything changes. */
export function assertDomainSettings(input: Partial<NewDomain>): void {
  if (input.web_prefix !== undefined) assertAtom("web_prefix", input.web_prefix);
  if (input.dkim_selector !== undefined) assertAtom("dkim_selector", input.dkim_selector);
  if (input.archive_to !== undefined && input.archive_to !== "") assertUrl("archive_to", input.archive_to);
  if (input.message_ttl !== undefined && input.message_ttl < 0) {
    throw new InvalidParameter("message_ttl", String(input.message_ttl), "a non-negative number of seconds");
  }
}

export function createDomain(ctx: Ctx, input: NewDomain): DomainRecord {
  if (!input.name) throw new MissingParameter("name");
  const name = normalizeName(input.name);
  assertDomainName(name);
  assertDomainSettings(input);
  if (ctx.world.domainNames.has(name)) throw new DomainNameTaken();
  const domain: DomainRecord = {
    id: objectId(ctx.now),
    name,
    created_at: rfc1123(ctx.now),
    state: "unverified",
    type: "custom",
    spam_action: input.spam_action ?? "disabled",
    wildcard: input.wildcard ?? false,
    require_tls: input.require_tls ?? false,
    skip_verification: input.skip_verification ?? false,
    web_prefix: input.web_prefix ?? "email",
    web_scheme: input.web_scheme ?? "http",
    use_automatic_sender_security: input.use_automatic_sender_security ?? false,
    encrypt_incoming_message: input.encrypt_incoming_message ?? false,
    // Unset TTL shows as 0 (domains.yml, Dec 2025).
    message_ttl: input.message_ttl ?? 0,
    ...(input.archive_to ? { archive_to: input.archive_to } : {}),
    tracking: defaultTracking(),
    dkim: {
      selector: input.dkim_selector ?? DEFAULT_DKIM_SELECTOR,
      keys: [{
        selector: input.dkim_selector ?? DEFAULT_DKIM_SELECTOR,
        key_size: input.dkim_key_size ?? DEFAULT_DKIM_KEY_SIZE,
        public_key: dkimPublicKey(input.dkim_key_size ?? DEFAULT_DKIM_KEY_SIZE),
        active: false,
      }],
      // Spec default false: the domain shares its root domain's authority when the account has that root.
      self_authority: input.force_dkim_authority ?? false,
    },
    dns: { found: false, checked: false },
  };
  ctx.store.domains.set(name, fresh(domain, ctx.now, consistencyDelay(ctx)));
  ctx.world.domainNames.set(name, ctx.region);
  ctx.world.changed();
  return domain;
}

export type DomainUpdate = Omit<Partial<NewDomain>, "name" | "dkim_selector" | "dkim_key_size" | "force_dkim_authority" | "encrypt_incoming_message"> & {
  mailfrom_host?: string;
};

export function updateDomain(ctx: Ctx, name: string, update: DomainUpdate): DomainRecord {
  assertDomainSettings(update);
  return mutateDomain(ctx, name, (d) => {
    for (const [key, value] of Object.entries(update)) {
      if (value === undefined) continue;
      if (key === "use_automatic_sender_security" && value !== d.use_automatic_sender_security) {
        // The spec says the domain must be re-verified after this change.
        d.state = "unverified";
      }
      if (key === "mailfrom_host") d.mailfrom_host = String(value).toLowerCase();
      else if (key === "archive_to" && value === "") delete d.archive_to;
      else (d as unknown as Record<string, unknown>)[key] = value;
    }
  });
}

/**
 * Re-check DNS: once the sending records (SPF, and DKIM in the signer's zone) are found the domain
 * becomes active and its DKIM key signs; the tracking CNAME and the MX records do not gate it.
 */
export function verifyDomain(ctx: Ctx, name: string): DomainRecord {
  return mutateDomain(ctx, name, (d) => {
    d.dns.checked = true;
    if (d.state === "disabled") return;
    const sending = sendingVerified(d, dkimSigner(ctx, d));
    d.state = sending ? "active" : "unverified";
    if (sending) for (const key of d.dkim.keys) if (key.selector === d.dkim.selector) key.active = true;
  });
}

/** Deletion is asynchronous at Mailgun: with `deleteDelayMs` the name stays taken and GET still finds it. */
export function deleteDomain(ctx: Ctx, rawName: string): void {
  const name = normalizeName(rawName);
  writableDomain(ctx, name);
  ctx.store.webhooks.delete(name);
  ctx.store.credentials.delete(name);
  ctx.store.templates.delete(name);
  const delay = ctx.world.knobs.deleteDelayMs;
  if (delay > 0) ctx.store.deleting.set(name, ctx.now + delay);
  else {
    ctx.store.domains.delete(name);
    ctx.world.domainNames.delete(name);
  }
  ctx.world.changed();
}

export interface DomainQuery {
  skip: number;
  limit: number;
  state?: string;
  search?: string;
  sort?: string;
  authority?: string;
}

export function listDomains(ctx: Ctx, query: DomainQuery): { total: number; items: DomainRecord[] } {
  // Map order is creation order: a deleted name that comes back is inserted anew.
  let items: DomainRecord[] = [];
  for (const entry of ctx.store.domains.values()) {
    const d = observe(entry, ctx.now);
    if (d) items.push(d);
  }
  if (query.state) items = items.filter((d) => d.state === query.state);
  // The spec ignores `authority` when `state` is given.
  else if (query.authority) {
    const authority = normalizeName(query.authority);
    items = items.filter((d) => dkimSigner(ctx, d).name === authority);
  }
  if (query.search) {
    const needle = query.search.toLowerCase();
    items = items.filter((d) => d.name.includes(needle));
  }
  if (query.sort === "name" || query.sort === "name:asc") items.sort((a, b) => a.name.localeCompare(b.name));
  else if (query.sort === "name:desc") items.sort((a, b) => b.name.localeCompare(a.name));
  else items.reverse(); // reverse creation order (spec)
  return { total: items.length, items: items.slice(query.skip, query.skip + query.limit) };
}

/** Control API: mark every record of a domain as found (or not) in simulated DNS. */
/** `purposes`: only those records (the others keep their state); all of them when left out. */
export function setDnsFound(world: World, rawName: string, found: boolean, purposes?: readonly DnsPurpose[]): void {
  const name = normalizeName(rawName);
  const region: Region | undefined = world.domainNames.get(name);
  const entry = region && world.regions[region].domains.get(name);
  if (!entry || world.regions[region!].deleting.has(name)) throw new DomainNotFound();
  const next = (dns: DomainRecord["dns"]): DomainRecord["dns"] =>
    purposes ? { ...dns, records: { ...dns.records, ...Object.fromEntries(purposes.map((p) => [p, found])) } } : { checked: dns.checked, found };
  // Not an API write: applied directly, without a stale previous version.
  entry.value = { ...entry.value, dns: next(entry.value.dns) };
  if (entry.previous) entry.previous = { ...entry.previous, dns: next(entry.previous.dns) };
  world.changed();
}

export function postmasterOf(domain: string): string {
  return `postmaster@${domain}`;
}

/**
 * `smtp_password` manages the domain's `postmaster@<domain>` credential (api-notes §6.1):
 * created on first use, changed afterwards; the same password twice is refused, as on the
 * credentials API. Call after `assertSmtpPassword`.
 */
function applySmtpPassword(ctx: Ctx, domain: string, password: string): void {
  const login = postmasterOf(domain);
  const store = childMap(ctx.store.credentials, domain);
  const entry = store.get(login);
  if (!entry) store.set(login, fresh({ login, password, created_at: rfc2822(ctx.now), system: true }, ctx.now, consistencyDelay(ctx)));
  else replace(entry, { ...entry.value, password }, ctx.now, consistencyDelay(ctx));
  ctx.world.changed();
}

function assertNewSmtpPassword(ctx: Ctx, domain: string, password: string): void {
  assertSmtpPassword(password);
  const current = ctx.store.credentials.get(domain)?.get(postmasterOf(domain))?.value.password;
  if (current === password) throw new SamePassword();
}

/** An empty `smtp_password` means "none": the recorded create sends `smtp_password` with no value. */
export function createDomainWithPassword(ctx: Ctx, input: NewDomain, smtpPassword: string | undefined): DomainRecord {
  if (!input.name) throw new MissingParameter("name");
  if (smtpPassword) assertSmtpPassword(smtpPassword);
  const domain = createDomain(ctx, input);
  if (smtpPassword) applySmtpPassword(ctx, domain.name, smtpPassword);
  return domain;
}

export function updateDomainWithPassword(ctx: Ctx, name: string, update: DomainUpdate, smtpPassword: string | undefined): DomainRecord {
  const current = writableDomain(ctx, name).value;
  if (smtpPassword) assertNewSmtpPassword(ctx, current.name, smtpPassword);
  const domain = updateDomain(ctx, name, update);
  if (smtpPassword) applySmtpPassword(ctx, domain.name, smtpPassword);
  return domain;
}
