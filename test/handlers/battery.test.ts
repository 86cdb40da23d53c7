import { handlers, type ResourceKind } from "../../provider";
import type { Props } from "../../provider/resources/types";
import type { TestEmulator } from "../../testkit/emulator";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { ResourceDriver, emulatorSettings, isWrite, showCalls, type Call } from "../../testkit/handler-driver";
import { LostAnswerProxy } from "../../testkit/lost-answer-proxy";
import { DyingProxy } from "../../testkit/dying-proxy";
import { TYPE_PREFIX, planRecovery, type Deployment, type StateResource } from "../../cli/recover/plan";
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
/** Creates whose provider process "died" (DyingProxy): they fail once their proxy is gone, and must have before the file ends. */
const orphans: Array<Promise<unknown>> = [];
afterAll(async () => {
  await proxy?.close();
  await Promise.all(orphans);
}, 60_000);

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

  const driver = () => d;
  const noWrites = (drv = d) => expect(showCalls(drv.writes)).toEqual([]);
  const noCalls = (drv = d) => expect(showCalls(drv.calls)).toEqual([]);

  async function created(): Promise<Props> {
    await d.up(s.args(c));
    expect(await s.count(c)).toBe(1);
    d.newRun();
    return d.outs;
  }

  /** After the step before, a refresh reads it as the state holds it and the program needs no change. */
  async function settled(args = s.args(c), d = driver()): Promise<void> {
    d.newRun();
    const { id, outs: held } = d.state!;
    const read = await d.read();
    noWrites(d);
    expect(read.id).toBe(id);
    // Every output the state holds reads back the same; a read may add what the program left to
    // Mailgun and the create did not fetch (a Domain's unsubscribe footers).
    expect(comparable(read.props)).toMatchObject(comparable(held));
    const news = await d.check(args);
    noCalls(d);
    expect(await d.diff(news)).toMatchObject({ changes: false });
    noCalls(d);
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

  // Issue 20 item 12: a `pulumi up` killed (SIGKILL, its provider process with it) at any write of
  // a create, then the documented recovery: `pulumi-mailgun recover` (its plan, played on the
  // pending create the engine recorded), the refresh it runs, and the next `pulumi up`.
  // test/crash/ proves the engine's and the CLI's side of the same procedure.
  item("interruptedCreate", "a create killed at each of its writes, then recover, refresh and up: exactly one object, and no change after", undefined, async () => {
    const killedAt: number[] = [];
    for (let k = 1; ; k++) {
      const ck: SampleContext = k === 1 ? c : { ...c, tag: `${c.tag}k${k}`, domain: `${c.tag}k${k}.battery.example.com` };
      if (k > 1) await s.prerequisites?.(ck);
      const dying = await DyingProxy.start(emulator, k);
      const killed = new ResourceDriver(emulator, kind, `${kind.toLowerCase()}-${ck.tag}`, emulatorSettings(emulator, { ...SETTINGS, "mailgun:region": region }, dying.urls));
      const args = (s.manyWrites ?? s.args)(ck);
      const inputs = await killed.check(args);
      const creating = killed.startCreate(inputs).then(() => "finished", (e: Error) => e);
      const ended = await Promise.race([dying.died.then(() => "killed" as const), creating]);
      await dying.close();
      orphans.push(creating);
      if (ended instanceof Error) throw ended;
      if (ended === "finished") break;
      killedAt.push(k);

      const urn = `urn:pulumi:test::battery::${TYPE_PREFIX}${kind}::${killed.name}`;
      const [step] = planRecovery({ resources: [], pending_operations: [{ type: "creating", resource: { urn, type: `${TYPE_PREFIX}${kind}`, inputs } }] }).steps;
      const next = new ResourceDriver(emulator, kind, killed.name, settings());
      if (step.action === "import") {
        next.state = { id: step.id!, outs: { ...inputs }, inputs };
        await next.read();
        noWrites(next);
      }
      next.newRun();
      const failed = await next.up(args).then(() => undefined, (e: Error) => e);
      expect(`killed at write ${k}: ${failed?.message ?? "up finished"}`).toBe(`killed at write ${k}: up finished`);
      expect(`killed at write ${k}: ${await s.count(ck)} objects`).toBe(`killed at write ${k}: 1 objects`);
      await settled(args, next);
    }
    expect(killedAt.length).toBeGreaterThan(0);
    console.log(`${kind} in ${region}: killed at writes ${killedAt.join(", ")}`);
  });

  /** A promise of a process killed by `dying`: "killed" when the kill came first; the promise joins the orphans. */
  async function unlessKilled<T>(dying: DyingProxy, work: Promise<T>): Promise<"killed" | { done: T }> {
    const settled = work.then((done) => ({ done }), (e: Error) => e);
    orphans.push(settled);
    const ended = await Promise.race([dying.died.then(() => "killed" as const), settled]);
    if (ended instanceof Error) throw ended;
    return ended;
  }

  // The same for a replacement: the engine makes the new object and then deletes the old (the
  // old first when diff says deleteBeforeReplace), recording what it did between the two; the
  // kill can land at any write of either.
  item("interruptedReplace", "a replacement killed at each of its writes, then recover, refresh and up: exactly one object, and no change after", s.replace, async (r) => {
    const killedAt: string[] = [];
    for (let k = 1; ; k++) {
      const ck: SampleContext = k === 1 ? c : { ...c, tag: `${c.tag}r${k}`, domain: `${c.tag}r${k}.battery.example.com` };
      if (k > 1) await s.prerequisites?.(ck);
      const name = `${kind.toLowerCase()}-${ck.tag}`;
      const urn = `urn:pulumi:test::battery::${TYPE_PREFIX}${kind}::${name}`;
      const type = `${TYPE_PREFIX}${kind}`;
      const first = new ResourceDriver(emulator, kind, name, settings());
      await first.up(s.args(ck));
      const old = first.state!;
      const oldRes: StateResource = { urn, type, id: old.id, inputs: old.inputs, outputs: old.outs };

      const dying = await DyingProxy.start(emulator, k);
      const killed = new ResourceDriver(emulator, kind, name, emulatorSettings(emulator, { ...SETTINGS, "mailgun:region": region }, dying.urls));
      killed.state = old;
      const news = await killed.check(r.args(ck));
      const diff = await killed.diff(news);
      expect(diff.replaces?.length).toBeGreaterThan(0);
      // What the engine's checkpoint holds when the process dies in each half.
      let left: Deployment | undefined;
      let phase = "";
      if (diff.deleteBeforeReplace) {
        if ((await unlessKilled(dying, killed.startDelete(old))) === "killed") (left = { resources: [oldRes], pending_operations: [{ type: "deleting", resource: oldRes }] }), (phase = "deleting the old");
        else if ((await unlessKilled(dying, killed.startCreate(news))) === "killed") (left = { resources: [], pending_operations: [{ type: "creating", resource: { urn, type, inputs: news } }] }), (phase = "creating the new");
      } else {
        const made = await unlessKilled(dying, killed.startCreate(news));
        if (made === "killed") (left = { resources: [oldRes], pending_operations: [{ type: "creating", resource: { urn, type, inputs: news } }] }), (phase = "creating the new");
        else {
          const newRes: StateResource = { urn, type, id: made.done.id, inputs: news, outputs: { ...made.done.outs, __provider: news.__provider } };
          const replaced = { ...oldRes, delete: true };
          if ((await unlessKilled(dying, killed.startDelete(old))) === "killed") (left = { resources: [replaced, newRes], pending_operations: [{ type: "deleting", resource: replaced }] }), (phase = "deleting the old");
        }
      }
      await dying.close();
      if (!left) break;
      killedAt.push(`${k} (${phase})`);

      // recover's plan, then its refresh: every recorded entry read again (dropped when gone).
      const recovered = planRecovery(left).deployment.resources ?? [];
      const entries: Array<{ d: ResourceDriver; replaced: boolean }> = [];
      for (const e of recovered) {
        const held = new ResourceDriver(emulator, kind, name, settings());
        held.state = { id: e.id!, outs: { ...e.outputs }, inputs: e.inputs ?? {} };
        await held.read();
        noWrites(held);
        if (held.state) entries.push({ d: held, replaced: e.delete === true });
      }
      // The next `pulumi up`: the declared resource (made again if the refresh dropped it), then the replaced one deleted.
      const live = entries.find((e) => !e.replaced)?.d ?? new ResourceDriver(emulator, kind, name, settings());
      live.newRun();
      const failed = await (async () => {
        await live.up(r.args(ck));
        for (const e of entries.filter((x) => x.replaced)) await e.d.sameRunAs(live).delete();
      })().then(() => undefined, (e: Error) => e);
      expect(`killed at write ${k} (${phase}): ${failed?.message ?? "up finished"}`).toBe(`killed at write ${k} (${phase}): up finished`);
      const now = (news.region as Region | undefined) ?? region;
      regions.add(now);
      const total = (await s.count(ck)) + (now !== region ? await s.count({ ...ck, region: now }) : 0);
      expect(`killed at write ${k} (${phase}): ${total} objects`).toBe(`killed at write ${k} (${phase}): 1 objects`);
      await settled(r.args(ck), live);
    }
    expect(killedAt.length).toBeGreaterThan(1);
    console.log(`${kind} in ${region}: replacement killed at writes ${killedAt.join(", ")}`);
  });
});
