/**
 * Optional JSON persistence (`dataFile`), so a quickstart's state survives a restart.
 * Loaded once at start, written after changes (debounced) and on close, atomically
 * (temp file + rename) so a crash never leaves half a file. Knobs are not persisted:
 * they belong to the run, not to the account.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DomainRecord, REGIONS, Region, RegionStore, World } from "./store";

const FORMAT = 1;

type Entries<T> = Array<[string, T]>;

function entries<T>(map: Map<string, T>): Entries<T> {
  return [...map.entries()];
}

function nestedEntries<T>(map: Map<string, Map<string, T>>): Entries<Entries<T>> {
  return [...map.entries()].map(([k, inner]) => [k, entries(inner)]);
}

function fill<T>(map: Map<string, T>, from: Entries<T> | undefined): void {
  for (const [k, v] of from ?? []) map.set(k, v);
}

function fillNested<T>(map: Map<string, Map<string, T>>, from: Entries<Entries<T>> | undefined): void {
  for (const [k, inner] of from ?? []) map.set(k, new Map(inner));
}

function dumpRegion(store: RegionStore) {
  return {
    domains: entries(store.domains),
    deleting: entries(store.deleting),
    routes: entries(store.routes),
    webhooks: nestedEntries(store.webhooks),
    credentials: nestedEntries(store.credentials),
    accountWebhooks: entries(store.accountWebhooks),
    suppressions: nestedEntries(store.suppressions),
    lists: entries(store.lists),
    listMembers: nestedEntries(store.listMembers),
    templates: nestedEntries(store.templates),
  };
}

type RegionFile = ReturnType<typeof dumpRegion>;

interface DataFile {
  format: number;
  regions: Record<Region, RegionFile>;
  domainNames: Entries<Region>;
  keys: Entries<unknown>;
  /** Absent in files written before the IP allowlist existed. */
  ipAllowlist?: Entries<unknown>;
}

export function serialize(world: World): string {
  const data: DataFile = {
    format: FORMAT,
    regions: { us: dumpRegion(world.regions.us), eu: dumpRegion(world.regions.eu) },
    domainNames: entries(world.domainNames),
    keys: entries(world.keys),
    ipAllowlist: entries(world.ipAllowlist),
  };
  return JSON.stringify(data, null, 2);
}

/** Files written before domains had several DKIM keys hold the one key flat on `dkim`. */
function upgradeDkim(d: DomainRecord): void {
  const old = d.dkim as DomainRecord["dkim"] & { key_size?: number; public_key?: string; active?: boolean };
  if (Array.isArray(old.keys)) return;
  old.keys = old.public_key ? [{ selector: old.selector, key_size: old.key_size ?? 1024, public_key: old.public_key, active: old.active ?? false }] : [];
  delete old.key_size;
  delete old.public_key;
  delete old.active;
}

/** Load a data file into an empty world. Returns false when the file does not exist. */
export function load(world: World, file: string): boolean {
  if (!existsSync(file)) return false;
  const data = JSON.parse(readFileSync(file, "utf8")) as DataFile;
  if (data.format !== FORMAT) throw new Error(`${file}: unsupported emulator data format ${data.format}`);
  for (const region of REGIONS) {
    const store = world.regions[region];
    const from = data.regions[region];
    fill(store.domains, from.domains);
    for (const entry of store.domains.values()) {
      upgradeDkim(entry.value);
      if (entry.previous) upgradeDkim(entry.previous);
    }
    fill(store.deleting, from.deleting);
    fill(store.routes, from.routes);
    fillNested(store.webhooks, from.webhooks);
    fillNested(store.credentials, from.credentials);
    // Absent from files written before account webhooks existed.
    fill(store.accountWebhooks, from.accountWebhooks);
    // Absent from files written before suppressions existed.
    fillNested(store.suppressions, from.suppressions);
    // Absent from files written before mailing lists existed.
    fill(store.lists, from.lists);
    fillNested(store.listMembers, from.listMembers);
    // Absent from files written before templates existed.
    fillNested(store.templates, from.templates);
  }
  fill(world.domainNames, data.domainNames);
  fill(world.keys, data.keys as never);
  fill(world.ipAllowlist, data.ipAllowlist as never);
  return true;
}

export function save(world: World, file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, serialize(world));
  renameSync(tmp, file);
}

/** Writes the file at most once per `delayMs` after changes; `flush()` writes now if anything is pending. */
export class DebouncedSaver {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(private readonly world: World, private readonly file: string, private readonly delayMs = 50) {
    world.onChange(() => this.schedule());
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    save(this.world, this.file);
  }
}
