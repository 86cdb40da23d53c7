import type { ResourceSpec } from "../../testkit/mailgun-stack";

/**
 * "No duplicate, no orphan, nothing missing": compares three views of the same stack.
 * - Pulumi's state (the deployment from `stack export`) against the emulator's state dump, by identity:
 *   domains by region+name, routes by region+id, webhook URLs per region/domain/event, keys by id.
 * - The emulator's dump against the declared program, by content: what each object should look like.
 * Every list is a sorted multiset of strings, so a duplicate shows up as a repeated line.
 */
export interface Inventory {
  domains: string[];
  routes: string[];
  webhooks: string[];
  keys: string[];
}

interface StateResource {
  type: string;
  urn: string;
  id?: string;
  outputs?: Record<string, any>;
}

const TYPE = "pulumi-nodejs:dynamic/mailgun:";

function sorted(xs: string[]): string[] {
  return [...xs].sort();
}

function kindOf(r: StateResource): string | undefined {
  return r.type.startsWith(TYPE) ? r.type.slice(TYPE.length) : undefined;
}

/** What Pulumi believes exists (identities only). */
export function inventoryFromState(deployment: { resources?: StateResource[] }): Inventory {
  const inv: Inventory = { domains: [], routes: [], webhooks: [], keys: [] };
  for (const r of deployment.resources ?? []) {
    const o = r.outputs ?? {};
    switch (kindOf(r)) {
      case "Domain":
        inv.domains.push(`${o.region}/${o.name}`);
        break;
      case "Route":
        inv.routes.push(`${o.region}/${r.id}`);
        break;
      case "Webhook":
        for (const e of o.events ?? []) inv.webhooks.push(`${o.region}/${o.domain}/${e}/${o.url}`);
        break;
      case "SendingKey":
        inv.keys.push(String(r.id));
        break;
    }
  }
  return { domains: sorted(inv.domains), routes: sorted(inv.routes), webhooks: sorted(inv.webhooks), keys: sorted(inv.keys) };
}

const REGIONS = ["us", "eu"] as const;

/** What the emulator holds (identities only). */
export function inventoryFromDump(dump: any): Inventory {
  const inv: Inventory = { domains: [], routes: [], webhooks: [], keys: [] };
  for (const region of REGIONS) {
    for (const d of dump[region].domains) inv.domains.push(`${region}/${d.name}`);
    for (const r of dump[region].routes) inv.routes.push(`${region}/${r.id}`);
    for (const [domain, events] of Object.entries(dump[region].webhooks as Record<string, Record<string, string[]>>)) {
      for (const [event, urls] of Object.entries(events)) for (const url of urls) inv.webhooks.push(`${region}/${domain}/${event}/${url}`);
    }
  }
  for (const k of dump.keys) if (!k.primary) inv.keys.push(k.id);
  return { domains: sorted(inv.domains), routes: sorted(inv.routes), webhooks: sorted(inv.webhooks), keys: sorted(inv.keys) };
}

/** The content a correct run leaves at Mailgun, derived from the program alone. */
export interface Content {
  domains: string[];
  routes: string[];
  webhooks: string[];
  keys: string[];
}

function nameOfRef(specs: ResourceSpec[], value: unknown): string {
  const ref = (value as { $ref?: string })?.$ref;
  if (!ref) return String(value);
  const target = specs.find((s) => s.name === ref.split(".")[0]);
  return String(target?.args.name);
}

function tracking(args: Record<string, unknown>): string {
  return `open=${Boolean(args.openTracking)} click=${String(args.clickTracking ?? false)}`;
}

