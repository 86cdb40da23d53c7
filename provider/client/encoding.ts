/** Request encoding: path segments, query strings and form bodies as Mailgun expects them. */
import { MailgunError } from "./errors";

export type FormValue = string | number | boolean | string[] | undefined;
export type QueryValue = string | string[] | undefined;

/**
 * Tagged template for paths: percent-encodes each interpolated segment and refuses empty ones,
 * so an unset domain can never produce `/v3/domains//webhooks` (which hits another endpoint).
 */
export function path(strings: TemplateStringsArray, ...segments: Array<string | number>): string {
  let out = strings[0];
  segments.forEach((seg, i) => {
    const s = String(seg);
    if (seg === undefined || seg === null || s === "") {
      throw new MailgunError(`empty path segment after ${JSON.stringify(out)}: an identifier is missing`, "MAILGUN_BAD_ARGUMENT");
    }
    out += encodeURIComponent(s) + strings[i + 1];
  });
  return out;
}

function append(params: URLSearchParams, key: string, value: FormValue): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    // Lists are repeated fields (action=..&action=..), the form Mailgun parses.
    for (const v of value) params.append(key, v);
    return;
  }
  params.append(key, typeof value === "boolean" ? (value ? "true" : "false") : String(value));
}

/** application/x-www-form-urlencoded body; undefined fields are left out. */
export function encodeForm(form: Record<string, FormValue>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) append(params, k, v);
  return params.toString();
}

/** "?a=1&b=2", or "" when nothing is set. */
export function encodeQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) append(params, k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}
