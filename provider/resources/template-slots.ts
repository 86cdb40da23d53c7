import { z } from "zod";
import type { Region } from "../config";

/** Mailgun's limits (api-notes §7.1; spec POST .../versions: "A template can store up to 40 versions"). */
export const MAX_TEMPLATES_PER_DOMAIN = 100;
export const MAX_VERSIONS_PER_TEMPLATE = 40;

/**
 * A template name or version tag. Mailgun lower-cases both (spec: "name will be down cased";
 * templates.yml stored tag `V1` as `v1`) and takes UTF-8, spaces included (the recorded listing
 * has "api test"). Both travel as a URL path segment, so a `/`, a bare `.`/`..`, control
 * characters or edge whitespace would address another path or a name Mailgun trims.
 */
export function templateKey(field: string, example: string) {
  return z
    .string({ error: `${field} must be a string, e.g. "${example}"` })
    .refine((s) => s.length > 0, { error: `${field} must not be empty, e.g. "${example}"` })
    .refine((s) => s === s.trim(), { error: `${field} has leading or trailing whitespace; remove it` })
    .refine((s) => !s.includes("/") && s !== "." && s !== ".." && !/[\u0000-\u001f\u007f]/.test(s), {
      error: (iss) => `${field} "${String(iss.input)}" cannot be used: Mailgun takes it in the URL path, so it must not contain "/" or control characters, nor be "." or ".."; use letters, digits, spaces and ._- e.g. "${example}"`,
    })
    .refine((s) => s.length <= 255, { error: `${field} must be at most 255 characters` });
}

/** How Mailgun stores a name or tag: compare these, never the program's spelling. */
export function folded(s: string): string {
  return s.toLowerCase();
}

function quoted(names: string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

function listed(names: string[], max = 5): string {
  return names.length <= max ? quoted(names) : `${quoted(names.slice(0, max))} and ${names.length - max} more`;
}

/**
 * What the Templates and TemplateVersions of this run declare, so that a program which alone
 * exceeds Mailgun's limits, declares one object twice or two active versions of one template
 * is refused at preview, naming the resources. The provider process checks every resource of
 * a run (see webhook-slots.ts); a resource checked again replaces its own earlier record.
 */
const templates = new Map<string, Map<string, string>>();
const versions = new Map<string, Map<string, string>>();
const actives = new Map<string, Set<string>>();

/** A new provider process knows no declarations: for tests that play several runs in one process. */
export function forgetTemplateDeclarations(): void {
  templates.clear();
  versions.clear();
  actives.clear();
}

function slot<T>(map: Map<string, T>, key: string, make: () => T): T {
  let v = map.get(key);
  if (!v) map.set(key, (v = make()));
  return v;
}

/** Records a Template; the reason to refuse it, if any. `self` is its logical name. */
export function declareTemplate(d: { region: Region; domain: string; name: string }, self: string): string | undefined {
  const names = slot(templates, `${d.region}|${d.domain}`, () => new Map<string, string>());
  for (const [name, owner] of names) if (owner === self && name !== folded(d.name)) names.delete(name);
  const holder = names.get(folded(d.name));
  if (holder !== undefined && holder !== self) {
    return `Templates ${quoted([holder, self].sort())} both declare template "${folded(d.name)}" on ${d.domain} (Mailgun lower-cases names); declare it once.`;
  }
  names.set(folded(d.name), self);
  if (names.size > MAX_TEMPLATES_PER_DOMAIN) {
    const others = [...names.values()].filter((n) => n !== self);
    names.delete(folded(d.name));
    return (
      `the program declares ${others.length + 1} Templates on ${d.domain} in region ${d.region} (${listed(others)} and this one, "${self}"), ` +
      `and Mailgun stores at most ${MAX_TEMPLATES_PER_DOMAIN} templates per domain. Remove some, or put templates on another domain.`
    );
  }
  return undefined;
}

interface DeclaredVersion {
  region: Region;
  domain: string;
  template: string;
  tag: string;
  active?: boolean;
}

/** Records a TemplateVersion; the reason to refuse it, if any. */
export function declareVersion(v: DeclaredVersion, self: string): string | undefined {
  const key = `${v.region}|${v.domain}|${folded(v.template)}`;
  const tags = slot(versions, key, () => new Map<string, string>());
  for (const [tag, owner] of tags) if (owner === self && tag !== folded(v.tag)) tags.delete(tag);
  const holder = tags.get(folded(v.tag));
  if (holder !== undefined && holder !== self) {
    return `TemplateVersions ${quoted([holder, self].sort())} both declare version "${folded(v.tag)}" of template "${folded(v.template)}" on ${v.domain} (Mailgun lower-cases tags); declare it once.`;
  }
  tags.set(folded(v.tag), self);
  if (tags.size > MAX_VERSIONS_PER_TEMPLATE) {
    const others = [...tags.values()].filter((n) => n !== self);
    tags.delete(folded(v.tag));
    return (
      `the program declares ${others.length + 1} versions of template "${folded(v.template)}" on ${v.domain} (${listed(others)} and this one, "${self}"), ` +
      `and Mailgun stores at most ${MAX_VERSIONS_PER_TEMPLATE} versions per template. Remove old versions, or start another template.`
    );
  }
  const active = slot(actives, key, () => new Set<string>());
  active.delete(self);
  if (v.active === true) {
    const other = [...active][0];
    if (other !== undefined) {
      return (
        `TemplateVersions ${quoted([other, self].sort())} both set active: true for template "${folded(v.template)}" on ${v.domain}, but a template has one active version: ` +
        `making one active deactivates the other, so each up would undo the last. Set active: true on one of them only.`
      );
    }
    active.add(self);
  }
  return undefined;
}
