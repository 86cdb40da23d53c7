/** The schema of bench/results/wall-time.json, shared by bench/wall-time.ts and bench/report.ts. */
import type { Machine } from "./lib";
import type { MinimumCalls } from "./minimum-calls";
import type { ProcessUsage } from "./process-sampler";

export const OPERATIONS = ["up", "refresh", "destroy"] as const;
export type Operation = (typeof OPERATIONS)[number];
export type Side = "mailgun" | "noop";

export interface OpMeasure extends ProcessUsage {
  wallMs: number;
  /** Requests in the emulator's log during the operation (Mailgun side only). */
  apiCalls?: number;
}

export interface SideResult {
  up: OpMeasure;
  refresh: OpMeasure;
  destroy: OpMeasure;
  /** The state file's bytes after `up` (the whole file: stack and provider entries included). */
  stateBytes: number;
}

export interface Case {
  size: number;
  parallel: number;
  maxConcurrency: number;
  latencyMs: number;
  export: "all" | "none";
  emulator: "own process";
  repeat: number;
  minimumCalls: MinimumCalls;
  mailgun: SideResult;
  noop: SideResult;
}

export const caseKey = (c: Pick<Case, "size" | "parallel" | "latencyMs" | "export">) => `${c.size}-p${c.parallel}-${c.latencyMs}ms-export-${c.export}`;

/** The first method's figures (in-process emulator, only the Mailgun fixture exporting): kept readable, not comparable. */
export interface LegacyTiming {
  up: number;
  refresh: number;
  destroy: number;
}
export interface LegacySizeResult {
  size: number;
  requests: number;
  mailgun: LegacyTiming;
  noop: LegacyTiming;
  latencyMs: number;
  repeat?: number;
}

export interface WallTimeResults {
  machine: Machine;
  cases?: Record<string, Case>;
  sizes?: Record<string, LegacySizeResult>;
}
