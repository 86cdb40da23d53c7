import { handler, KINDS, providerSource, type ResourceKind } from "../../provider";
import { ACCOUNT_KEY } from "../../provider/accounts";
import { runProgress } from "../../provider/client/progress";
import { readAhead } from "../../provider/read-ahead";
import { definitions } from "../../provider/resources/fields";
import { secretNames } from "../../provider/resources/fields/define";
import type { Props } from "../../provider/resources/types";
import type { PulumiCli } from "../../provider/pulumi-cli";
import type { StateResource } from "../../provider/stack-resources";
import type { RequestLogEntry, TestEmulator } from "../../testkit/emulator";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { later, newRun, up, type Held } from "./engine-steps";
import { samples, type SampleContext } from "./samples";

/**
 * A refresh's reads sent ahead of the engine (provider/read-ahead.ts), played through the handlers
 * as the provider process runs them against the emulator: one resource of every kind (and three
 * routes, which share a listing), read as the engine reads them, with and without reading ahead.
 * Reading ahead must change when the calls go out, never which calls or what the reads return.
 * That the provider finds the state and the operation under a real `pulumi refresh` is proven in
 * test/engine/progress.test.ts.
 */
const harness = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "100", "mailgun:maxRetries": "3", "mailgun:maxConcurrency": "4" });
let emulator: TestEmulator;
beforeAll(() => {
  emulator = harness.emulator;
});

const REFRESH: PulumiCli = { exe: "/usr/local/bin/pulumi", args: ["pulumi", "refresh", "--yes", "--stack", "dev"], cwd: "/" };

/** How the state holds a secret: Pulumi's envelope around the ciphertext. */
const ENCRYPTED = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:c2VjcmV0:Y2lwaGVy" };

/** The stack as the exported state shows it: past its writes' consistency budget, secrets encrypted. */
function exported(held: Held[], extra: Partial<StateResource> = {}): StateResource[] {
  return held.map((h) => {
    const outputs: Props = { ...later(h).outs, __provider: providerSource(h.kind) };
    for (const name of secretNames(definitions[h.kind])) if (outputs[name] !== undefined) outputs[name] = ENCRYPTED;
    return { kind: h.kind, id: h.id, outputs, front: "dynamic", ...extra };
  });
}

/** One engine read, with the props the engine hands the dynamic provider (secrets in the clear). */
async function engineRead(h: Held): Promise<Props | undefined> {
  const r = await handler(h.kind).read(h.id, { ...later(h).outs, __provider: providerSource(h.kind) });
  if (!r.id) return undefined;
  const { writtenAt: _w, __provider: _p, ...rest } = r.props as Props;
  return rest;
}

/** The engine's refresh: two reads at a time, in the state's order. */
async function engineRefresh(held: Held[]): Promise<Record<string, Props | undefined>> {
  const out: Record<string, Props | undefined> = {};
  let next = 0;
  const lane = async () => {
    for (let h = held[next++]; h; h = held[next++]) out[`${h.kind}/${h.id}`] = await engineRead(h);
  };
  await Promise.all([lane(), lane()]);
  return out;
}

const callsOf = (log: RequestLogEntry[]) => log.map((r) => `${r.region} ${r.method} ${r.path}${Object.keys(r.query ?? {}).length ? ` ${JSON.stringify(r.query)}` : ""} ${r.status}`).sort();

/** A stack of one resource of every kind (the sample the battery plays) and two more routes. */
async function everyKind(): Promise<Held[]> {
  const held: Held[] = [];
  let n = 0;
  const make = async (kind: ResourceKind, tag = `ra${++n}`) => {
    const s = samples[kind];
    const c: SampleContext = { emulator, region: s.regions[0], tag, domain: `${tag}.read-ahead.example.com` };
    await s.prerequisites?.(c);
    held.push((await up(kind, `${kind.toLowerCase()}-${tag}`, s.args(c))).held);
  };
  for (const kind of KINDS) await make(kind);
  await make("Route");
  await make("Route");
  return held;
}

