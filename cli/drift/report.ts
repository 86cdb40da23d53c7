import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import { redact, sameValue, SECRET } from "./values";

/**
 * Turns the engine events of `pulumi preview --refresh` into a drift report. Three versions
 * of each resource are compared:
 *   program: the inputs the program declares now (the step's new inputs),
 *   state:   the outputs Pulumi recorded at the last update (the refresh step's old outputs),
 *   mailgun: what the provider's read returned just now (the refresh step's new outputs).
 * Only resources the engine would change are reported, and of those only the properties the
 * program sets: output-only fields (timestamps, verification state) are not drift.
 */

/** Where a difference comes from. */
export type Origin = "mailgun" | "program" | "both";

/** What differs about a resource as a whole. */
export type ChangeKind = "changed-in-mailgun" | "changed-in-program" | "deleted-in-mailgun" | "not-yet-created" | "removed-from-program";

/** What `pulumi up` would do about it. */
export type Action = "create" | "update" | "replace" | "delete";

export interface PropertyDrift {
  name: string;
  /** Absent when that side has no value; secrets are "[secret]". */
  program?: unknown;
  state?: unknown;
  mailgun?: unknown;
  origin: Origin;
  /**
   * The property is a secret: the engine shows every secret as "[secret]", so whether it changed
   * cannot be seen. Listed when a resource changes and no visible property explains why.
   */
  secret?: true;
}

export interface ResourceDrift {
  urn: string;
  /** The resource's name in the program. */
  name: string;
  /** `Domain`, `Route`, `Webhook`, `SendingKey`, or the full type token of other resources. */
  type: string;
  id?: string;
  change: ChangeKind;
  action: Action;
  /** Whether the resource exists in the program, in the state, in Mailgun (null: not checked). */
  presence: { program: boolean; state: boolean; mailgun: boolean | null };
  /** Empty for whole-resource changes (created, deleted, removed). */
  properties: PropertyDrift[];
}

export interface DriftReport {
  project: string;
  stack: string;
  /** True when the program, the state and Mailgun agree. */
  inSync: boolean;
  /** True when something was changed outside Pulumi (in Mailgun). */
  drifted: boolean;
  /** Resources in the program or the state (the stack itself and providers excluded). */
  resourceCount: number;
  resources: ResourceDrift[];
}

const MAILGUN_TYPE = /^pulumi-nodejs:dynamic\/mailgun:(\w+)$/;
const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);
const NO_CHANGE_OPS = new Set(["same", "refresh", "read", "discard", "remove-pending-replace"]);
/** Inputs that carry machinery, not settings. */
const HIDDEN_INPUTS = new Set(["__provider"]);

