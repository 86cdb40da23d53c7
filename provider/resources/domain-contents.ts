import type { SuppressionTable } from "../client/families/suppressions";
import { isNotFound } from "../client/errors";
import type { Region } from "../config";
import { client } from "../runtime";

const TABLES: ReadonlyArray<[SuppressionTable, string]> = [["bounces", "bounce"], ["unsubscribes", "unsubscribe"], ["complaints", "complaint"], ["whitelists", "allowlist entry"]];

/** A listing of a domain that is already gone holds nothing. */
const orNothing = <T>(fallback: T) => (e: unknown): T => {
  if (isNotFound(e)) return fallback;
  throw e;
};

/**
 * What Mailgun deletes with a domain that a resource of a stack could stand for: its templates,
 * SMTP credentials (not postmaster@, Mailgun's own, which the Domain's smtpPassword manages),
 * webhooks, sending keys and suppression entries. Named for messages: never a webhook's URL
 * (it may carry a token) nor a key's secret. Eight listings, made side by side.
 */
export async function domainContents(r: Region, name: string): Promise<string[]> {
  const c = client();
  const [templates, credentials, webhooks, keys, ...tables] = await Promise.all([
    c.templates.list(r, name).catch(orNothing([])),
    c.credentials.list(r, name).catch(orNothing([])),
    c.webhooks.list(r, name).catch(orNothing({})),
    c.keys.list(r, { domain_name: name, kind: "domain" }).catch(orNothing([])),
    ...TABLES.map(([table]) => c.suppressions.list(r, name, table).catch(orNothing([]))),
  ]);
  return [
    ...templates.map((t) => `template ${t.name}`),
    ...credentials.filter((x) => x.login.toLowerCase() !== `postmaster@${name}`).map((x) => `SMTP credential ${x.login}`),
    ...Object.entries(webhooks).filter(([, urls]) => urls.length > 0).map(([event]) => `webhook for ${event}`),
    ...keys.map((k) => `sending key ${k.id}`),
    ...tables.flatMap((entries, i) => entries.map((e) => `${TABLES[i][1]} ${e.address}`)),
  ];
}
