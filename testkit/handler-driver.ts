import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider";
import type { CheckFailure, DiffResult, Props, ResourceHandler } from "../provider/resources/types";
import type { RequestLogEntry, TestEmulator } from "./emulator";

/**
 * The engine's side of a dynamic resource, played against the handlers as the provider process
 * runs them (`handler(kind)` of provider/index.ts) and the emulator over HTTP: check, create,
 * read, diff, update or replace as diff says, delete; keeping what the engine keeps (id, outputs,
 * inputs) between steps; and the emulator's request log of each step.
 *
 * ```ts
 * const d = new ResourceDriver(emulator, "Route", "inbound", emulatorSettings(emulator));
 * await d.up({ expression: 'match_recipient(".*@mg.example.com")', actions: ["stop()"] }); // check + create
 * d.newRun();                                   // the next `pulumi refresh`: a new provider process
 * await d.read();
 * expect(showCalls(d.writes)).toEqual([]);      // the last step's calls at the emulator
 * const { did, calls } = await d.up({ ...args, priority: 5 }); // check, diff, then update or replace
 * ```
 */

type ProviderModule = typeof import("../provider");

/** What the provider process reads from the stack configuration. */
export type ProviderSettings = Record<string, string>;

/**
 * One provider process: a fresh copy of the provider's modules (so the run-wide state of a
 * `pulumi up`: listings, the ownership guard, template and webhook slots, claimed ids, starts
 * empty), configured as the engine configures it. A test plays a second `pulumi up` or a
 * `pulumi refresh` by starting another run.
 */
export class ProviderRun {
  private constructor(private readonly provider: ProviderModule) {}

  static start(settings: ProviderSettings): ProviderRun {
    shareLibraries();
    let provider: ProviderModule | undefined;
    // Jest's module registry stands in for the process boundary; the provider's modules keep
    // their run-wide state in module scope, and not all of it has a reset.
    jest.isolateModules(() => {
      provider = require("../provider") as ProviderModule;
    });
    provider!.configure({ get: (k: string) => settings[k] });
    return new ProviderRun(provider!);
  }

  handler(kind: ResourceKind): ResourceHandler<any, any> {
    return this.provider.handler(kind);
  }
}

/**
 * The provider's libraries (schemas, spelling hints) keep nothing of a run, and loading
 * them again for every run would cost more than the run itself: every run gets the same copy.
 */
const LIBRARIES = ["zod", "fastest-levenshtein"];
let librariesShared = false;

function shareLibraries(): void {
  if (librariesShared) return;
  librariesShared = true;
  for (const name of LIBRARIES) {
    const actual: unknown = jest.requireActual(name);
    jest.doMock(name, () => actual);
  }
}

