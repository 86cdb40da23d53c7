import { z } from "zod";
import { defaultRegion } from "../runtime";
import { CheckFailure, CheckResult, Props } from "./types";

/** What the engine sends during `preview` for a value that is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * Validates inputs with a zod object schema and turns every issue into a failure that names
 * the field and the fix. Fields not known yet at preview are passed through unvalidated; they
 * are checked again once known. Returns the normalized inputs (defaults filled in).
 */
export function checkInputs<S extends z.ZodObject>(schema: S, news: Props, label: string): CheckResult {
  const unknownKeys = Object.keys(news).filter((k) => k !== "__provider" && containsUnknown(news[k]));
  const known = Object.fromEntries(Object.entries(news).filter(([k]) => !unknownKeys.includes(k) && k !== "__provider"));
  const mask = Object.fromEntries(unknownKeys.filter((k) => k in schema.shape).map((k) => [k, true]));
  const effective = unknownKeys.length ? schema.omit(mask as never) : schema;
  const result = effective.safeParse(known);
  if (!result.success) {
    const failures: CheckFailure[] = result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((k) => ({ property: k, reason: `${label}: [${k}] ${unknownKeyMessage(k, Object.keys(schema.shape), label)}` }));
      }
      const property = issue.path.map(String).join(".") || "(inputs)";
      return [{ property, reason: `${label}: [${property}] ${messageOf(issue, property)}` }];
    });
    return { failures };
  }
  const inputs: Props = { ...(result.data as Props) };
  for (const k of unknownKeys) inputs[k] = news[k];
  if (news.__provider !== undefined) inputs.__provider = news.__provider;
  return { inputs };
}

/** zod's own wording for a wrong type ("Invalid input: expected string, received number") names neither field nor fix. */
function messageOf(issue: z.core.$ZodIssue, property: string): string {
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input")) {
    const field = property.replace(/\.\d+$/, "");
    const what = issue.expected === "array" ? "a list" : issue.expected === "object" ? "an object" : `a ${issue.expected}`;
    return `${field} must be ${what}${issue.input === undefined ? " (it is required)" : `, not ${describe(issue.input)}`}`;
  }
  return issue.message;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** An input the resource does not have: a typo, another tool's spelling (spam_action) or the wrong case. */
function unknownKeyMessage(key: string, known: string[], label: string): string {
  const fold = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  const near = known.find((k) => fold(k) === fold(key)) ?? known.find((k) => key.length >= 4 && editDistance(fold(k), fold(key)) <= 2);
  return near
    ? `${key} is not a ${label} input; did you mean ${near}?`
    : `${key} is not a ${label} input; the inputs are ${known.join(", ")}`;
}

const hostnameLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A domain name as Mailgun accepts it: lower-case labels, at least two of them. */
export const domainName = z
  .string({ error: "must be a domain name such as mg.example.com" })
  .trim()
  .transform((s) => s.toLowerCase().replace(/\.$/, ""))
  .refine((s) => s.length <= 253 && s.split(".").length >= 2 && s.split(".").every((l) => hostnameLabel.test(l)), {
    error: (iss) => `"${String(iss.input)}" is not a valid domain name; use lower-case labels separated by dots, e.g. mg.example.com`,
  });

export const region = z
  .string({ error: 'must be "us" or "eu"' })
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => s === "us" || s === "eu", {
    error: (iss) => `region must be "us" or "eu" (got "${String(iss.input)}"); Mailgun has only these two regions`,
  }) as unknown as z.ZodType<"us" | "eu">;

export const httpUrl = z
  .string({ error: "must be an http(s) URL" })
  .refine((s) => s === s.trim(), { error: "the URL has leading or trailing whitespace; remove it" })
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "https:" || u.protocol === "http:") && u.hostname.length > 0;
      } catch {
        return false;
      }
    },
    { error: (iss) => `"${String(iss.input)}" is not an absolute http:// or https:// URL` },
  );

export function optionalBoolean(name: string) {
  return z.boolean({ error: `${name} must be true or false` });
}

/** checkInputs, then the provider's default region for resources that do not set one. */
export function checkRegional<S extends z.ZodObject>(schema: S, news: Props, label: string): CheckResult {
  const result = checkInputs(schema, news, label);
  if (result.inputs && result.inputs.region === undefined) result.inputs.region = defaultRegion();
  return result;
}
