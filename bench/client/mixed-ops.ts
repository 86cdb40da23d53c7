/**
 * Benchmark: mixed Mailgun operations through the client against the emulator with latency and a
 * per-account rate limit, compared with the floor those limits allow. Prints figures; asserts nothing.
 *
 *   npm run build && node --experimental-strip-types bench/client/mixed-ops.ts
 *   BENCH_OPS=100 node --experimental-strip-types bench/client/mixed-ops.ts        # quick run
 *
 * Env: BENCH_OPS (500), BENCH_CONCURRENCY (8), BENCH_LATENCY_MS (50), BENCH_LIMIT (300),
 * BENCH_WINDOW_MS (60000), BENCH_SEED (1). Written with erasable TypeScript only, so Node runs it
 * without a compile step; it uses the compiled client and emulator from dist/.
 */
// CommonJS on purpose (no import/export): Node then runs the stripped file without reparsing it as ESM.
const { startEmulator } = require("../../dist/emulator/index.js");
const { MailgunClient } = require("../../dist/provider/client/client.js");
const { makeConfig } = require("../../dist/provider/config.js");

type Region = "us" | "eu";

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
  return Math.floor(n);
}

const OPS = envInt("BENCH_OPS", 500);
const CONCURRENCY = envInt("BENCH_CONCURRENCY", 8);
const LATENCY_MS = envInt("BENCH_LATENCY_MS", 50);
const LIMIT = envInt("BENCH_LIMIT", 300);
const WINDOW_MS = envInt("BENCH_WINDOW_MS", 60_000);
const SEED = envInt("BENCH_SEED", 1);
const REGION: Region = "us";

/** Small seeded PRNG (mulberry32) so the operation mix replays exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENTS = ["delivered", "opened", "clicked", "complained", "permanent_fail", "temporary_fail", "unsubscribed", "accepted"];

interface Pools {
  routes: string[];
  domains: string[];
  keys: string[];
  /** domain -> events with a webhook */
  hooks: Map<string, Set<string>>;
}

type Op = (c: any, p: Pools, rnd: () => number, n: number) => Promise<unknown>;

/**
 * Runs `fn` on a domain taken out of the pool, so that no other worker deletes it or races on
 * its webhooks meanwhile (the workload, not the client, would be at fault), then puts it back.
 */
async function withDomain(p: Pools, rnd: () => number, fn: (d: string) => Promise<unknown>): Promise<unknown> {
  const d = take(p.domains, rnd);
  if (!d) return undefined;
  try {
    return await fn(d);
  } finally {
    p.domains.push(d);
  }
}

function pick<T>(list: T[], rnd: () => number): T | undefined {
  return list.length ? list[Math.floor(rnd() * list.length)] : undefined;
}
function take<T>(list: T[], rnd: () => number): T | undefined {
  return list.length ? list.splice(Math.floor(rnd() * list.length), 1)[0] : undefined;
}

const route = (n: number) => ({
  priority: n % 100,
  description: `bench ${n}`,
  expression: `match_recipient("bench-${n}@mg.example.com")`,
  actions: [`forward("https://hooks.example.com/${n}")`, "stop()"],
});

const createRoute: Op = async (c, p, _r, n) => p.routes.push((await c.routes.create(REGION, route(n))).id);
const createDomain: Op = async (c, p, _r, n) => {
  const name = `bench-${n}.mg.example.com`;
  await c.domains.create(REGION, { name });
  p.domains.push(name);
  p.hooks.set(name, new Set());
};

