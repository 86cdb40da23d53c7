/** The request log of the control API: one entry per API request, control calls excluded. */
import type { Region } from "./store";

export type FaultKind = "error" | "drop" | "rate-limit" | "burst" | "latency-spike";

export interface RequestLogEntry {
  seq: number;
  time: string;
  region: Region;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  status: number | null;
  fault: null | FaultKind;
  applied: boolean;
  durationMs: number;
}

/** Keeps the newest entries only, so a long-running CLI emulator does not grow without bound. */
const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  start(fields: Pick<RequestLogEntry, "region" | "method" | "path" | "query">): RequestLogEntry {
    const entry: RequestLogEntry = {
      seq: ++this.seq, time: new Date().toISOString(), ...fields,
      status: null, fault: null, applied: false, durationMs: 0,
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return entry;
  }

  list(): RequestLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