test("a refresh read ahead makes the calls of one that is not, and its reads return the same", async () => {
  const held = await everyKind();
  // Deleted by hand: its read, sent ahead or not, says it is gone.
  await emulator.api("eu", "DELETE", `/v3/routes/${held.find((h) => h.kind === "Route")!.id}`);

  newRun();
  readAhead.useSources(async () => exported(held), () => undefined);
  await emulator.clearRequests();
  const plain = await engineRefresh(held);
  const plainCalls = callsOf(await emulator.requests());
  expect(Object.values(plain).filter((p) => p === undefined)).toHaveLength(1);

  newRun();
  readAhead.useSources(async () => exported(held), () => REFRESH);
  await emulator.clearRequests();
  const first = await engineRead(held[0]);
  await readAhead.settled();
  const sentAhead = (await emulator.requests()).length;
  // For the progress lines every resource is read (the one gone too): its calls are made.
  expect(runProgress.resources.estimate(sentAhead, undefined).done).toBe(held.length);
  const rest = await engineRefresh(held.slice(1));
  // Every read after the first found its calls' answers there: nothing more went out.
  expect((await emulator.requests()).length).toBe(sentAhead);
  expect(callsOf(await emulator.requests())).toEqual(plainCalls);
  expect({ [`${held[0].kind}/${held[0].id}`]: first, ...rest }).toEqual(plain);
});

test("a 429 answered ahead is retried by the engine's read that takes it: one more call each, the same reads", async () => {
  const held = await everyKind();
  newRun();
  readAhead.useSources(async () => exported(held), () => undefined);
  await emulator.clearRequests();
  const plain = await engineRefresh(held);
  const plainCalls = (await emulator.requests()).length;

  newRun();
  readAhead.useSources(async () => exported(held), () => REFRESH);
  await emulator.clearRequests();
  // The first three requests, whichever reads (ahead or the engine's) send them.
  await emulator.setKnobs({ faults: { burst: { status: 429, count: 3 } } } as never);
  const first = await engineRead(held[0]);
  await readAhead.settled();
  const rest = await engineRefresh(held.slice(1));
  const log = await emulator.requests();
  expect(log.filter((r) => r.status === 429)).toHaveLength(3);
  expect(log).toHaveLength(plainCalls + 3);
  expect({ [`${held[0].kind}/${held[0].id}`]: first, ...rest }).toEqual(plain);
});

test("only a refresh of the whole state reads ahead, only its provider resource's resources, and never one whose account key is stored with it", async () => {
  const held = await everyKind();
  const routes = held.filter((h) => h.kind === "Route");
  const cases: Array<[string, PulumiCli | undefined, StateResource[]]> = [
    ["pulumi up", { ...REFRESH, args: ["pulumi", "up", "--yes"] }, exported(routes)],
    ["a targeted refresh", { ...REFRESH, args: ["pulumi", "refresh", "--target", "urn:x"] }, exported(routes)],
    ["no CLI found", undefined, exported(routes)],
    ["a key stored with each", REFRESH, exported(routes).map((r) => ({ ...r, outputs: { ...r.outputs, [ACCOUNT_KEY]: ENCRYPTED } }))],
    ["the other front end's resources", REFRESH, exported(routes, { front: "plugin" })],
    // The engine starts a plugin process per provider resource: this process serves the first route's.
    ["another provider resource's", REFRESH, exported(routes).map((r, i) => ({ ...r, provider: i === 0 ? "urn:p::default::1" : "urn:p::eu::2" }))],
    ["a state without the resource read first", REFRESH, exported(routes.slice(1))],
  ];
  for (const [name, cli, state] of cases) {
    newRun();
    readAhead.useSources(async () => state, () => cli);
    await emulator.clearRequests();
    await engineRead(routes[0]);
    await readAhead.settled();
    // The engine's read alone: the other two routes were not read ahead.
    expect([name, (await emulator.requests()).map((r) => `${r.method} ${r.path}`)]).toEqual([name, [`GET /v3/routes/${routes[0].id}`]]);
  }
  // The same state and a plain refresh: they are.
  newRun();
  readAhead.useSources(async () => exported(routes), () => REFRESH);
  await emulator.clearRequests();
  await engineRead(routes[0]);
  await readAhead.settled();
  expect((await emulator.requests()).length).toBeGreaterThan(1);
});