/** Each operation works on an object that exists, or creates one when there is none yet. */
const OPS_MIX: Array<[weight: number, name: string, op: Op]> = [
  [14, "route create", createRoute],
  [10, "route get", async (c, p, r, n) => { const id = pick(p.routes, r); return id ? c.routes.get(REGION, id) : createRoute(c, p, r, n); }],
  [9, "route update", async (c, p, r, n) => { const id = pick(p.routes, r); return id ? c.routes.update(REGION, id, { priority: n % 50, description: `bench ${n} v2` }) : createRoute(c, p, r, n); }],
  [5, "route delete", async (c, p, r, n) => { const id = take(p.routes, r); return id ? c.routes.delete(REGION, id) : createRoute(c, p, r, n); }],
  [10, "domain create", createDomain],
  [9, "domain get", async (c, p, r, n) => (p.domains.length ? withDomain(p, r, (d) => c.domains.get(REGION, d)) : createDomain(c, p, r, n))],
  [6, "domain update", async (c, p, r, n) =>
    p.domains.length ? withDomain(p, r, (d) => c.domains.update(REGION, d, { web_scheme: n % 2 ? "https" : "http" })) : createDomain(c, p, r, n)],
  [3, "domain delete", async (c, p, r, n) => {
    const d = take(p.domains, r);
    if (!d) return createDomain(c, p, r, n);
    p.hooks.delete(d);
    return c.domains.delete(REGION, d);
  }],
  [12, "webhook set", async (c, p, r, n) => {
    if (!p.domains.length) return createDomain(c, p, r, n);
    return withDomain(p, r, (d) => {
      const events = p.hooks.get(d)!;
      const event = EVENTS[n % EVENTS.length];
      const urls = [`https://hooks.example.com/${d}/${event}/${n}`];
      if (events.has(event)) return c.webhooks.update(REGION, d, event, urls);
      events.add(event);
      return c.webhooks.create(REGION, d, event, urls);
    });
  }],
  [4, "webhook delete", async (c, p, r, n) => {
    if (!p.domains.length) return createDomain(c, p, r, n);
    return withDomain(p, r, async (d) => {
      const events = p.hooks.get(d)!;
      const event = [...events][0];
      if (!event) return c.webhooks.list(REGION, d);
      events.delete(event);
      return c.webhooks.delete(REGION, d, event);
    });
  }],
  [8, "key create", async (c, p, r, n) => {
    if (!p.domains.length) return createDomain(c, p, r, n);
    return withDomain(p, r, async (d) => {
      p.keys.push((await c.keys.create(REGION, { role: "sending", kind: "domain", domain_name: d, description: `bench ${n}` })).id);
    });
  }],
  [5, "key list", async (c, p, r) => c.keys.list(REGION, { domain_name: pick(p.domains, r) })],
  [5, "key delete", async (c, p, r, n) => { const id = take(p.keys, r); return id ? c.keys.delete(REGION, id) : createRoute(c, p, r, n); }],
];
const TOTAL_WEIGHT = OPS_MIX.reduce((s, [w]) => s + w, 0);

function chooseOp(rnd: () => number): [string, Op] {
  let x = rnd() * TOTAL_WEIGHT;
  for (const [w, name, op] of OPS_MIX) {
    if ((x -= w) < 0) return [name, op];
  }
  return [OPS_MIX[0][1], OPS_MIX[0][2]];
}

async function main(): Promise<void> {
  const emu = await startEmulator({ knobs: { latencyMs: LATENCY_MS, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } } });
  const client = new MailgunClient(
    makeConfig({ apiKey: emu.apiKey, baseUrls: emu.urls, maxConcurrency: CONCURRENCY }),
    { logger: process.env.MAILGUN_DEBUG ? (l: string) => process.stderr.write(`${l}\n`) : () => {} },
  );
  const rnd = prng(SEED);
  const pools: Pools = { routes: [], domains: [], keys: [], hooks: new Map() };
  const failures: string[] = [];
  const perOp = new Map<string, number>();
  let next = 0;

  console.log(`mixed-ops: ${OPS} operations, ${CONCURRENCY} in flight, latency ${LATENCY_MS} ms, rate limit ${LIMIT} per ${WINDOW_MS} ms (region ${REGION})`);
  const started = Date.now();
  const worker = async () => {
    for (;;) {
      const n = next++;
      if (n >= OPS) return;
      const [name, op] = chooseOp(rnd);
      perOp.set(name, (perOp.get(name) ?? 0) + 1);
      try {
        await op(client, pools, rnd, n);
      } catch (e) {
        failures.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = Date.now() - started;

  const res = await fetch(`${emu.urls.us}/_emulator/requests`);
  const log = ((await res.json()) as { requests: Array<{ status: number | null }> }).requests;
  await client.close();
  await emu.close();

  const calls = log.length;
  const rateLimited = log.filter((e) => e.status === 429).length;
  const floorMs = Math.max((calls / LIMIT) * WINDOW_MS, (calls * LATENCY_MS) / CONCURRENCY);
  console.log(`operations:   ${OPS} (${[...perOp].map(([k, v]) => `${k} ${v}`).join(", ")})`);
  console.log(`calls made:   ${calls} (from the emulator's request log)`);
  console.log(`429s seen:    ${rateLimited}`);
  console.log(`failures:     ${failures.length}`);
  for (const f of failures.slice(0, 5)) console.log(`  - ${f}`);
  console.log(`wall time:    ${(wallMs / 1000).toFixed(1)} s`);
  console.log(`floor:        ${(floorMs / 1000).toFixed(1)} s = max(${calls} calls / ${LIMIT} per ${WINDOW_MS / 1000} s, ${calls} x ${LATENCY_MS} ms / ${CONCURRENCY})`);
  console.log(`wall / floor: ${(wallMs / floorMs).toFixed(2)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
