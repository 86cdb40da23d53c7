/**
 * Repairs what a kill can break in Pulumi's local file backend (`file://`).
 *
 * The file backend stores each checkpoint through gocloud's fileblob, which writes the data to a
 * temporary file and renames it into place (atomic), but writes the sidecar `<file>.attrs`
 * (content type and MD5) in place, truncating it first. A kill between the truncate and the write
 * leaves an empty `.attrs`, and from then on every command on the stack, `pulumi cancel`
 * included, fails with "failed to load checkpoint: EOF". The checkpoint itself is intact. fileblob
 * treats a missing `.attrs` as "no attributes", so removing the broken one restores access to the
 * latest checkpoint; nothing of value is lost, since a broken sidecar holds nothing readable.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface RepairedFile {
  file: string;
  bytes: number;
}

/** The directory of a `file://` backend URL, or undefined for any other backend. */
export function fileBackendDir(url: string, cwd: string): string | undefined {
  if (!url.startsWith("file://")) return undefined;
  let p = decodeURIComponent(url.slice("file://".length).split("?")[0]);
  if (p === "~" || p.startsWith("~/")) p = path.join(os.homedir(), p.slice(1));
  return path.resolve(cwd, p);
}

function* attrsFiles(dir: string): Generator<string> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* attrsFiles(full);
    else if (e.isFile() && e.name.endsWith(".attrs")) yield full;
  }
}

function readable(file: string): boolean {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return typeof value === "object" && value !== null;
  } catch {
    return false;
  }
}

/**
 * Finds the unreadable `.attrs` sidecars anywhere in the backend's `.pulumi` folder (stacks,
 * locks, history, backups, meta.yaml: each is read through fileblob), and (unless dryRun)
 * removes them. Returns what it found.
 */
export function repairBrokenAttrs(backendDir: string, dryRun: boolean): RepairedFile[] {
  const repaired: RepairedFile[] = [];
  for (const file of attrsFiles(path.join(backendDir, ".pulumi"))) {
    if (readable(file)) continue;
    repaired.push({ file, bytes: fs.statSync(file).size });
    if (!dryRun) fs.rmSync(file, { force: true });
  }
  return repaired;
}
