import { AsyncLocalStorage } from "node:async_hooks";
import { notAhead } from "../client/early-answers";
import type { WebhookMap } from "../client/client";
import type { AccountWebhook, ApiKey, Credential, DkimKey, IpAllowlistEntry, Route, Suppression } from "../client/schemas";
import type { SuppressionTable } from "../client/client";
import { isNotFound } from "../client/errors";
import { client } from "../runtime";
import { ScopedMap } from "../account-scope";
import type { ListMember } from "../client/schemas";
import type { Region } from "../config";

/**
 * Listings shared by every resource of one operation, whoever needs one first (leftover detection
 * in a create, or a read during refresh), instead of one per resource: per region one GET
 * /v3/routes, one GET /v1/keys per key kind (every domain's keys at once) and one GET
 * /v1/webhooks; per domain one webhook listing for reads.
 *
 * Why a listing fetched once may be trusted for the whole provider process: the process serves
 * one operation. What leftover detection looks for (objects an interrupted earlier run made)
 * existed before this process started, so a listing taken at any time in it shows them.
 * Creates of routes wait for the region's listing before they POST, so the first listing never
 * shows an object this process is still creating (which another create could take for a leftover).
 * The one thing that changes Mailgun's answer during the operation is this process's own writes,
 * and those are applied on top of the listing (see `wrote`, `deleted`), whether the listing was
 * fetched before, during or after them: Mailgun may show a write late.
 */
export class SharedListing<T extends { id: string }> {
  private fetched?: Promise<T[]>;
  /** This process's own writes: the object as written, or null once deleted. */
  private readonly own = new Map<string, T | null>();
  private readers = 0;
  /** What each resource's read was told (a read sent ahead and the engine's read of it are one reader). */
  private readonly told = new Map<string, boolean>();

  constructor(private readonly fetch: () => Promise<T[]>) {}

  /**
   * Counts a reader of one object and says whether it should read the listing: when one is at
   * hand (no call), or from the second reader on (a refresh of several objects: one listing
   * instead of a GET each). A single read stays one GET, however long the listing.
   */
  worthListing(): boolean {
    const reader = currentReader.getStore();
    const earlier = reader === undefined ? undefined : this.told.get(reader);
    if (earlier !== undefined) return earlier;
    const worth = this.fetched !== undefined || this.readers > 0;
    this.readers++;
    if (reader !== undefined) this.told.set(reader, worth);
    return worth;
  }

  /** The listing (fetched at most once; again only after a failed fetch) with this process's own writes applied. */
  async items(): Promise<T[]> {
    if (!this.fetched) {
      // Shared by every reader, so fetched as any call is (with retries), even for a read sent ahead.
      const pending = notAhead(this.fetch);
      this.fetched = pending;
      pending.catch(() => {
        if (this.fetched === pending) this.fetched = undefined;
      });
    }
    const listed = await this.fetched;
    const out = listed.filter((x) => !this.own.has(x.id));
    for (const x of this.own.values()) if (x) out.push(x);
    return out;
  }

  /** This process created or changed the object. */
  wrote(item: T): void {
    this.own.set(item.id, item);
  }

  /** This process deleted the object (or is about to: concurrent users must not pick it meanwhile). */
  deleted(id: string): void {
    this.own.set(id, null);
  }
}

const currentReader = new AsyncLocalStorage<string>();

/** Runs a read as the reader `key` (kind and id): asked again, a listing gives it the same answer. */
export function asReader<T>(key: string, read: () => Promise<T>): Promise<T> {
  return currentReader.run(key, read);
}

const routeListings = new ScopedMap<Region, SharedListing<Route>>();
const keyListings = new ScopedMap<string, SharedListing<ApiKey>>();

/** Every route of the region (all pages), shared by the operation. */
export function routesIn(region: Region): SharedListing<Route> {
  let l = routeListings.get(region);
  if (!l) routeListings.set(region, (l = new SharedListing(() => client().routes.list(region))));
  return l;
}

/**
 * The account's keys of one kind (`domain`, `user`, `web`) listed through the region, shared by
 * the operation. One listing for all domains, not one per domain: `GET /v1/keys` is not
 * paginated, and a stack with keys on 50 domains made 50 listings in every `up` and `refresh`
 * (api-notes 5.1).
 */
export function keysIn(region: Region, kind: "domain" | "user" | "web"): SharedListing<ApiKey> {
  const k = `${region}/${kind}`;
  let l = keyListings.get(k);
  if (!l) keyListings.set(k, (l = new SharedListing(() => client().keys.list(region, { kind }))));
  return l;
}

const webhookMaps = new ScopedMap<string, Promise<WebhookMap>>();

/**
 * A domain's webhooks (event -> URLs) as the reads of one operation share them: refreshing a
 * domain's Webhooks makes one GET, not one each. This process's writes to the domain's webhooks
 * drop it (`forgetWebhooks`), so a read after them lists anew; a failed listing is not kept.
 */
