/**
 * Reads everything `generate` declares from a Mailgun account, through the provider's own client
 * (same credentials, retries and per-region pacing as the resources), in a fixed order so that the
 * same account always gives the same snapshot.
 */
import type { MailgunClient } from "../../provider/client/client";
import {
  type AccountWebhook, type ApiKey, type Credential, type DkimKey, type DomainWithRecords, type IpAllowlistEntry,
  type ListMember, type MailingList, type Route, type Suppression, type Template, type TemplateVersion, type Tracking,
} from "../../provider/client/schemas";
import type { Region } from "../../provider/config";
import { matchesDomain } from "./options";

export interface TemplateSnapshot {
  template: Template;
  /** With content and headers (the listing leaves them out), sorted by tag. */
  versions: TemplateVersion[];
}

export interface DomainSnapshot {
  name: string;
  live: DomainWithRecords;
  tracking: Tracking;
  /** event -> URLs (v3 listing). */
  webhooks: Record<string, string[]>;
  credentials: Credential[];
  dkimKeys: DkimKey[];
  templates: TemplateSnapshot[];
  bounces: Suppression[];
  unsubscribes: Suppression[];
  complaints: Suppression[];
  allowlist: Suppression[];
}

export interface RegionSnapshot {
  region: Region;
  domains: DomainSnapshot[];
  /** Account-level objects: left out (undefined) under a domain filter. */
  routes?: Route[];
  accountWebhooks?: AccountWebhook[];
  mailingLists: Array<{ list: MailingList; members: ListMember[] }>;
}

export interface AccountSnapshot {
  regions: RegionSnapshot[];
  /** Account-wide; undefined under a domain filter. */
  ipAllowlist?: IpAllowlistEntry[];
  /** Every API key Mailgun lists (ids and metadata only: the secrets are never shown again). */
  keys: ApiKey[];
}

export type Progress = (line: string) => void;

const byString = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Runs `fn` over `items`, at most `width` at a time; results in input order. The client's pacer still decides when each call goes out. */
async function mapLimited<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

/**
 * Domains are listed 100 a page here (the lookups take 1000): kept as it was, so `generate` makes
 * the same calls as before the client was split into families.
 */
const DOMAIN_PAGE = 100;

export interface ReadOptions {
  regions: Region[];
  /** Undefined: every domain. */
  domains?: string[];
  /** Domains read at once per region; the client's pacer keeps the request rate within Mailgun's limits. */
  width?: number;
}

async function readDomain(c: MailgunClient, region: Region, name: string): Promise<DomainSnapshot> {
  const [live, tracking, webhooks, credentials, dkimKeys, templates, bounces, unsubscribes, complaints, allowlist] = await Promise.all([
    c.domains.get(region, name),
    c.tracking.get(region, name),
    c.webhooks.list(region, name),
    c.credentials.list(region, name),
    c.dkim.listKeys(region, name),
    c.templates.list(region, name),
    c.suppressions.list(region, name, "bounces"),
    c.suppressions.list(region, name, "unsubscribes"),
    c.suppressions.list(region, name, "complaints"),
    c.suppressions.list(region, name, "whitelists"),
  ]);
  const withVersions = await Promise.all(
    templates.sort(byString((t) => t.name)).map(async (template) => {
      const listed = (await c.templates.listVersions(region, name, template.name)).sort(byString((v) => v.tag));
      const versions = await Promise.all(listed.map((v) => c.templates.getVersion(region, name, template.name, v.tag)));
      return { template, versions };
    }),
  );
  const byAddress = byString((s: Suppression) => s.address);
  return {
    name,
    live,
    tracking,
    webhooks,
    credentials: credentials.sort(byString((x) => x.login)),
    dkimKeys: dkimKeys.sort(byString((k) => `${k.signing_domain}/${k.selector}`)),
    templates: withVersions,
    bounces: bounces.sort(byAddress),
    unsubscribes: unsubscribes.sort(byAddress),
    complaints: complaints.sort(byAddress),
    allowlist: allowlist.sort(byAddress),
  };
}

function count(progress: Progress, what: string, region: Region | "account", n: number): void {
  progress(`listing ${what} in ${region}... ${n}`);
}

/** Reads the account. Progress lines (what is listed where, and how many) go to `progress`. */
export async function readAccount(c: MailgunClient, o: ReadOptions, progress: Progress): Promise<AccountSnapshot> {
  const filtered = o.domains !== undefined;
  const width = o.width ?? 4;
  const regions: RegionSnapshot[] = [];
  for (const region of o.regions) {
    const names = (await c.domains.list(region, { pageSize: DOMAIN_PAGE })).map((d) => d.name).filter((n) => matchesDomain(n, o.domains)).sort();
    count(progress, "domains", region, names.length);
    const domains = await mapLimited(names, width, async (n) => {
      const d = await readDomain(c, region, n);
      const templates = d.templates.length;
      const versions = d.templates.reduce((s, t) => s + t.versions.length, 0);
      const suppressions = d.bounces.length + d.unsubscribes.length + d.complaints.length + d.allowlist.length;
      progress(
        `  ${n}: ${Object.values(d.webhooks).flat().length} webhook URLs, ${d.credentials.length} credentials, ${d.dkimKeys.length} DKIM keys, ` +
          `${templates} templates (${versions} versions), ${suppressions} suppressions`,
      );
      return d;
    });
    let routes: Route[] | undefined;
    let accountWebhooks: AccountWebhook[] | undefined;
    if (!filtered) {
      routes = await c.routes.list(region);
      count(progress, "routes", region, routes.length);
      accountWebhooks = await c.accountWebhooks.list(region);
      count(progress, "account webhooks", region, accountWebhooks.length);
    }
    // Under a domain filter, a list belongs to the domain of its address.
    const lists = (await c.mailingLists.list(region)).filter((l) => !filtered || matchesDomain(l.address.split("@")[1] ?? "", o.domains)).sort(byString((l) => l.address));
    count(progress, "mailing lists", region, lists.length);
    const mailing = await mapLimited(lists, width, async (list) => ({
      list,
      members: (await c.mailingLists.listMembers(region, list.address)).sort(byString((m) => m.address)),
    }));
    if (mailing.length) count(progress, "mailing list members", region, mailing.reduce((s, l) => s + l.members.length, 0));
    regions.push({ region, domains, routes, accountWebhooks, mailingLists: mailing });
  }
  // The allowlist and keys are account-wide: both regions' hosts serve the same ones.
  const host = o.regions[0];
  let ipAllowlist: IpAllowlistEntry[] | undefined;
  if (!filtered) {
    ipAllowlist = (await c.ipAllowlist.list(host)).sort(byString((e) => e.ip_address));
    count(progress, "IP allowlist entries", "account", ipAllowlist.length);
  }
  const wanted = new Set(regions.flatMap((r) => r.domains.map((d) => d.name)));
  const keys = (await c.keys.list(host))
    .filter((k) => !filtered || (k.domain_name !== undefined && k.domain_name !== null && wanted.has(k.domain_name)))
    .sort(byString((k) => `${k.kind ?? ""}/${k.domain_name ?? ""}/${k.id}`));
  count(progress, "API keys", "account", keys.length);
  return { regions, ipAllowlist, keys };
}
