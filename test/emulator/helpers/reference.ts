/**
 * Mailgun reference material lives in `shared/mailgun-reference/` beside the repository
 * (CI clones the repo with shared/ next to it); MAILGUN_REFERENCE_DIR overrides the location.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import YAML from "yaml";

const candidates = [
  process.env.MAILGUN_REFERENCE_DIR,
  resolve(__dirname, "../../../../shared/mailgun-reference"),
  "/work/shared/mailgun-reference",
].filter((p): p is string => !!p);

export const REFERENCE_DIR = candidates.find((p) => existsSync(join(p, "mailgun-openapi.yaml"))) ?? candidates[0];

export function referencePath(...parts: string[]): string {
  const path = join(REFERENCE_DIR, ...parts);
  if (!existsSync(path)) {
    throw new Error(`Mailgun reference file ${path} not found; set MAILGUN_REFERENCE_DIR to shared/mailgun-reference`);
  }
  return path;
}

/** The OpenAPI document, parsed once per machine (the 740 KB YAML takes seconds to parse). */
export function loadSpec(): any {
  const file = referencePath("mailgun-openapi.yaml");
  const { size, mtimeMs } = statSync(file);
  const cache = join(tmpdir(), `mailgun-openapi-${size}-${Math.floor(mtimeMs)}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, "utf8"));
  const spec = YAML.parse(readFileSync(file, "utf8"));
  writeFileSync(cache, JSON.stringify(spec));
  return spec;
}

export function loadRecording(name: string): any {
  // VCR (Ruby's Psych) writes the closing quote of a multi-line body at column 0, which strict
  // YAML 1.2 parsers refuse; indenting that lone quote keeps the scalar's value unchanged.
  const text = readFileSync(referencePath("recordings", name), "utf8").replace(/^'$/gm, "        '");
  return YAML.parse(text);
}
