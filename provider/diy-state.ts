import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import * as zlib from "node:zlib";
import type { PulumiCli } from "./pulumi-cli";

/**
 * The state of the stack a `refresh` or `destroy` works on, read straight from the file its DIY
 * backend (`file://`) keeps, where the CLI's own rules name that file without doubt. `pulumi stack
 * export` reads it from any backend, but it is a second Pulumi CLI: 0.3 CPU-s of Go start-up
 * before it reads anything, 0.4-0.5 s alone and 0.8-1.2 s beside a 500-resource refresh, and the
 * reads ahead wait for it. Anything less certain (a cloud or bucket backend, PULUMI_STACK set,
 * credentials kept encrypted) is undefined here, and the export runs.
 *
 * The rules, as Pulumi's CLI has them (pkg/workspace/creds.go, pkg/backend/diy):
 * - the backend is PULUMI_BACKEND_URL, else the project's `backend.url`, else the stored login's `current`;
 * - a `file://` path is made absolute from the CLI's directory, `~` being the user's home;
 * - the stack is the `--stack` given (`dev`, `organization/dev` or `organization/<project>/dev`), else
 *   the one `pulumi stack select` chose, kept in `<PULUMI_HOME>/workspaces/<project>-<sha1 of the
 *   project file's path>-workspace.json` per backend URL (`stacks`) or, by older CLIs, once (`stack`);
 * - `.pulumi/meta.yaml` at version 1 or more keeps stacks per project (`.pulumi/stacks/<project>/<stack>`),
 *   below it (or without it) in one directory (`.pulumi/stacks/<stack>`);
 * - of `.json`, `.json.gz` and `.json.zst`, the newest file is the state.
 */

/**
 * The CLI's directory as it sees it: Go's working directory is $PWD when that names the same
 * directory (a path through a symbolic link), which /proc does not tell; the selected stack's file
 * is named after the project file's path as the CLI spells it.
 */
export function cliDirectory(cwd: string, env: NodeJS.ProcessEnv): string {
  const pwd = env.PWD;
  try {
    if (pwd && isAbsolute(pwd)) {
      const [a, b] = [statSync(pwd), statSync(cwd)];
      if (a.dev === b.dev && a.ino === b.ino) return pwd;
    }
  } catch {
    // $PWD gone: the CLI would not take it either.
  }
  return cwd;
}

/** The project file the CLI finds: the nearest Pulumi.json, .yaml or .yml from its directory upwards. */
export function projectFileFrom(dir: string): string | undefined {
  for (let at = resolve(dir); ; at = dirname(at)) {
    for (const ext of [".json", ".yaml", ".yml"]) {
      const file = join(at, `Pulumi${ext}`);
      if (existsSync(file) && statSync(file).isFile()) return file;
    }
    if (dirname(at) === at) return undefined;
  }
}

interface Project {
  name?: string;
  backendUrl?: string;
}

async function readProject(file: string): Promise<Project> {
  const text = readFileSync(file, "utf8");
  // Loaded only here: a refresh or destroy on a DIY backend needs it, nothing else does.
  const doc = file.endsWith(".json") ? JSON.parse(text) : (await import("yaml")).parse(text);
  const name = doc?.name;
  const url = doc?.backend?.url;
  return { name: typeof name === "string" ? name : undefined, backendUrl: typeof url === "string" ? url : undefined };
}

/** Where the CLI keeps its own files: PULUMI_HOME, else ~/.pulumi. */
function pulumiHome(env: NodeJS.ProcessEnv): string {
  return env.PULUMI_HOME || join(userInfo().homedir, ".pulumi");
}

