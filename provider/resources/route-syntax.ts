/**
 * A light parser for Mailgun route filters and actions, so mistakes are reported at preview
 * instead of by the API. Grammar (Mailgun docs, "Route filters" and "Route actions"):
 *   filter  := match_recipient("re") | match_header("name", "re") | catch_all()
 *   expr    := filter ( " and " filter )*
 *   action  := forward("dest[, dest...]") | store() | store(notify="url") | stop()
 */
const STRING = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')`;
const FILTER = new RegExp(
  String.raw`^\s*(?:match_recipient\(\s*${STRING}\s*\)|match_header\(\s*${STRING}\s*,\s*${STRING}\s*\)|catch_all\(\s*\))\s*$`,
);
const FORWARD = new RegExp(String.raw`^\s*forward\(\s*(${STRING})\s*\)\s*$`);
const STORE = new RegExp(String.raw`^\s*store\(\s*(?:notify\s*=\s*(${STRING})\s*)?\)\s*$`);
const STOP = /^\s*stop\(\s*\)\s*$/;
const MAX_BYTES = 4096;

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, "$1");
}

/** Splits on " and " outside quotes. */
function splitAnd(expr: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (/\s/.test(ch)) {
      const joiner = /^\s+and\s+/i.exec(expr.slice(i));
      if (joiner) {
        parts.push(expr.slice(start, i));
        i += joiner[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(expr.slice(start));
  return parts;
}

export function expressionProblem(expression: string): string | undefined {
  if (!expression.trim()) return "expression must not be empty; e.g. match_recipient(\"support@mg.example.com\")";
  if (Buffer.byteLength(expression) > MAX_BYTES) return `expression is longer than Mailgun's limit of ${MAX_BYTES} bytes; split it into several routes`;
  for (const part of splitAnd(expression)) {
    if (!FILTER.test(part)) {
      return `"${part.trim()}" is not a Mailgun filter; use match_recipient("regex"), match_header("header", "regex") or catch_all(), joined with "and"`;
    }
    const strings = [...part.matchAll(new RegExp(STRING, "g"))].map((m) => m[0].slice(1, -1));
    const pattern = /^\s*match_header/.test(part) ? strings[1] : strings[0];
    const problem = pattern === undefined ? undefined : regexProblem(pattern);
    if (problem) return `"${pattern}" in ${part.trim()} is not a valid regular expression (${problem}); escape characters such as ( ) [ ] with a backslash`;
  }
  return undefined;
}

/**
 * Mailgun reads patterns as Python regular expressions and refuses the route when one does not
 * compile. Python-only syntax (named groups, inline flags, atomic groups) is translated first,
 * so only patterns that are wrong in both dialects are reported.
 */
function regexProblem(pattern: string): string | undefined {
  const js = pattern
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, "(?<$1>")
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, "\\k<$1>")
    .replace(/^\(\?[aiLmsux]+\)/, "")
    .replace(/\(\?[aiLmsux-]+:/g, "(?:")
    .replace(/\(\?>/g, "(?:");
  try {
    new RegExp(js);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, "");
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The text with each URL cut to its origin: a forward or notify URL can carry a token (and be a
 * Pulumi secret), and check failures reach the preview output.
 */
export function withoutUrlPaths(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s/"',)]+)[^\s"',)]*/gi, (whole, origin: string) => (whole === origin ? whole : `${origin}/…`));
}

export function actionProblem(action: string): string | undefined {
  if (Buffer.byteLength(action) > MAX_BYTES) return `action is longer than Mailgun's limit of ${MAX_BYTES} bytes`;
  const fwd = FORWARD.exec(action);
  if (fwd) {
    for (const dest of unquote(fwd[1]).split(",").map((d) => d.trim())) {
      const isUrl = /^https?:\/\/[^\s/]+/.test(dest);
      if (!isUrl && !EMAIL.test(dest)) return `forward destination "${withoutUrlPaths(dest)}" is neither an email address nor an http(s) URL`;
    }
    return undefined;
  }
  const store = STORE.exec(action);
  if (store) {
    if (store[1] && !/^https?:\/\/[^\s/]+/.test(unquote(store[1]))) return `store(notify=...) needs an http(s) URL, got "${withoutUrlPaths(unquote(store[1]))}"`;
    return undefined;
  }
  if (STOP.test(action)) return undefined;
  return `"${withoutUrlPaths(action)}" is not a Mailgun action; use forward("address or URL"), store(), store(notify="URL") or stop()`;
}
