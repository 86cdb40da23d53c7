import { handlers, type ResourceKind } from "../../provider";
import type { Props } from "../../provider/resources/types";
import type { TestEmulator } from "../../testkit/emulator";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { ResourceDriver, emulatorSettings, isWrite, showCalls, type Call } from "../../testkit/handler-driver";
import { LostAnswerProxy } from "../../testkit/lost-answer-proxy";
import { samples, type BatteryItem, type KindSample, type Reason, type Region, type SampleContext } from "./samples";

/**
 * The same battery for every kind of the registry, played through the handlers as the provider
 * process runs them against the emulator: the engine's steps, drift and deletion by hand,
 * adopt, a lost answer, and the regions the calls go to. What is particular to a kind lives in
 * test/handlers/<kind>.test.ts; how each kind plays an item (or why it cannot) is in samples.ts.
 */

// A small consistency budget: the emulator answers at once (no consistency delay), and a read
// of an object changed by hand waits out at most this much before it believes what it sees.
const SETTINGS = { "mailgun:consistencyBudgetMs": "100", "mailgun:maxRetries": "3" };

// The emulator, reset before each test; the handlers run in the driver's own provider processes.
const harness = useHandlerEmulator({});
let emulator: TestEmulator;
let proxy: LostAnswerProxy;
beforeAll(async () => {
  emulator = harness.emulator;
  proxy = await LostAnswerProxy.start(emulator);
});
afterAll(() => proxy?.close());

const rows = (Object.keys(handlers) as ResourceKind[]).flatMap((kind) => samples[kind].regions.map((region) => [kind, region] as const));
/** Fields every read or write stamps anew, and the engine's own: never a disagreement. */
const comparable = (props: Props | undefined) => {
  const { writtenAt: _w, __provider: _p, ...rest } = props ?? {};
  return rest;
};

let n = 0;

