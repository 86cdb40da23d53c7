/**
 * CPU seconds and peak memory of the processes behind one Pulumi operation, by process class,
 * read from /proc (Linux only). Every `intervalMs` the sampler walks the descendants of its root
 * pids and keeps each process's latest utime+stime and VmHWM, so a process's last interval
 * (~150 ms) before it exits can be missed: the figures are slight underestimates.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";

export const PROCESS_CLASSES = ["engine", "program", "provider", "languageHost", "emulator", "other"] as const;
export type ProcessClass = (typeof PROCESS_CLASSES)[number];

export interface ProcessUsage {
  /** utime + stime while the sampler ran (processes alive at start count from their start-time figure). */
  cpuSeconds: Record<ProcessClass, number>;
  /** The largest VmHWM of any one process of the class, MiB. */
  peakMiB: Record<ProcessClass, number>;
  /** How many distinct processes of the class were seen. */
  processes: Record<ProcessClass, number>;
  samples: number;
}

/**
 * By command line: the engine is the Go `pulumi` binary; the rest are node processes told apart by
 * script (the language host is the Go `pulumi-language-nodejs`). A `pulumi stack export` is the provider's own (stack-resources.ts runs it for the reads
 * ahead and the progress lines): counted as the engine, its 0.3-0.5 CPU-s a refresh went unseen.
 */
export function classify(argv: string[]): ProcessClass {
  const line = argv.join(" ");
  if (/emulator\/cli\.js/.test(line)) return "emulator";
  if (/(^|\/)pulumi$/.test(argv[0] ?? "") && argv[1] === "stack" && argv[2] === "export") return "provider";
  if (/cmd\/dynamic-provider/.test(line)) return "provider";
  if (/cmd\/run(\s|$|\/)/.test(line)) return "program";
  if (/(^|\/)pulumi-language-nodejs(\s|$)/.test(line)) return "languageHost";
  if (/(^|\/)pulumi$/.test(argv[0] ?? "")) return "engine";
  return "other";
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat {
  ppid: number;
  cpuTicks: number;
  /** Start time in ticks since boot: with the pid, it tells a reused pid from the old process. */
  start: string;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), cpuTicks: Number(f[11]) + Number(f[12]), start: f[19] };
  } catch {
    return undefined; // exited between listing and reading
  }
}

function readHwmKiB(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function readArgv(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

interface Tracked {
  cls: ProcessClass;
  baseTicks: number;
  lastTicks: number;
  hwmKiB: number;
}

export class ProcessSampler {
  private readonly tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;
  private samples = 0;

  /** `roots`: the pids whose descendants are measured (the roots themselves are not). */
  constructor(private readonly roots: number[], private readonly intervalMs = 150) {}

  /**
   * Processes already running (the emulator) count from here on: their CPU so far is the
   * baseline, and their peak RSS is reset (clear_refs 5) so the peak is this operation's.
   */
  start(): void {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), this.intervalMs);
  }

  stop(): ProcessUsage {
    if (this.timer) clearInterval(this.timer);
    this.sample(false);
    const zero = () => Object.fromEntries(PROCESS_CLASSES.map((c) => [c, 0])) as Record<ProcessClass, number>;
    const usage: ProcessUsage = { cpuSeconds: zero(), peakMiB: zero(), processes: zero(), samples: this.samples };
    for (const t of this.tracked.values()) {
      usage.cpuSeconds[t.cls] += (t.lastTicks - t.baseTicks) / clockTicks();
      usage.peakMiB[t.cls] = Math.max(usage.peakMiB[t.cls], t.hwmKiB / 1024);
      usage.processes[t.cls]++;
    }
    for (const c of PROCESS_CLASSES) {
      usage.cpuSeconds[c] = Math.round(usage.cpuSeconds[c] * 100) / 100;
      usage.peakMiB[c] = Math.round(usage.peakMiB[c] * 10) / 10;
    }
    return usage;
  }

  /** /proc has no cheap child list here (no CONFIG_PROC_CHILDREN), so every pid's parent is read. */
  private descendants(): Map<number, Stat> {
    const stats = new Map<number, Stat>();
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const s = readStat(Number(name));
      if (s) stats.set(Number(name), s);
    }
    const children = new Map<number, number[]>();
    for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
    const found = new Map<number, Stat>();
    const queue = [...this.roots];
    while (queue.length) {
      for (const child of children.get(queue.shift()!) ?? []) {
        if (found.has(child)) continue;
        found.set(child, stats.get(child)!);
        queue.push(child);
      }
    }
    return found;
  }

  private sample(atStart: boolean): void {
    this.samples++;
    for (const [pid, s] of this.descendants()) {
      const key = `${pid}:${s.start}`;
      let t = this.tracked.get(key);
      if (!t) {
        if (atStart) {
          try {
            fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
          } catch {
            // Not allowed here: the peak then covers the process's whole life (noted by the caller's docs).
          }
        }
        t = { cls: classify(readArgv(pid)), baseTicks: atStart ? s.cpuTicks : 0, lastTicks: s.cpuTicks, hwmKiB: 0 };
        this.tracked.set(key, t);
      }
      t.lastTicks = s.cpuTicks;
      t.hwmKiB = Math.max(t.hwmKiB, readHwmKiB(pid) ?? 0);
    }
  }
}