/** The stored login's backend: `current` of credentials.json, when it is plain JSON (newer CLIs may keep it encrypted). */
function storedLogin(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.PULUMI_CREDENTIALS_PATH || pulumiHome(env);
  try {
    const current = JSON.parse(readFileSync(join(dir, "credentials.json"), "utf8"))?.current;
    return typeof current === "string" ? current : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The stack `pulumi stack select` chose for the project on the backend `url`. PULUMI_STACK takes
 * precedence over it in newer CLIs and is ignored by older ones: with it set, none is told for sure.
 */
export function selectedStack(projectFile: string, projectName: string, url: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env.PULUMI_STACK !== undefined) return undefined;
  const key = createHash("sha1").update(projectFile).digest("hex");
  try {
    const settings = JSON.parse(readFileSync(join(pulumiHome(env), "workspaces", `${projectName}-${key}-workspace.json`), "utf8"));
    const name = settings?.stacks?.[url] ?? settings?.stack;
    return typeof name === "string" && name !== "" ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The directory a `file://` backend URL names, absolute from `cwd`; undefined for any other backend. */
export function diyRoot(url: string, cwd: string): string | undefined {
  if (!url.startsWith("file://")) return undefined;
  const path = url.slice("file://".length).split("?")[0];
  const home = userInfo().homedir;
  const expanded = path === "~" ? home : path.startsWith("~/") ? join(home, path.slice(2)) : path;
  return resolve(cwd, expanded);
}

/** The project and stack names a `--stack` value and the project file give; undefined when neither names the project. */
export function stackReference(stack: string, projectName: string | undefined): { project?: string; stack: string } | undefined {
  const parts = stack.split("/");
  if (parts.length > 3 || parts.some((p) => p === "")) return undefined;
  if (parts.length > 1 && parts[0] !== "organization") return undefined; // the CLI refuses any other organization
  const project = parts.length === 3 ? parts[1] : projectName;
  return { project, stack: parts[parts.length - 1] };
}

/** The layout version of a DIY backend: 0 (one directory of stacks) without meta.yaml. */
async function layoutVersion(root: string): Promise<number> {
  const file = join(root, ".pulumi", "meta.yaml");
  if (!existsSync(file)) return 0;
  const version = (await import("yaml")).parse(readFileSync(file, "utf8"))?.version;
  return typeof version === "number" ? version : 0;
}

/** The newest of the stack's `.json`, `.json.gz` and `.json.zst` files (a tie goes to the later, as the CLI's listing does). */
export function newestStateFile(base: string): string | undefined {
  let best: { file: string; mtime: number } | undefined;
  for (const file of [`${base}.json`, `${base}.json.gz`, `${base}.json.zst`]) {
    if (!existsSync(file)) continue;
    const mtime = statSync(file).mtimeMs;
    if (!best || mtime >= best.mtime) best = { file, mtime };
  }
  return best?.file;
}

/**
 * The stack's state file for the CLI above (`named`: its `--stack`), or undefined when its backend
 * is not a local directory or the file cannot be told for sure.
 */
export async function diyStateFile(cli: PulumiCli, named: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dir = cliDirectory(cli.cwd, env);
  const projectFile = projectFileFrom(dir);
  const project = projectFile ? await readProject(projectFile) : {};
  const url = env.PULUMI_BACKEND_URL || project.backendUrl || storedLogin(env);
  const root = url && diyRoot(url, dir);
  if (!root) return undefined;
  const stack = named ?? (projectFile && project.name ? selectedStack(projectFile, project.name, url, env) : undefined);
  const ref = stack && stackReference(stack, project.name);
  if (!stack || !ref) return undefined;
  const stacks = join(root, ".pulumi", "stacks");
  if ((await layoutVersion(root)) >= 1) return ref.project ? newestStateFile(join(stacks, ref.project, ref.stack)) : undefined;
  // One directory of stacks: the CLI takes a bare stack name only.
  return stack.includes("/") ? undefined : newestStateFile(join(stacks, ref.stack));
}

/** A state file as `pulumi stack export` gives it: `{ deployment }`, the checkpoint's latest deployment. */
export async function readStateFile(file: string): Promise<{ deployment: unknown }> {
  const bytes = await readFile(file);
  const json = file.endsWith(".gz") ? zlib.gunzipSync(bytes) : file.endsWith(".zst") ? zstdDecompress(bytes) : bytes;
  const checkpoint = JSON.parse(json.toString("utf8"))?.checkpoint;
  if (!checkpoint || typeof checkpoint !== "object") throw new Error(`${file} holds no checkpoint`);
  return { deployment: checkpoint.latest ?? { resources: [] } };
}

function zstdDecompress(bytes: Buffer): Buffer {
  // Node 22.15 and 23.8 added zstd; before them such a state is exported by the CLI instead.
  const decompress = (zlib as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
  if (!decompress) throw new Error("this Node.js cannot read zstd");
  return decompress(bytes);
}