describe.each(rows)("%s in %s", (kind, region) => {
  const s: KindSample = samples[kind];
  const settings = (r: Region = region) => emulatorSettings(emulator, { ...SETTINGS, "mailgun:region": r });
  let c: SampleContext;
  let d: ResourceDriver;
  /** The regions this test's calls may go to. */
  let regions: Set<Region>;

  beforeEach(async () => {
    const tag = `t${++n}`;
    c = { emulator, region, tag, domain: `${tag}.battery.example.com` };
    await s.prerequisites?.(c);
    d = new ResourceDriver(emulator, kind, `${kind.toLowerCase()}-${tag}`, settings());
    regions = new Set([region]);
  });

  afterEach(() => {
    const astray = d.history.filter((call) => !regions.has(call.region as Region) && (isWrite(call) || !s.readsOtherRegion));
    expect(showCalls(astray)).toEqual([]);
  });

  /**
   * A battery item; a skipped row that says why the kind has no such case; or, for a provider
   * bug the sample names (samples.ts, `bugs`), a row that must fail until the bug is fixed.
   */
  function item<T>(id: BatteryItem, name: string, how: T | Reason | undefined, body: (how: T) => Promise<void>) {
    const bug = s.bugs?.[id];
    if (typeof how === "string") test.skip(`${name}: not for ${kind}: ${how}`, () => undefined);
    else if (bug) test.failing(`${name} [KNOWN BUG: ${bug}]`, () => body(how as T));
    else test(name, () => body(how as T));
  }

  const noWrites = () => expect(showCalls(d.writes)).toEqual([]);
  const noCalls = () => expect(showCalls(d.calls)).toEqual([]);

  async function created(): Promise<Props> {
    await d.up(s.args(c));
    expect(await s.count(c)).toBe(1);
    d.newRun();
    return d.outs;
  }

  /** After the step before, a refresh reads it as the state holds it and the program needs no change. */
  async function settled(args = s.args(c)): Promise<void> {
    d.newRun();
    const { id, outs: held } = d.state!;
    const read = await d.read();
    noWrites();
    expect(read.id).toBe(id);
    // Every output the state holds reads back the same; a read may add what the program left to
    // Mailgun and the create did not fetch (a Domain's unsubscribe footers).
    expect(comparable(read.props)).toMatchObject(comparable(held));
    const news = await d.check(args);
    noCalls();
    expect(await d.diff(news)).toMatchObject({ changes: false });
    noCalls();
  }

  item("lifecycle", "check, create, read and diff: the read agrees, nothing changes, check and diff call nothing", undefined, async () => {
    const news = await d.check(s.args(c));
    noCalls();
    await d.create(news);
    expect(d.writes.length).toBeGreaterThan(0);
    expect(await s.count(c)).toBe(1);
    await settled();
  });

  item("update", "an in-place update writes, and a read then agrees", s.update, async (u) => {
    await created();
    const { did, diff } = await d.up(u.args(c));
    expect(did).toBe("update");
    expect(diff?.replaces ?? []).toEqual([]);
    expect(d.writes.length).toBeGreaterThan(0);
    expect(await s.count(c)).toBe(1);
    await settled(u.args(c));
  });

  item("replace", "a replacing change names its fields, makes the new object and deletes the old", s.replace, async (r) => {
    await created();
    const { did, diff } = await d.up(r.args(c));
    expect(did).toBe("replace");
    expect(diff?.replaces).toEqual(expect.arrayContaining(r.fields));
    const now = (d.outs.region as Region | undefined) ?? region;
    regions.add(now);
    const counts = { [region]: await s.count(c), ...(now !== region ? { [now]: await s.count({ ...c, region: now }) } : {}) };
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
    expect(counts[now]).toBe(1);
    await settled(r.args(c));
  });

  item("drift", "drift made by hand: a read shows it, diff reports it, and the next up repairs it", s.drift, async (drift) => {
    await created();
    await drift.byHand(c, d.outs);
    const read = await d.read();
    noWrites();
    expect(read.props).toMatchObject(drift.shows(c));
    const news = await d.check(s.args(c));
    const diff = await d.diff(news);
    expect(diff.changes).toBe(true);
    if (diff.replaces?.length) await d.replace(news, diff);
    else await d.update(news);
    expect(await s.count(c)).toBe(1);
    await settled();
  });

  item("deletedByHand", "deleted by hand: a read says it is gone and writes nothing", s.deleteByHand, async (byHand) => {
    await created();
    await byHand(c, d.outs);
    const read = await d.read();
    noWrites();
    expect(read.id).toBeFalsy();
    expect(d.state).toBeUndefined();
  });

  if (typeof s.deleteLeaves === "string")
    item("delete", `delete touches nothing at Mailgun: ${s.deleteLeaves}`, undefined, async () => {
      await created();
      await d.delete();
      noCalls();
      expect(await s.count(c)).toBe(1);
    });
  else item("delete", "delete removes the object; deleting it again once it is gone does not fail", undefined, async () => {
    await created();
    const held = d.state!;
    await d.delete();
    expect(d.writes.length).toBeGreaterThan(0);
    expect(await s.count(c)).toBe(0);
    d.newRun();
    d.state = held;
    await d.delete();
    expect(await s.count(c)).toBe(0);
  });

  item("adopt", "adopt takes over a matching object made by hand, with no write", s.adopt, async (adopt) => {
    await adopt.byHand(c);
    expect(await s.count(c)).toBe(1);
    d.newRun();
    const { did } = await d.up(adopt.args(c));
    expect(did).toBe("create");
    noWrites();
    expect(await s.count(c)).toBe(1);
    await settled(adopt.args(c));
  });

  item("rename", "a rename without aliases leaves one object: the new name takes it over, or is refused with the aliases advice", s.rename, async () => {
    await created();
    const renamed = new ResourceDriver(emulator, kind, `${d.name}-renamed`, settings()).sameRunAs(d);
    // One `pulumi up`: the engine checks and creates the new resource, and deletes the old one last.
    const failed = await renamed.up(s.args(c)).then(() => undefined, (e: Error) => e);
    if (failed) expect(failed.message).toMatch(/aliases/);
    else await d.delete();
    d.history.push(...renamed.history);
    expect(await s.count(c)).toBe(1);
    const holder = failed ? d : renamed;
    holder.newRun();
    expect((await holder.read()).id).toBeTruthy();
  });

  // Issue 20 item 3: with aliases the engine keeps the state and diffs it against the inputs the
  // SDK builds under the new name (a new owner tag, a new __declaredAs): that must be no change.
  item("renameWithAliases", "a rename with aliases is no change, and no call", undefined, async () => {
    await created();
    const renamed = new ResourceDriver(emulator, kind, `${d.name}-renamed`, settings());
    renamed.state = d.state;
    const news = await renamed.check(s.args(c));
    expect(await renamed.diff(news)).toMatchObject({ changes: false });
    expect(showCalls(renamed.calls)).toEqual([]);
  });

  /** The first `pulumi up` of the args, with the answer of its first write lost (after Mailgun applied it). */
  async function upLosingAnswer(extra: Record<string, string> = {}): Promise<Error | undefined> {
    d.newRun(emulatorSettings(emulator, { ...SETTINGS, "mailgun:region": region, ...extra }, proxy.urls));
    const lostBefore = proxy.lost.length;
    proxy.loseNextWriteAnswers(1);
    const failed = await d.up(s.args(c)).then(() => undefined, (e: Error) => e);
    expect(proxy.lost.length - lostBefore).toBe(1);
    // The write whose answer was lost did happen at Mailgun.
    expect(d.history.filter((call: Call) => call.applied && isWrite(call)).length).toBeGreaterThan(0);
    return failed;
  }

  item("lostAnswer", "a create whose write's answer is lost leaves exactly one object", s.lostAnswer, async (lost) => {
    const failed = (await upLosingAnswer()) as (Error & { id?: string; properties?: Props }) | undefined;
    if (failed) {
      // The engine records a partial create's id; any other failure leaves nothing, and the next up creates again.
      if (failed.name === "PartialCreateError") d.state = { id: failed.id!, outs: failed.properties!, inputs: {} };
      d.newRun(emulatorSettings(emulator, { ...SETTINGS, "mailgun:region": region }, proxy.urls));
      await d.up(s.args(c));
    }
    expect(await s.count(c)).toBe(1);
    if (lost?.writes) expect(d.history.filter(isWrite).map((w) => `${w.method} ${w.path}`)).toEqual(lost.writes.map((w) => expect.stringMatching(w)));
    await settled();
  });

  // Its waits are long (the lag must outlast the client's first retry): one region per kind is enough.
  const lagging = region === s.regions[0] ? s.lostAnswer : `played in ${s.regions[0]} only (the same code path; its waits are long)`;
  item("lostAnswerWhileLagging", "a create whose write's answer is lost while Mailgun's reads lag succeeds with exactly one object", lagging, async () => {
    // Mailgun shows a new object only after a while, longer than the client's first retry waits
    // (under 500 ms): the recovery must wait it out within the consistency budget.
    await emulator.setKnobs({ consistencyDelayMs: 900 });
    const failed = await upLosingAnswer({ "mailgun:consistencyBudgetMs": "2500" });
    expect(failed?.message).toBeUndefined();
    expect(await s.count(c)).toBe(1);
  });
});