export function declaredContent(specs: ResourceSpec[]): Content {
  const c: Content = { domains: [], routes: [], webhooks: [], keys: [] };
  for (const s of specs) {
    const a = s.args as Record<string, any>;
    const region = a.region ?? "us";
    switch (s.kind) {
      case "Domain":
        c.domains.push(`${region}/${a.name} ${tracking(a)}`);
        break;
      case "Route":
        c.routes.push(`${region}/${a.expression} p=${a.priority ?? 0} ${JSON.stringify(a.actions)} "${a.description ?? ""}"`);
        break;
      case "Webhook":
        for (const e of a.events) c.webhooks.push(`${region}/${nameOfRef(specs, a.domain)}/${e}/${a.url}`);
        break;
      case "SendingKey":
        c.keys.push(`${nameOfRef(specs, a.domain)} "${a.description ?? ""}"`);
        break;
    }
  }
  return { domains: sorted(c.domains), routes: sorted(c.routes), webhooks: sorted(c.webhooks), keys: sorted(c.keys) };
}

export function contentFromDump(dump: any): Content {
  const c: Content = { domains: [], routes: [], webhooks: [], keys: [] };
  for (const region of REGIONS) {
    for (const d of dump[region].domains) {
      const click = d.tracking.click.active === "htmlonly" ? "htmlonly" : String(Boolean(d.tracking.click.active));
      c.domains.push(`${region}/${d.name} open=${Boolean(d.tracking.open.active)} click=${click}`);
    }
    for (const r of dump[region].routes) c.routes.push(`${region}/${r.expression} p=${r.priority} ${JSON.stringify(r.actions)} "${r.description}"`);
    for (const [domain, events] of Object.entries(dump[region].webhooks as Record<string, Record<string, string[]>>)) {
      for (const [event, urls] of Object.entries(events)) for (const url of urls) c.webhooks.push(`${region}/${domain}/${event}/${url}`);
    }
  }
  // Mailgun keeps the provider's marker at the end of a key's description.
  for (const k of dump.keys) if (!k.primary) c.keys.push(`${k.domain_name} "${String(k.description).replace(/\s*\[pulumi:[0-9a-f]{12}\]$/, "")}"`);
  return { domains: sorted(c.domains), routes: sorted(c.routes), webhooks: sorted(c.webhooks), keys: sorted(c.keys) };
}

/** Lines only in `a` (prefixed "-") or only in `b` ("+"), multiset-aware. Empty means equal. */
export function multisetDiff(a: string[], b: string[]): string[] {
  const count = new Map<string, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of b) count.set(x, (count.get(x) ?? 0) - 1);
  const out: string[] = [];
  for (const [x, n] of count) {
    for (let i = 0; i < Math.abs(n); i++) out.push(`${n > 0 ? "-" : "+"} ${x}`);
  }
  return out.sort();
}

export interface Mismatch {
  /** state vs emulator: "-" only in Pulumi's state (missing at Mailgun), "+" only at Mailgun (orphan or duplicate). */
  identity: Partial<Record<keyof Inventory, string[]>>;
  /** program vs emulator: "-" declared but absent or different, "+" present but not declared. */
  content: Partial<Record<keyof Content, string[]>>;
  /** Operations the engine started but never recorded as finished. */
  pendingOperations: number;
}

/** Everything that is wrong; `undefined` when Pulumi's state, the emulator and the program agree. */
export function reconcile(deployment: any, dump: any, declared: ResourceSpec[] | undefined): Mismatch | undefined {
  const fromState = inventoryFromState(deployment);
  const fromDump = inventoryFromDump(dump);
  const mismatch: Mismatch = { identity: {}, content: {}, pendingOperations: (deployment.pending_operations ?? []).length };
  for (const k of ["domains", "routes", "webhooks", "keys"] as const) {
    const d = multisetDiff(fromState[k], fromDump[k]);
    if (d.length) mismatch.identity[k] = d;
  }
  if (declared) {
    const want = declaredContent(declared);
    const have = contentFromDump(dump);
    for (const k of ["domains", "routes", "webhooks", "keys"] as const) {
      const d = multisetDiff(want[k], have[k]);
      if (d.length) mismatch.content[k] = d;
    }
  }
  const clean = !Object.keys(mismatch.identity).length && !Object.keys(mismatch.content).length && mismatch.pendingOperations === 0;
  return clean ? undefined : mismatch;
}
