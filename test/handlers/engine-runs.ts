import { createHash } from "node:crypto";
import type { ResourceKind } from "../../provider";
import type { DiffResult, Props } from "../../provider/resources/types";
import type { RequestLogEntry, TestEmulator } from "../../testkit/emulator";
import { useHandlerEmulator } from "../../testkit/handler-harness";

/**
 * The engine's steps for one resource, played against `handler(kind)` as the provider process
 * runs it: what `pulumi up`, `refresh` and `preview --refresh` ask the provider, in their order,
 * without the CLI.
 *
 * Each `pulumi` command starts a new provider process, and the provider keeps run-wide state in
 * its modules (listings, the ownership guard, the URLs declared per webhook event): `newRun()`
 * loads a fresh copy of the provider, configured as the first one, for the next command. Every
 * test starts in a run of its own.
 */
type Provider = typeof import("../../provider");
type Runtime = typeof import("../../provider/runtime");
/** The copy useHandlerEmulator configured: every run gets its settings. */
const first: Runtime = require("../../provider/runtime");
let provider: Provider = require("../../provider");
const LIBRARIES = ["zod", "fastest-levenshtein"].map((name) => [name, require(name)] as const);

/** The next `pulumi` command's provider process; `overrides` change settings of the stack (e.g. another mailgun:apiKey). */
export function newRun(overrides: Record<string, string> = {}): void {
  let runtime = first;
  // Libraries hold no run state: the fresh copy shares them (loading zod again costs more than the run).
  for (const [name, loaded] of LIBRARIES) jest.doMock(name, () => loaded);
  jest.isolateModules(() => {
    provider = require("../../provider");
    runtime = require("../../provider/runtime");
  });
  runtime.configure({ get: (k) => overrides[k] ?? first.stackConfigValue(k) });
}

/** The emulator, the provider configured with `settings` (useHandlerEmulator), and a new run for every test. */
export function useEngineSteps(settings: Record<string, string>): { emulator: TestEmulator } {
  const ctx = useHandlerEmulator(settings);
  beforeEach(() => newRun());
  return ctx;
}

const handler = (kind: ResourceKind) => provider.handler(kind);

/** The resource as the state file records it. */
export interface Recorded {
  kind: ResourceKind;
  name: string;
  id: string;
  inputs: Props;
  outs: any;
}

export type Step = "create" | "same" | "update" | "replace";

// The SDK classes that call ownerTagOf (sdk/provider.ts) add an owner tag; every one but DomainVerification its logical name.
const OWNER_TAGGED: readonly ResourceKind[] = ["SendingKey", "ApiKey", "IpAllowlistEntry", "Template"];
const UNNAMED: readonly ResourceKind[] = ["DomainVerification"];
/** What pulumi.getProject()/getStack() give the SDK class; the owner tag hashes them with the name. */
const STACK = "handlers/test";

/** The inputs the SDK class sends for `args`: secrets unwrapped and undefined keys dropped, as the engine does. */
export function sdkProps(kind: ResourceKind, name: string, args: Props): Props {
  const props: Props = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
  if (!UNNAMED.includes(kind)) props.__declaredAs = name;
  if (OWNER_TAGGED.includes(kind)) props.ownerTag = createHash("sha256").update(`${STACK}/${name}`).digest("hex").slice(0, 16);
  props.__provider = provider.providerSource(kind);
  return props;
}

/** A check that fails: its failures, `[field] reason` a line (how the engine prints them is test/engine/check-failures.test.ts's). */
export class CheckFailed extends Error {
  constructor(readonly kind: ResourceKind, readonly failures: Array<{ property: string; reason: string }>) {
    super(failures.map((f) => `[${f.property}] ${f.reason}`).join("\n"));
  }
}

export async function check(kind: ResourceKind, name: string, args: Props, olds: Props = {}): Promise<Props> {
  const { inputs, failures } = await handler(kind).check(olds, sdkProps(kind, name, args));
  if (failures?.length) throw new CheckFailed(kind, failures);
  return inputs!;
}

/** The refusal of a check that must fail. */
export async function refusal(kind: ResourceKind, name: string, args: Props, olds: Props = {}): Promise<string> {
  const err = await check(kind, name, args, olds).then(() => undefined, (e: Error) => e);
  if (!(err instanceof CheckFailed)) throw new Error(`the check of ${kind} "${name}" passed`);
  return err.message;
}

/**
 * `pulumi up` of one resource: check, then create (new), or diff and update or replace (the
 * engine creates the new object before deleting the old unless the diff or `deleteBeforeReplace` says otherwise).
 */
export async function up(kind: ResourceKind, name: string, args: Props, prior?: Recorded, opts: { deleteBeforeReplace?: boolean } = {}): Promise<{ step: Step; state: Recorded; diff?: DiffResult }> {
  const h = handler(kind);
  const inputs = await check(kind, name, args, prior?.inputs);
  const create = async (): Promise<Recorded> => {
    const { id, outs } = await h.create(inputs);
    return { kind, name, id, inputs, outs: { ...outs, __provider: inputs.__provider } };
  };
  if (!prior) return { step: "create", state: await create() };
  const diff = await h.diff(prior.id, prior.outs, inputs);
  if (!diff.changes) return { step: "same", state: { ...prior, inputs }, diff };
  if (diff.replaces?.length) {
    if (diff.deleteBeforeReplace || opts.deleteBeforeReplace) {
      await h.delete(prior.id, prior.outs);
      return { step: "replace", state: await create(), diff };
    }
    const made = await create();
    await h.delete(prior.id, prior.outs);
    return { step: "replace", state: made, diff };
  }
  const { outs } = await h.update(prior.id, prior.outs, inputs);
  return { step: "update", state: { ...prior, inputs, outs: { ...outs, __provider: inputs.__provider } }, diff };
}

/** `pulumi refresh` of one resource: what the state holds after it, or undefined when it was dropped. */
export async function refresh(r: Recorded): Promise<Recorded | undefined> {
  const read = await handler(r.kind).read(r.id, { ...r.outs });
  if (!read.id && !read.props) return undefined;
  return { ...r, id: read.id ?? r.id, outs: read.props, inputs: (read.inputs as Props) ?? r.inputs };
}

/** `pulumi preview --refresh` of one resource declared with `args`: the diff it shows (undefined: the resource is gone). */
export async function previewRefresh(r: Recorded, args: Props): Promise<DiffResult | undefined> {
  const refreshed = await refresh(r);
  if (!refreshed) return undefined;
  const inputs = await check(r.kind, r.name, args, refreshed.inputs);
  return handler(r.kind).diff(refreshed.id, refreshed.outs, inputs);
}

export async function destroy(r: Recorded): Promise<void> {
  await handler(r.kind).delete(r.id, r.outs);
}

/** The state as the next `pulumi` command sees it (in a new run), long after this provider's own write (past every consistency budget). */
export function laterRun(r: Recorded): Recorded {
  newRun();
  return typeof r.outs.writtenAt === "number" ? { ...r, outs: { ...r.outs, writtenAt: r.outs.writtenAt - 3_600_000 } } : r;
}

/** The progress lines the provider writes to stderr (the CLI shows them) while `fn` runs. */
export async function withProgress<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string }> {
  const write = process.stderr.write;
  let lines = "";
  process.stderr.write = ((chunk: string | Uint8Array) => ((lines += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { result: await fn(), lines };
  } finally {
    process.stderr.write = write;
  }
}

export const writes = (log: RequestLogEntry[]) => log.filter((r) => r.method !== "GET");
export const calls = (log: RequestLogEntry[]) => log.map((r) => `${r.method} ${r.path}`);
