/**
 * Stable names for the generated program: a resource's Pulumi name comes from its natural key,
 * sanitised; a collision takes the next free `-2`, `-3`... in the order objects are declared,
 * which is itself fixed (sorted), so the same account always gives the same names.
 */

/** Characters kept in a Pulumi resource name; anything else becomes "-". */
export function sanitiseName(raw: string): string {
  const s = raw.replace(/[^A-Za-z0-9._@/-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[-/]+|[-/]+$/g, "");
  return (s || "object").slice(0, 100);
}

export class NameAllocator {
  private readonly used = new Set<string>();

  /** A name not handed out before, from `raw`. */
  take(raw: string): string {
    const base = sanitiseName(raw);
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await config mailgun pulumi fs path content").split(" "),
);

/** TypeScript identifiers (camelCase) for resources the program refers to. */
export class IdentifierAllocator {
  private readonly used = new Set<string>();

  take(raw: string): string {
    const words = raw.split(/[^A-Za-z0-9]+/).filter(Boolean);
    let base = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("") || "resource";
    if (/^[0-9]/.test(base)) base = `_${base}`;
    base = base.slice(0, 60);
    let id = base;
    for (let n = 2; this.used.has(id) || RESERVED.has(id); n++) id = `${base}${n}`;
    this.used.add(id);
    return id;
  }
}

/** A config key (`pulumi config set --secret <key>`) from a resource name. */
export function configKey(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "") || "secret";
}
