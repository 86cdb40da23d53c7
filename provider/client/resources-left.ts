import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the resources of a run have cost and how many are done, for the progress lines' estimate
 * of the calls left (progress.ts). Kinds cost differently (deleting a domain takes 9 calls, a
 * route 1, and `destroy` deletes the domains last), so the calls left are summed kind by kind: the
 * calls each resource of the kind took so far, or before any did, the kind's prior; less the
 * calls the steps under way have made.
 */

/** What finishing a resource took: a create, update or no-change diff; a read; a delete. */
export type ResourceStep = "write" | "read" | "delete";

/**
 * The calls a step of a kind takes, before any resource of the kind has done it here. "shared":
 * the resources of the kind share the step's calls (a listing per region, domain or list serves
 * them all), so the calls a resource took say nothing of the next one's: the calls left for the
 * kind are those it made so far, for the share of its resources not done (none before it made
 * any). Until a listing arrives, its readers wait on it undone, and the first ones' calls counted
 * a resource each would have put a 2,000-resource refresh at 169 s left where 51 s were; this
 * errs short, by at most a listing per domain or list not yet read.
 */
export type Prior = (kind: string, step: ResourceStep) => number | "shared" | undefined;

/** A handler call under way: the kind it works for and the calls it has made so far. */
export interface Step {
  kind: string;
  calls: number;
}

/**
 * The handler call each API call is made for. A kind's cost counts the calls of finished steps
 * only: with eight domain deletes under way, each having made its 8 listing calls, and one done,
 * counting them all would put a domain at 64 calls.
 */
export const callsFor = new AsyncLocalStorage<Step>();

/** Fewer resources done than this make too rough an estimate of the calls each takes. */
const ESTIMATE_AFTER = 5;

export interface Estimate {
  done: number;
  /** The program's count, when it is known and not yet spent. */
  total?: number;
  /** Given once enough resources are done. */
  callsLeft?: number;
}

export class ResourcesLeft {
  /** Steps finished, by step: which one the operation is doing (the prior it takes for a kind). */
  private readonly steps: Record<ResourceStep, number> = { write: 0, read: 0, delete: 0 };
  /** The resources done, by kind, as ids: `refresh` reads a resource and then diffs it, and a resource counts once. */
  private readonly done = new Map<string, Set<string>>();
  private readonly callsByKind = new Map<string, number>();
  /** Handler calls under way: the calls they made are no longer left to make. */
  private readonly active = new Set<Step>();
  private prior: Prior = () => undefined;

  /** `onDone`: a resource is done (once per resource), for the pace of the last minute (progress.ts). */
  constructor(private readonly onDone: () => void = () => {}) {}

  /** Where the estimate takes a kind's cost from before any resource of it has taken the step. */
  usePrior(prior: Prior): void {
    this.prior = prior;
  }

  /** A handler call starts (its calls are counted as they are made, through callsFor). */
  started(step: Step): void {
    this.active.add(step);
  }

  /**
   * A handler call is over: its calls count towards its kind's cost. `done`: the step after which
   * resource `id` needs nothing more in this operation.
   */
  finished(step: Step, done?: { step: ResourceStep; id: string }): void {
    this.active.delete(step);
    this.callsByKind.set(step.kind, (this.callsByKind.get(step.kind) ?? 0) + step.calls);
    if (!done) return;
    this.steps[done.step]++;
    let ids = this.done.get(step.kind);
    if (!ids) this.done.set(step.kind, (ids = new Set()));
    if (ids.has(done.id)) return;
    ids.add(done.id);
    this.onDone();
  }

  /**
   * Against the program's count by kind, if known. (`up --refresh` reads every resource before
   * it creates or updates any: its count is then spent on the reads, and only what is done is
   * told.) `made`: every call of the run, for the cost of a kind with neither resources done nor a prior.
   */
  estimate(made: number, declared: Record<string, number> | undefined): Estimate {
    const kindDone = (kind: string) => this.done.get(kind)?.size ?? 0;
    let done = 0;
    for (const ids of this.done.values()) done += ids.size;
    const total = declared ? Object.values(declared).reduce((a, b) => a + b, 0) : 0;
    if (!declared || total <= done) return { done };
    if (done < ESTIMATE_AFTER) return { done, total };
    // `refresh` diffs each resource it read (a no-change diff counts as a write): a tie is the reads'.
    const step = (["read", "write", "delete"] as const).reduce((a, b) => (this.steps[b] > this.steps[a] ? b : a));
    const shared = (kind: string) => this.prior(kind, step) === "shared";
    const cost = (kind: string) => {
      const n = kindDone(kind);
      const prior = this.prior(kind, step);
      return n > 0 ? (this.callsByKind.get(kind) ?? 0) / n : typeof prior === "number" ? prior : made / done;
    };
    // A shared kind's calls so far (its listings, done or under way), for the share of its resources not done.
    const sharedLeft = (kind: string, count: number, left: number) => {
      let madeForKind = this.callsByKind.get(kind) ?? 0;
      for (const s of this.active) if (s.kind === kind) madeForKind += s.calls;
      return (madeForKind * left) / count;
    };
    let calls = 0;
    for (const [kind, count] of Object.entries(declared)) {
      const left = Math.max(0, count - kindDone(kind));
      if (count > 0) calls += shared(kind) ? sharedLeft(kind, count, left) : left * cost(kind);
    }
    for (const s of this.active) if (!shared(s.kind)) calls -= Math.min(s.calls, cost(s.kind));
    return { done, total, callsLeft: Math.max(0, Math.round(calls)) };
  }

  /** The resources done so far, kind by kind (the kind done first, first). */
  *doneResources(): Iterable<{ kind: string; id: string }> {
    for (const [kind, ids] of this.done) for (const id of ids) yield { kind, id };
  }

  /**
   * The operation's resources by kind from the state's ids: those and the ones done that the state
   * no longer holds (a `destroy` removes each as it goes; a `refresh` keeps them).
   */
  countWith(stateIds: Record<string, readonly string[]>): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const kind of new Set([...Object.keys(stateIds), ...this.done.keys()])) {
      const ids = new Set(stateIds[kind] ?? []);
      for (const id of this.done.get(kind) ?? []) ids.add(id);
      counts[kind] = ids.size;
    }
    return counts;
  }

  /** Forgets the run's resources (the prior stays: it is the handlers'). */
  clear(): void {
    this.steps.write = this.steps.read = this.steps.delete = 0;
    this.done.clear();
    this.callsByKind.clear();
    this.active.clear();
  }
}
