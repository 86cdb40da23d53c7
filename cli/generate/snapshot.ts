/**
 * Reads everything `generate` declares from a Mailgun account, through the provider's own client
 * (same credentials, retries and per-region pacing as the resources), in a fixed order so that the
 * same account always gives the same snapshot.
 */
import { z } from "zod";
import type { MailgunClient } from "../../provider/client/client";
import { path } from "../../provider/client/encoding";
import { mailingLists } from "../../provider/client/mailing-lists";
import {
  type AccountWebhook, type ApiKey, type Credential, type DkimKey, type DomainWithRecords, type IpAllowlistEntry,
  type ListMember, type MailingList, type Route, type Suppression, type Template, type TemplateVersion, type Tracking,
  MailingListSchema, TemplateSchema, TemplateVersionSchema,
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

const PAGE = 100;
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

const TemplatePageSchema = z.looseObject({ items: z.array(TemplateSchema).nullish().transform((v) => v ?? []) });
const ListPageSchema = z.looseObject({ items: z.array(MailingListSchema).nullish().transform((v) => v ?? []) });

async function listTemplates(c: MailgunClient, region: Region, domain: string): Promise<Template[]> {
  const all: Template[] = [];
  for (let pivot: string | undefined; ;) {
    const query = pivot === undefined ? { limit: String(PAGE) } : { limit: String(PAGE), page: "next", p: pivot };
    const page = await c.request({ region, method: "GET", path: path`/v3/${domain}/templates`, query, schema: TemplatePageSchema });
    all.push(...page.items);
    if (page.items.length < PAGE) return all;
    pivot = page.items[page.items.length - 1].name;
  }
}

async function listVersions(c: MailgunClient, region: Region, domain: string, template: string): Promise<TemplateVersion[]> {
  return c.listTemplateVersions(region, domain, template);
}

async function listMailingLists(c: MailgunClient, region: Region): Promise<MailingList[]> {
  const all: MailingList[] = [];
  for (let pivot: string | undefined; ;) {
    const query = pivot === undefined ? { page: "first", limit: String(PAGE) } : { page: "next", address: pivot, limit: String(PAGE) };
    const page = await c.request({ region, method: "GET", path: "/v3/lists/pages", query, schema: ListPageSchema });
    all.push(...page.items);
    if (page.items.length < PAGE) return all;
    pivot = page.items[page.items.length - 1].address;
  }
}

async function listDomainNames(c: MailgunClient, region: Region): Promise<string[]> {
  const names: string[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await c.listDomains(region, { limit: PAGE, skip });
    names.push(...page.items.map((d) => d.name));
    if (page.items.length < PAGE) return names;
  }
}

export interface ReadOptions {
  regions: Region[];
  /** Undefined: every domain. */
  domains?: string[];
  /** Domains read at once per region; the client's pacer keeps the request rate within Mailgun's limits. */
  width?: number;
}

async function readDomain(c: MailgunClient, region: Region, name: string): Promise<DomainSnapshot> {
  const [live, tracking, webhooks, credentials, dkimKeys, templates, bounces, unsubscribes, complaints, allowlist] = await Promise.all([
    c.getDomain(region, name),
    c.getTracking(region, name),
    c.listWebhooks(region, name),
    c.listCredentials(region, name),
    c.listDkimKeys(region, name),
    listTemplates(c, region, name),
    c.listSuppressions(region, name, "bounces"),
    c.listSuppressions(region, name, "unsubscribes"),
    c.listSuppressions(region, name, "complaints"),
    c.listSuppressions(region, name, "whitelists"),
  ]);
  const withVersions = await Promise.all(
    templates.sort(byString((t) => t.name)).map(async (template) => {
      const listed = (await listVersions(c, region, name, template.name)).sort(byString((v) => v.tag));
      const versions = await Promise.all(listed.map((v) => c.getTemplateVersion(region, name, template.name, v.tag)));
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
    const names = (await listDomainNames(c, region)).filter((n) => matchesDomain(n, o.domains)).sort();
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
      routes = await c.listRoutes(region);
      count(progress, "routes", region, routes.length);
      accountWebhooks = await c.listAccountWebhooks(region);
      count(progress, "account webhooks", region, accountWebhooks.length);
    }
    // Under a domain filter, a list belongs to the domain of its address.
    const lists = (await listMailingLists(c, region)).filter((l) => !filtered || matchesDomain(l.address.split("@")[1] ?? "", o.domains)).sort(byString((l) => l.address));
    count(progress, "mailing lists", region, lists.length);
    const mailing = await mapLimited(lists, width, async (list) => ({
      list,
      members: (await mailingLists(c).listMembers(region, list.address)).sort(byString((m) => m.address)),
    }));
    if (mailing.length) count(progress, "mailing list members", region, mailing.reduce((s, l) => s + l.members.length, 0));
    regions.push({ region, domains, routes, accountWebhooks, mailingLists: mailing });
  }
  // The allowlist and keys are account-wide: both regions' hosts serve the same ones.
  const host = o.regions[0];
  let ipAllowlist: IpAllowlistEntry[] | undefined;
  if (!filtered) {
    ipAllowlist = (await c.listIpAllowlist(host)).sort(byString((e) => e.ip_address));
    count(progress, "IP allowlist entries", "account", ipAllowlist.length);
  }
  const wanted = new Set(regions.flatMap((r) => r.domains.map((d) => d.name)));
  const keys = (await c.listKeys(host))
    .filter((k) => !filtered || (k.domain_name !== undefined && k.domain_name !== null && wanted.has(k.domain_name)))
    .sort(byString((k) => `${k.kind ?? ""}/${k.domain_name ?? ""}/${k.id}`));
  count(progress, "API keys", "account", keys.length);
  return { regions, ipAllowlist, keys };
}