/** The connection settings that point a provider process at the emulator (or at a proxy of it). */
export function emulatorSettings(emulator: TestEmulator, extra: ProviderSettings = {}, urls = emulator.urls): ProviderSettings {
  return { "mailgun:apiKey": emulator.apiKey, "mailgun:apiUrlUs": urls.us, "mailgun:apiUrlEu": urls.eu, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Inputs as the SDK classes build them

const registered = new Map<string, Array<(inputs: Props) => void>>();
let mocked = false;

function mockPulumi(): void {
  if (mocked) return;
  mocked = true;
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.get(args.name)?.shift()?.(unwrapSecrets(args.inputs) as Props);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "battery",
    "test",
    false,
  );
}

/** The dynamic-provider server hands the provider secrets as their plain values. */
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (!value || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if (o[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return unwrapSecrets(o.value);
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/**
 * The inputs the engine hands the provider's check for `new mailgun.<Kind>(name, args)`: the
 * SDK class itself builds them (in Pulumi's mock runtime), so what it adds (`__declaredAs`, an
 * owner tag, `__provider`, account identity) and what it leaves out (unset optional keys) are
 * the real thing, not a copy that could drift from it.
 */
export async function sdkInputs(kind: ResourceKind, name: string, args: Record<string, unknown>): Promise<Props> {
  mockPulumi();
  const sdk = (await import("../sdk")) as unknown as Record<string, new (name: string, args: unknown) => unknown>;
  const Class = sdk[kind];
  if (!Class) throw new Error(`the SDK has no class ${kind}`);
  return new Promise<Props>((resolve, reject) => {
    const waiting = registered.get(name) ?? [];
    waiting.push(resolve);
    registered.set(name, waiting);
    try {
      new Class(name, args);
    } catch (error) {
      reject(error);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The request log of a step

export interface Call {
  region: string;
  method: string;
  path: string;
  status: number | null;
  fault: string | null;
  applied: boolean;
}

export const isWrite = (c: Pick<Call, "method">) => c.method !== "GET" && c.method !== "HEAD";

/** `POST us /v3/routes 200`: the shape a request-log assertion reads best in. */
export function showCalls(calls: Call[]): string[] {
  return calls.map((c) => `${c.method} ${c.region} ${c.path} ${c.status ?? "dropped"}`);
}

function toCall(e: RequestLogEntry): Call {
  return { region: e.region, method: e.method, path: e.path, status: e.status, fault: e.fault, applied: e.applied };
}

// ---------------------------------------------------------------------------------------------
// One resource as the engine tracks it

export interface EngineState {
  id: string;
  outs: Props;
  inputs: Props;
}

export class CheckFailed extends Error {
  constructor(readonly failures: CheckFailure[]) {
    super(`check failed: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
}

/**
 * One resource of a program: its logical name and kind, what the engine holds for it between
 * steps (undefined before create and after delete), and the calls the emulator saw in the
 * driver's last step (`calls`, `writes`).
 */
export class ResourceDriver {
  state: EngineState | undefined;
  /** The emulator's request log of the last step. */
  calls: Call[] = [];
  /** Every call of every step of this driver. */
  readonly history: Call[] = [];
  /** The provider process of the current run, started at its first call. */
  private run: ProviderRun | undefined;
  private runSettings: ProviderSettings;

  constructor(
    readonly emulator: TestEmulator,
    readonly kind: ResourceKind,
    readonly name: string,
    private readonly settings: ProviderSettings,
  ) {
    this.runSettings = settings;
  }

  get writes(): Call[] {
    return this.calls.filter(isWrite);
  }

  /** The id the engine holds; fails when it holds none. */
  get id(): string {
    if (!this.state) throw new Error(`${this.kind} "${this.name}" is not in the state`);
    return this.state.id;
  }

  get outs(): Props {
    if (!this.state) throw new Error(`${this.kind} "${this.name}" is not in the state`);
    return this.state.outs;
  }

  private get h(): ResourceHandler<any, any> {
    this.run ??= ProviderRun.start(this.runSettings);
    return this.run.handler(this.kind);
  }

  /** Starts the next `pulumi up`/`refresh`/`destroy`: a new provider process. */
  newRun(settings: ProviderSettings = this.settings): this {
    this.run = undefined;
    this.runSettings = settings;
    return this;
  }

  /** Plays this resource in the same provider process as `other`: two resources of one `pulumi up`. */
  sameRunAs(other: ResourceDriver): this {
    this.run = other.run ??= ProviderRun.start(other.runSettings);
    this.runSettings = other.runSettings;
    return this;
  }

  /** Runs `body` as one step: the request log holds exactly its calls afterwards (`calls`). */
  async step<T>(body: () => Promise<T>): Promise<T> {
    await this.emulator.clearRequests();
    try {
      return await body();
    } finally {
      this.calls = await this.logged();
    }
  }

  private async logged(): Promise<Call[]> {
    const calls = (await this.emulator.requests()).map(toCall);
    this.history.push(...calls);
    return calls;
  }

  /** The engine's check of `new <Kind>(name, args)`: the olds are the inputs it holds. */
  async check(args: Record<string, unknown>): Promise<Props> {
    const news = await sdkInputs(this.kind, this.name, args);
    return this.step(async () => {
      const { inputs, failures } = await this.h.check(this.state?.inputs ?? {}, news);
      if (failures?.length) throw new CheckFailed(failures);
      return inputs!;
    });
  }

  async create(inputs: Props): Promise<EngineState> {
    const { id, outs } = await this.step(() => this.h.create(inputs));
    expect(typeof id === "string" && id !== "").toBe(true);
    this.state = { id, outs: withProvider(outs, inputs), inputs };
    return this.state;
  }

  /** A create the provider process dies in: started, never awaited here (the caller drops its promise). */
  startCreate(inputs: Props): Promise<{ id: string; outs: Props }> {
    return this.h.create(inputs);
  }

  /** A delete the provider process dies in, as startCreate. */
  startDelete(held: EngineState): Promise<void> {
    return this.h.delete(held.id, held.outs);
  }

  async diff(news: Props): Promise<DiffResult> {
    return this.step(() => this.h.diff(this.id, this.outs, news));
  }

  async update(news: Props): Promise<EngineState> {
    const { outs } = await this.step(() => this.h.update(this.id, this.outs, news));
    this.state = { id: this.id, outs: withProvider(outs, news), inputs: news };
    return this.state;
  }

  /**
   * A refresh's read: the engine keeps what it answers (outputs, and the inputs when it gives
   * them), or drops the resource when it answers no id.
   */
  async read(): Promise<{ id?: string; props?: Props; inputs?: Props }> {
    const held = this.outs;
    const result = await this.step(() => this.h.read(this.id, { ...held }));
    if (!result.id) this.state = undefined;
    else this.state = { id: result.id, outs: withProvider(result.props ?? held, held), inputs: result.inputs ?? this.state!.inputs };
    return result;
  }

  /** The delete of a destroy (or of a resource removed from the program). */
  async delete(): Promise<void> {
    await this.step(() => this.h.delete(this.id, this.outs));
    this.state = undefined;
  }

  /**
   * A replacement as the engine runs it: create the new, then delete the old; the old first
   * when diff said deleteBeforeReplace. The calls of both halves are the step's.
   */
  async replace(news: Props, diff: DiffResult): Promise<EngineState> {
    const old = this.state!;
    await this.emulator.clearRequests();
    const all: Call[] = [];
    const remember = async () => all.push(...(await this.logged()));
    const deleteOld = async () => {
      await this.h.delete(old.id, old.outs);
      await remember();
      await this.emulator.clearRequests();
    };
    if (diff.deleteBeforeReplace) await deleteOld();
    const { id, outs } = await this.h.create(news);
    await remember();
    await this.emulator.clearRequests();
    if (!diff.deleteBeforeReplace) await deleteOld();
    this.calls = all;
    this.state = { id, outs: withProvider(outs, news), inputs: news };
    return this.state;
  }

  /**
   * One `pulumi up` of `args` for this resource (in the current run): check, then create, or
   * diff and update or replace as diff says. Answers what it did.
   */
  async up(args: Record<string, unknown>): Promise<{ did: "create" | "same" | "update" | "replace"; diff?: DiffResult; calls: Call[] }> {
    const news = await this.check(args);
    const all = [...this.calls];
    if (!this.state) {
      await this.create(news);
      return { did: "create", calls: [...all, ...this.calls] };
    }
    const diff = await this.diff(news);
    all.push(...this.calls);
    if (!diff.changes) {
      this.state.inputs = news;
      return { did: "same", diff, calls: all };
    }
    if (diff.replaces?.length) await this.replace(news, diff);
    else await this.update(news);
    return { did: diff.replaces?.length ? "replace" : "update", diff, calls: [...all, ...this.calls] };
  }
}

/** Pulumi's dynamic-provider server stores the `__provider` of the call's props with the outputs. */
function withProvider(outs: Props, from: Props): Props {
  return from.__provider === undefined ? { ...outs } : { ...outs, __provider: from.__provider };
}
