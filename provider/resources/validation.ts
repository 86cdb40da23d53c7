import { distance } from "fastest-levenshtein";
import { z } from "zod";
import { REGIONS } from "../region";
import { defaultRegion } from "../process-config";
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
 * What a check failure may show of a field. The engine prints the value of whichever property a
 * failure names (`property smtpPassword value {&{{abcd}}} has a problem`), secret or not, and a
 * list item's property prints as `{<nil>}`. So a failure names its property only for a plain,
 * top-level field; for a field that can hold a secret, or an item inside a list or object, the
 * property stays empty and the reason alone names the field, with any quoted fragment of a
 * secret's value masked.
 */
export interface CheckOptions {
  /** Fields whose values may be Pulumi secrets (passwords, keys, URLs with tokens). */
  sensitive?: readonly string[];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return value ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Shorter values are masked only where the message quotes them (how messages echo inputs). */
const MIN_UNQUOTED_SECRET = 12;

/** Masks every quoted fragment of the message that is part of the value, and the value itself where it is long enough to be a secret. */
export function maskValue(message: string, value: unknown): string {
  const secrets = stringsIn(value);
  if (!secrets.length) return message;
  let masked = message.replace(/"([^"]*)"/g, (whole, inner: string) => (inner && secrets.some((s) => s.includes(inner)) ? '"[secret]"' : whole));
  // Unquoted, only values long enough to be a secret (a token, a password, a PEM): a short one
  // such as "https://" is likely a word of the message itself (its own example URL), not an echo.
  for (const s of secrets) if (s.length >= MIN_UNQUOTED_SECRET) masked = masked.split(s).join("[secret]");
  return masked;
}

export function failureFor(label: string, path: readonly PropertyKey[], message: string, news: Props, options: CheckOptions = {}): CheckFailure {
  const field = path.map(String).join(".") || "(inputs)";
  const top = String(path[0] ?? "");
  const sensitive = options.sensitive?.includes(top) ?? false;
  const reason = `${label}: [${field}] ${sensitive ? maskValue(message, news[top]) : message}`;
  const plain = path.length === 1 && !sensitive;
  return { property: plain ? top : "", reason };
}

/**
 * Validates inputs with a zod object schema and turns every issue into a failure that names
 * the field and the fix. Fields not known yet at preview are passed through unvalidated; they
 * are checked again once known. Returns the normalized inputs (defaults filled in).
 */
export function checkInputs<S extends z.ZodObject>(schema: S, news: Props, label: string, options: CheckOptions = {}): CheckResult {
  const unknownKeys = Object.keys(news).filter((k) => k !== "__provider" && containsUnknown(news[k]));
  const known = Object.fromEntries(Object.entries(news).filter(([k]) => !unknownKeys.includes(k) && k !== "__provider" && k !== DECLARED_AS));
  const mask = Object.fromEntries(unknownKeys.filter((k) => k in schema.shape).map((k) => [k, true]));
  const effective = unknownKeys.length ? schema.omit(mask as never) : schema;
  const result = effective.safeParse(known);
  if (!result.success) {
    const failures: CheckFailure[] = result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys" && issue.path.length > 0) {
        // Inside an object input (dkimRotation): name the object's field, not a top-level input.
        const where = issue.path.map(String).join(".");
        const fields = nestedFields(schema, issue.path);
        return issue.keys.map((k) =>
          failureFor(label, [...issue.path, k], `${k} is not a field of ${where}${fields ? `; its fields are ${fields.join(", ")}` : ""}`, news, { sensitive: [String(issue.path[0])] }));
      }
      if (issue.code === "unrecognized_keys") {
        // An unknown key may be a misspelled secret (smtp_password): treated as one.
        return issue.keys.map((k) => failureFor(label, [k], unknownKeyMessage(k, Object.keys(schema.shape), label), news, { sensitive: [k] }));
      }
      return [failureFor(label, issue.path, messageOf(issue, issue.path.map(String).join(".")), news, options)];
    });
    return { failures };
  }
  const inputs: Props = { ...(result.data as Props) };
  for (const k of unknownKeys) if (k !== DECLARED_AS) inputs[k] = news[k];
  if (news.__provider !== undefined) inputs.__provider = news.__provider;
  return { inputs };
}

/** The field names of the object schema at `path` inside `schema` (through optional/default wrappers), if it is one. */
function nestedFields(schema: z.ZodObject, path: readonly PropertyKey[]): string[] | undefined {
  let node: unknown = schema;
  for (const key of path) {
    while (node && typeof (node as { unwrap?: unknown }).unwrap === "function" && !(node instanceof z.ZodObject)) node = (node as { unwrap(): unknown }).unwrap();
    if (!(node instanceof z.ZodObject)) return undefined;
    node = node.shape[String(key)];
  }
  while (node && typeof (node as { unwrap?: unknown }).unwrap === "function" && !(node instanceof z.ZodObject)) node = (node as { unwrap(): unknown }).unwrap();
  return node instanceof z.ZodObject ? Object.keys(node.shape) : undefined;
}

/**
 * The logical name the SDK passes so that failures spanning several resources can name them.
 * check drops it from the inputs it returns, so it never reaches the state.
 */
export const DECLARED_AS = "__declaredAs";

export function declaredName(news: Props): string | undefined {
  return typeof news[DECLARED_AS] === "string" ? (news[DECLARED_AS] as string) : undefined;
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

/** An input the resource does not have: a typo, another tool's spelling (spam_action) or the wrong case. */
function unknownKeyMessage(key: string, known: string[], label: string): string {
  const fold = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  const near = known.find((k) => fold(k) === fold(key)) ?? known.find((k) => key.length >= 4 && distance(fold(k), fold(key)) <= 2);
  const a = /^[aeiou]/i.test(label) ? "an" : "a";
  return near
    ? `${key} is not ${a} ${label} input; did you mean ${near}?`
    : `${key} is not ${a} ${label} input; the inputs are ${known.join(", ")}`;
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
  })
  // For the plugin's schema (plugin/schema.ts): the values the refinement allows, as one named enum.
  .meta({ enum: [...REGIONS], enumName: "Region" }) as unknown as z.ZodType<"us" | "eu">;

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
    // Never echo the value: a URL can carry a token and be a Pulumi secret.
    { error: "url must be an absolute http:// or https:// URL, e.g. https://example.com/hooks/mailgun" },
  );

export function optionalBoolean(name: string) {
  return z.boolean({ error: `${name} must be true or false` });
}

/** checkInputs, then the provider's default region for resources that do not set one. */
export function checkRegional<S extends z.ZodObject>(schema: S, news: Props, label: string, options: CheckOptions = {}): CheckResult {
  const result = checkInputs(schema, news, label, options);
  if (result.inputs && result.inputs.region === undefined) result.inputs.region = defaultRegion();
  return result;
}