export function domainWebhooks(region: Region, domain: string): Promise<WebhookMap> {
  const k = `${region}/${domain}`;
  let map = webhookMaps.get(k);
  if (!map) {
    const pending = notAhead(() => client().webhooks.list(region, domain));
    webhookMaps.set(k, (map = pending));
    pending.catch(() => {
      if (webhookMaps.get(k) === pending) webhookMaps.delete(k);
    });
  }
  return map;
}

export function forgetWebhooks(region: Region, domain: string): void {
  webhookMaps.delete(`${region}/${domain}`);
}

const accountWebhookListings = new ScopedMap<Region, SharedListing<AccountWebhook>>();

/** The region's account-level webhooks, shared by the operation. */
export function accountWebhooksIn(region: Region): SharedListing<AccountWebhook> {
  let l = accountWebhookListings.get(region);
  if (!l) accountWebhookListings.set(region, (l = new SharedListing(() => client().accountWebhooks.list(region))));
  return l;
}

/** A DKIM key with its selector as the listing id (selectors are unique per signing domain). */
export type ListedDkimKey = DkimKey & { id: string };
const dkimKeyListings = new ScopedMap<string, SharedListing<ListedDkimKey>>();

/** The DKIM keys of one signing domain (GET /v4/domains/{d}/keys, unpaged), shared by the operation. */
export function signingDomainKeys(region: Region, signingDomain: string): SharedListing<ListedDkimKey> {
  const k = `${region}/${signingDomain}`;
  let l = dkimKeyListings.get(k);
  if (!l) {
    const fetch = async () => (await client().dkim.listKeys(region, signingDomain)).map((key) => ({ ...key, id: key.selector }));
    dkimKeyListings.set(k, (l = new SharedListing(fetch)));
  }
  return l;
}

/**
 * Drops every listing. A provider process never needs this (it lives for one operation); tests
 * that run several "operations" against a reset emulator in one process do.
 */
export function forgetListings(): void {
  routeListings.clear();
  keyListings.clear();
  webhookMaps.clear();
  accountWebhookListings.clear();
  credentialListings.clear();
  allowlistListings.clear();
  dkimKeyListings.clear();
  suppressionListings.clear();
  forgetMemberListings();
}

/** A credential as listed, keyed by its full login (`alice@mg.example.com`). */
export type ListedCredential = Credential & { id: string };
const credentialListings = new ScopedMap<string, SharedListing<ListedCredential>>();

/** The domain's SMTP credentials (all pages), shared by the operation. */
export function domainCredentials(region: Region, domain: string): SharedListing<ListedCredential> {
  const k = `${region}/${domain}`;
  let l = credentialListings.get(k);
  if (!l) {
    const fetch = async () => (await client().credentials.list(region, domain)).map((c) => ({ ...c, id: c.login.toLowerCase() }));
    credentialListings.set(k, (l = new SharedListing(fetch)));
  }
  return l;
}

/** An allowlist entry as listed, keyed by its address in canonical spelling. */
export type ListedAllowlistEntry = IpAllowlistEntry & { id: string };
const allowlistListings = new ScopedMap<"", SharedListing<ListedAllowlistEntry>>();

/** The account's IP allowlist, shared by the operation (one list for the whole account). */
export function ipAllowlist(fetch: () => Promise<ListedAllowlistEntry[]>): SharedListing<ListedAllowlistEntry> {
  let l = allowlistListings.get("");
  if (!l) allowlistListings.set("", (l = new SharedListing(fetch)));
  return l;
}

/** A suppression entry as listed, keyed by its address (allowlist: address or domain) in lower case. */
export type ListedSuppression = Suppression & { id: string };
const suppressionListings = new ScopedMap<string, SharedListing<ListedSuppression>>();

/**
 * One suppression table of a domain (all pages), shared by the operation. A domain that is gone
 * (or not visible yet) has no entries.
 */
export function domainSuppressions(region: Region, domain: string, table: SuppressionTable): SharedListing<ListedSuppression> {
  const k = `${region}/${domain}/${table}`;
  let l = suppressionListings.get(k);
  if (!l) {
    const fetch = async () => {
      try {
        return (await client().suppressions.list(region, domain, table)).map((e) => ({ ...e, id: e.address.toLowerCase() }));
      } catch (e) {
        if (isNotFound(e)) return [];
        throw e;
      }
    };
    suppressionListings.set(k, (l = new SharedListing(fetch)));
  }
  return l;
}
/** A list member as listed, keyed by its lower-cased address. */
export type ListedMember = ListMember & { id: string };
const memberListings = new ScopedMap<string, SharedListing<ListedMember>>();

/**
 * Every member of one mailing list (`/members/pages`, 100 a page), shared by the operation: a
 * refresh of 1,000 members of a list makes 1 GET and 11 page GETs, not 1,000 GETs. A list that
 * is gone lists as empty, so its members read as gone.
 */
export function listMembers(region: Region, list: string): SharedListing<ListedMember> {
  const k = `${region}/${list}`;
  let l = memberListings.get(k);
  if (!l) {
    const fetch = async () => (await client().mailingLists.listMembers(region, list)).map((m) => ({ ...m, id: m.address.toLowerCase() }));
    memberListings.set(k, (l = new SharedListing(fetch)));
  }
  return l;
}

export function forgetMemberListings(): void {
  memberListings.clear();
}
