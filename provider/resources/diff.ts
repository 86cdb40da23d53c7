import { DiffResult, Props } from "./types";

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${k}:${canonical((value as Props)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Compares desired inputs with the recorded (or refreshed) outputs, field by field. Only
 * fields the program sets are compared: output-only fields and fields left to Mailgun never
 * show up as changes, so an unchanged program previews as "no changes".
 */
export function diffFields(olds: Props, news: Props, fields: readonly string[], replaceFields: readonly string[]): { changed: string[]; replaces: string[] } {
  const changed = fields.filter((f) => news[f] !== undefined && !sameValue(olds[f], news[f]));
  const replaces = changed.filter((f) => replaceFields.includes(f));
  return { changed, replaces };
}

export function toDiffResult(changed: string[], replaces: string[], deleteBeforeReplace = false): DiffResult {
  const result: DiffResult = { changes: changed.length > 0 };
  if (replaces.length) {
    result.replaces = replaces;
    if (deleteBeforeReplace) result.deleteBeforeReplace = true;
  }
  return result;
}

/** The whole diff of a resource whose fields either update in place or force a replacement. */
export function fieldDiff(fields: readonly string[], replaceFields: readonly string[]) {
  return async (_id: string, olds: object, news: object): Promise<DiffResult> => {
    const { changed, replaces } = diffFields(olds as Props, news as Props, fields, replaceFields);
    return toDiffResult(changed, replaces);
  };
}
