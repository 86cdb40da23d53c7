/** Debug logging of calls, with every known secret scrubbed before a line leaves the client. */
import { showLine } from "../user-lines";

export type Logger = (line: string) => void;

/**
 * Shows lines only when MAILGUN_DEBUG is set: the CLI shows them as diagnostics
 * (provider/user-lines.ts), so unconditional output would clutter every `pulumi up`.
 */
export function defaultLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const on = env.MAILGUN_DEBUG !== undefined && env.MAILGUN_DEBUG !== "" && env.MAILGUN_DEBUG !== "0";
  return on ? showLine : () => {};
}

const SECRET_FIELDS = "(?:smtp_password|password|secret|api_?key|authorization)";
const FORM_SECRET = new RegExp(`(${SECRET_FIELDS}=)[^&\\s]*`, "gi");
const JSON_SECRET = new RegExp(`("${SECRET_FIELDS}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi");
const BASIC_AUTH = /(Basic\s+)[A-Za-z0-9+/=]+/g;

/**
 * A scrubber for text that may reach a log or an error message: replaces the given secret values
 * (the API key, passwords sent in this call, secrets received) and any password/secret field.
 */
export function makeRedactor(secrets: Iterable<string | undefined>): (text: string) => string {
  const values = [...secrets].filter((s): s is string => typeof s === "string" && s.length >= 4);
  // Longest first so a secret containing another is replaced whole.
  values.sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const v of values) out = out.split(v).join("***");
    return out.replace(FORM_SECRET, "$1***").replace(JSON_SECRET, '$1"***"').replace(BASIC_AUTH, "$1***");
  };
}
