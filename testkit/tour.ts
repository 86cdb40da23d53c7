import type { TestEmulator } from "./emulator";

/** The distinct kinds of a program, sorted: to compare with the registry. */
export function kindsOf(specs: Array<{ kind: string }>): string[] {
  return [...new Set(specs.map((s) => s.kind))].sort();
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, any>;
  outputs?: Record<string, any>;
  /** The provider reference (`<provider URN>::<provider id>`). */
  provider?: string;
}

/** The resources of a raw state file (TestProject.rawState()). */
export function stateResources(raw: string): StateResource[] {
  return JSON.parse(raw).checkpoint.latest.resources ?? [];
}

const REGIONS = ["us", "eu"] as const;

/**
 * Everything the emulator still holds that a stack could have made, in both regions, as
 * "<region> <what> <name>" lines: empty means nothing was left behind. The account's primary
 * key is Mailgun's own, not a stack's.
 */
export async function emulatorLeftovers(emulator: TestEmulator): Promise<string[]> {
  const s = await emulator.state();
  const left: string[] = [];
  for (const r of REGIONS) {
    const region = s[r];
    for (const d of region.domains) left.push(`${r} domain ${d.name}`);
    for (const d of region.pendingDomainDeletes) left.push(`${r} domain being deleted ${d}`);
    for (const x of region.routes) left.push(`${r} route ${x.expression}`);
    for (const [domain, events] of Object.entries(region.webhooks)) left.push(`${r} webhooks of ${domain}: ${Object.keys(events as object).join(", ")}`);
    for (const [domain, logins] of Object.entries(region.credentials)) left.push(`${r} credentials of ${domain}: ${(logins as string[]).join(", ")}`);
    for (const w of region.accountWebhooks) left.push(`${r} account webhook ${w.url}`);
    for (const [table, entries] of Object.entries(region.suppressions)) left.push(`${r} ${table}: ${(entries as unknown[]).length}`);
    for (const [domain, templates] of Object.entries(region.templates)) left.push(`${r} templates of ${domain}: ${(templates as unknown[]).length}`);
    // Mailing lists are not in the state dump: the API lists them.
    for (const l of (await emulator.api(r, "GET", "/v3/lists/pages")).items) left.push(`${r} mailing list ${l.address}`);
  }
  for (const k of s.keys.filter((k: { primary: boolean }) => !k.primary)) left.push(`key ${k.id} ${k.kind}/${k.role}`);
  for (const e of s.ipAllowlist) left.push(`ip allowlist ${e.ip_address}`);
  return left;
}

