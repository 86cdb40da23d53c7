/**
 * Property values as the engine reports them, made safe and comparable: secrets (which the
 * engine already masks in events) become "[secret]", values a preview cannot know yet become
 * "(known after up)".
 */

/** The signature key of Pulumi's secret envelope, `{ "4dabf...": "1b47...", ... }`. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
/** What the engine sends for a value that is unknown during a preview. */
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const SECRET = "[secret]";
export const UNKNOWN = "(known after up)";

export function redact(value: unknown): unknown {
  if (value === UNKNOWN_VALUE) return UNKNOWN;
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object") {
    if (SECRET_SIGNATURE in value) return SECRET;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
  }
  return value;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Deep equality that ignores key order, the way the provider's own diff compares. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** One line for a table cell: strings bare, lists as [a, b], objects as compact JSON. */
export function displayValue(value: unknown): string {
  if (value === undefined) return "-";
  if (value === null) return "null";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (Array.isArray(value)) return `[${value.map(displayValue).join(", ")}]`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Cuts the middle out of long text: the end of a value (a domain, the tail of a URL) often holds the difference. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}
