import { createHash } from "node:crypto";
import { handler, providerSource, type ResourceKind } from "../../provider";
import type { CheckResult, DiffResult, Props } from "../../provider/resources/types";
import { forgetListings } from "../../provider/resources/listings";
import { startNewRun } from "../../provider/run-state";
import type { TestEmulator } from "../../testkit/emulator";

/**
 * The engine's steps for one resource, played against `handler(kind)` as the provider process
 * runs it, so a kind's own logic (check, diff, read, update, create recovery) is proven without
 * the Pulumi CLI. What only the engine decides (state encryption, replace ordering, refresh
 * bookkeeping) stays in test/engine/tour.test.ts.
 */

/** What a stack's state holds for one resource: its id, outputs and (after a refresh) inputs. */
export interface Held {
  kind: ResourceKind;
  name: string;
  id: string;
  outs: Props;
  inputs: Props;
}

/** The classes that stamp an owner tag (sdk/provider.ts ownerTagOf), with this project/stack. */
const OWNER_TAGGED = new Set<ResourceKind>(["Template", "IpAllowlistEntry"]);
export const ownerTag = (name: string) => createHash("sha256").update(`handlers/test/${name}`).digest("hex").slice(0, 16);

/** The props the SDK class hands the engine (undefined keys are dropped on the wire, as the engine does). */
export function sdkProps(kind: ResourceKind, name: string, args: Props): Props {
  const props: Props = { ...args, __declaredAs: name, __provider: providerSource(kind) };
  if (OWNER_TAGGED.has(kind)) props.ownerTag = ownerTag(name);
  for (const k of Object.keys(props)) if (props[k] === undefined) delete props[k];
  return props;
}

/** `check` as a preview runs it for a resource declared with `args`. */
export function check(kind: ResourceKind, name: string, args: Props, held?: Held): Promise<CheckResult> {
  return handler(kind).check(held?.inputs ?? {}, sdkProps(kind, name, args));
}

async function checkedInputs(kind: ResourceKind, name: string, args: Props, held?: Held): Promise<Props> {
  const { inputs, failures } = await check(kind, name, args, held);
  if (failures?.length) throw new Error(`check refused ${kind} "${name}": ${failures.map((f) => f.reason).join("; ")}`);
  return inputs!;
}

export type Step = "create" | "same" | "update" | "replace";

/**
 * One `up` of one resource: check, then create when the state has none, else diff and update or
 * replace as diff says (in the order diff asks for).
 */
export async function up(kind: ResourceKind, name: string, args: Props, held?: Held): Promise<{ held: Held; step: Step }> {
  const h = handler(kind);
  const inputs = await checkedInputs(kind, name, args, held);
  if (!held) {
    const { id, outs } = await h.create(inputs);
    return { held: { kind, name, id, outs, inputs }, step: "create" };
  }
  const d = await h.diff(held.id, held.outs, inputs);
  if (!d.changes) return { held: { ...held, inputs }, step: "same" };
  if (!d.replaces?.length) {
    const { outs } = await h.update(held.id, held.outs, inputs);
    return { held: { ...held, outs, inputs }, step: "update" };
  }
  if (d.deleteBeforeReplace) await h.delete(held.id, held.outs);
  const { id, outs } = await h.create(inputs);
  if (!d.deleteBeforeReplace) await h.delete(held.id, held.outs);
  return { held: { kind, name, id, outs, inputs }, step: "replace" };
}

/** The diff a preview computes for `args` against the held state. */
export async function diffOf(kind: ResourceKind, name: string, args: Props, held: Held): Promise<DiffResult> {
  return handler(kind).diff(held.id, held.outs, await checkedInputs(kind, name, args, held));
}

/** What a preview would do for `args` against the held state, without writing. */
export async function plan(kind: ResourceKind, name: string, args: Props, held: Held): Promise<Step> {
  const d = await diffOf(kind, name, args, held);
  return !d.changes ? "same" : d.replaces?.length ? "replace" : "update";
}

/** A refresh of one resource: the state it would hold next, or undefined when read says it is gone. */
export async function refresh(held: Held): Promise<Held | undefined> {
  const r = await handler(held.kind).read(held.id, { ...held.outs });
  if (!r.id) return undefined;
  return { ...held, id: r.id, outs: r.props as Props, inputs: (r.inputs as Props) ?? held.inputs };
}

/**
 * A new `pulumi` command: a new provider process, with no listings cached and no resource of
 * the program declared yet (a refresh or destroy checks none).
 */
export function newRun(): void {
  forgetListings();
  startNewRun();
}

/** The state as a later run sees it: past the consistency budget of its last write, so a read believes what it sees. */
export function later(held: Held): Held {
  return { ...held, outs: { ...held.outs, writtenAt: 0 } };
}

/** Destroy of one resource. */
export function destroy(held: Held): Promise<void> {
  return handler(held.kind).delete(held.id, held.outs);
}

/** A resource as a program declares it. */
export type Decl = { kind: ResourceKind; name: string; args: Props };

/** One `up` of the whole program: every resource's step, by name. */
export async function upAll(decls: Decl[], held: Record<string, Held | undefined> = {}) {
  const steps: Record<string, string> = {};
  const next: Record<string, Held> = {};
  for (const d of decls) {
    const r = await up(d.kind, d.name, d.args, held[d.name]);
    steps[d.name] = r.step;
    next[d.name] = r.held;
  }
  return { steps, held: next };
}

/** A refresh of every held resource, as a new run: undefined for those read says are gone. */
export async function refreshAll(held: Record<string, Held>) {
  newRun();
  const next: Record<string, Held | undefined> = {};
  for (const [name, h] of Object.entries(held)) next[name] = await refresh(later(h));
  return next;
}

/** The emulator's writes since the last clear, as "region METHOD path" (with " <status>" when `withStatus`). */
export async function writes(emulator: TestEmulator, withStatus = false): Promise<string[]> {
  return (await emulator.requests())
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.region} ${r.method} ${decodeURIComponent(r.path)}${queryOf(r.query)}${withStatus ? ` ${r.status}` : ""}`);
}

function queryOf(query: Record<string, string | string[]> | undefined): string {
  const q = Object.entries(query ?? {}).map(([k, v]) => `${k}=${String(v)}`).join("&");
  return q ? `?${q}` : "";
}

/** Every region the emulator was called in since the last clear. */
export async function regionsCalled(emulator: TestEmulator): Promise<string[]> {
  return [...new Set((await emulator.requests()).map((r) => r.region))].sort();
}

/** The reasons a check refused, or [] when it passed. */
export function reasons(result: CheckResult): string[] {
  return (result.failures ?? []).map((f) => f.reason);
}

/** Runs `fn`, returning what the provider wrote to stderr meanwhile (the CLI shows it as diagnostics). */
export async function saying<T>(fn: () => Promise<T>): Promise<{ result: T; said: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true));
  try {
    const result = await fn();
    return { result, said: chunks.join("") };
  } finally {
    spy.mockRestore();
  }
}