function isUserResource(type: string): boolean {
  return type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:");
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function shortType(type: string): string {
  return MAILGUN_TYPE.exec(type)?.[1] ?? type;
}

interface Refreshed {
  id?: string;
  before?: Record<string, unknown>;
  /** undefined: Mailgun no longer has it. */
  after?: Record<string, unknown>;
}

interface Planned {
  meta: StepEventMetadata;
  ops: Set<string>;
}

function actionOf(ops: Set<string>): Action | undefined {
  if ([...ops].some((op) => REPLACE_OPS.has(op))) return "replace";
  for (const op of ["update", "create", "delete"] as const) if (ops.has(op)) return op;
  return undefined;
}

function originOf(program: unknown, state: unknown, mailgun: unknown, refreshed: boolean): Origin {
  if (!refreshed) return "program";
  const mailgunChanged = !sameValue(state, mailgun);
  const programChanged = !sameValue(program, state);
  if (mailgunChanged && programChanged) return "both";
  return mailgunChanged ? "mailgun" : "program";
}

/** The properties behind an update or replace: those the program sets that differ from the refreshed state. */
function propertyDrifts(planned: Planned, refresh: Refreshed | undefined): PropertyDrift[] {
  const desired = (planned.meta.new?.inputs ?? {}) as Record<string, unknown>;
  const live = (refresh?.after ?? planned.meta.old?.outputs ?? {}) as Record<string, unknown>;
  const recorded = (refresh?.before ?? planned.meta.old?.outputs ?? {}) as Record<string, unknown>;
  const drifts: PropertyDrift[] = [];
  for (const name of Object.keys(desired).sort()) {
    if (HIDDEN_INPUTS.has(name) || desired[name] === undefined) continue;
    if (sameValue(redact(desired[name]), redact(live[name]))) continue;
    const [program, state, mailgun] = [desired[name], recorded[name], live[name]].map(redact);
    drifts.push({
      name,
      program,
      ...(state === undefined ? {} : { state }),
      ...(mailgun === undefined ? {} : { mailgun }),
      origin: originOf(program, state, mailgun, refresh !== undefined),
    });
  }
  if (drifts.length === 0) {
    for (const name of Object.keys(desired).sort()) {
      if (redact(desired[name]) !== SECRET) continue;
      drifts.push({
        name,
        program: SECRET,
        ...(recorded[name] === undefined ? {} : { state: SECRET }),
        ...(live[name] === undefined ? {} : { mailgun: SECRET }),
        origin: "program",
        secret: true,
      });
    }
  }
  return drifts;
}

export function buildDriftReport(events: EngineEvent[], target: { project: string; stack: string }): DriftReport {
  const refreshes = new Map<string, Refreshed>();
  const planned = new Map<string, Planned>();
  const known = new Set<string>();

  for (const event of events) {
    const meta = event.resOutputsEvent?.metadata ?? event.resourcePreEvent?.metadata;
    if (!meta || !isUserResource(meta.type)) continue;
    known.add(meta.urn);
    if (meta.op === "refresh") {
      if (event.resOutputsEvent) refreshes.set(meta.urn, { id: meta.old?.id, before: meta.old?.outputs, after: meta.new?.outputs });
      continue;
    }
    if (NO_CHANGE_OPS.has(meta.op) || !event.resourcePreEvent) continue;
    const entry = planned.get(meta.urn);
    if (entry) {
      entry.ops.add(meta.op);
      // A replacement is reported once, with the metadata that has both sides.
      if (meta.old && meta.new) entry.meta = meta;
    } else {
      planned.set(meta.urn, { meta, ops: new Set([meta.op]) });
    }
  }

  const resources: ResourceDrift[] = [];
  for (const [urn, step] of planned) {
    const action = actionOf(step.ops);
    if (!action) continue;
    const refresh = refreshes.get(urn);
    const base = { urn, name: nameOf(urn), type: shortType(step.meta.type), id: step.meta.old?.id || refresh?.id || undefined };
    if (action === "create") {
      const deleted = refresh !== undefined && refresh.after === undefined;
      resources.push({
        ...base,
        change: deleted ? "deleted-in-mailgun" : "not-yet-created",
        action,
        presence: { program: true, state: deleted, mailgun: deleted ? false : null },
        properties: [],
      });
    } else if (action === "delete") {
      resources.push({ ...base, change: "removed-from-program", action, presence: { program: false, state: true, mailgun: refresh ? refresh.after !== undefined : null }, properties: [] });
    } else {
      const properties = propertyDrifts(step, refresh);
      const fromMailgun = properties.some((p) => p.origin !== "program");
      resources.push({
        ...base,
        change: fromMailgun ? "changed-in-mailgun" : "changed-in-program",
        action,
        presence: { program: true, state: true, mailgun: refresh ? true : null },
        properties,
      });
    }
  }
  resources.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));

  return {
    project: target.project,
    stack: target.stack,
    inSync: resources.length === 0,
    drifted: resources.some((r) => r.change === "changed-in-mailgun" || r.change === "deleted-in-mailgun"),
    resourceCount: known.size,
    resources,
  };
}
