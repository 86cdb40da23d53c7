/**
 * Reads V8 CPU profiles (`node --cpu-prof`) and sums self time per frame and per module, so the
 * profiles of one operation can be compared before and after a change without opening DevTools.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ProcessClass } from "./process-sampler";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  file: string;
  processClass: ProcessClass;
  /** Sampled CPU (wall of the profile less idle), ms. */
  cpuMs: number;
  /** Self ms per frame, "function (file:line)". */
  frames: Array<[string, number]>;
  /** Self ms per module: a package under node_modules, a repo folder, or node's own code. */
  modules: Array<[string, number]>;
}

/** Short names: `@pulumi/pulumi/runtime/rpc.js`, `dist/provider/client/http.js`, `node:internal/...`. */
function shortUrl(url: string): string {
  const clean = url.replace(/^file:\/\//, "");
  const nm = clean.lastIndexOf("node_modules/");
  if (nm >= 0) return clean.slice(nm + "node_modules/".length);
  const dist = clean.indexOf("/dist/");
  if (dist >= 0) return clean.slice(dist + 1);
  return clean || "(native)";
}

function moduleOf(url: string): string {
  const s = shortUrl(url);
  if (s.startsWith("node:")) return "node (built-in)";
  if (s === "(native)") return "(native / GC / idle)";
  const parts = s.split("/");
  if (s.startsWith("dist/")) return parts.slice(0, 3).join("/");
  if (parts[0].startsWith("@")) return parts.slice(0, 2).join("/");
  return parts[0];
}

/** Which process wrote the profile, by the scripts its frames come from (the file name holds only the pid). */
function processClassOf(p: Profile): ProcessClass {
  const urls = p.nodes.map((n) => n.callFrame.url).join(" ");
  if (/cmd\/dynamic-provider/.test(urls)) return "provider";
  if (/cmd\/run\//.test(urls)) return "program";
  if (/emulator\/cli\.js/.test(urls)) return "emulator";
  return "other";
}

const IDLE = new Set(["(idle)", "(program)"]);

export function summarize(file: string): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  // A sample's time is the delta to the next sample (V8's own convention for the last one: none).
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + (deltas[i + 1] ?? 0));
  const frames = new Map<string, number>();
  const modules = new Map<string, number>();
  let cpuUs = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (IDLE.has(functionName)) continue;
    cpuUs += us;
    const name = `${functionName || "(anonymous)"} (${shortUrl(url)}:${lineNumber + 1})`;
    frames.set(name, (frames.get(name) ?? 0) + us / 1000);
    const mod = functionName === "(garbage collector)" ? "(garbage collector)" : moduleOf(url);
    modules.set(mod, (modules.get(mod) ?? 0) + us / 1000);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { file: path.basename(file), processClass: processClassOf(p), cpuMs: cpuUs / 1000, frames: sorted(frames), modules: sorted(modules) };
}
