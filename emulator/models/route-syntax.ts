/**
 * A loose check of Mailgun's route filter and action languages (api-notes §3.3, §3.4):
 *   filter  := match_recipient("re") | match_header("header", "re") | catch_all()
 *   expr    := filter ( "and" filter )*
 *   action  := forward("dest[, dest]") | store() | store(notify="url") | stop()
 * Strings take single or double quotes. Regexes are Python's; they are checked after the
 * usual translation of named groups. Anything else is refused with a 400 naming the problem.
 */
import { BadRequest } from "../errors";

export type Filter =
  | { kind: "match_recipient"; pattern: string }
  | { kind: "match_header"; header: string; pattern: string }
  | { kind: "catch_all" };

/** Mailgun refuses filters and actions over 4 KB (routes docs). */
const MAX_BYTES = 4096;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  done(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }
  word(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) return "";
    this.pos += m[0].length;
    return m[0];
  }
  expect(ch: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }
  quoted(): string | undefined {
    this.skipSpace();
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") return undefined;
    let out = "";
    for (let i = this.pos + 1; i < this.text.length; i++) {
      const ch = this.text[i];
      if (ch === "\\" && i + 1 < this.text.length) {
        out += ch + this.text[++i];
      } else if (ch === quote) {
        this.pos = i + 1;
        return out;
      } else out += ch;
    }
    return undefined;
  }
}

/** Python regex -> JavaScript for the constructs people actually use in routes. */
export function toJsRegex(pattern: string): RegExp {
  const js = pattern.replace(/\(\?P<([A-Za-z_]\w*)>/g, "(?<$1>").replace(/\(\?P=([A-Za-z_]\w*)\)/g, "\\k<$1>");
  return new RegExp(js, "i");
}

function checkSize(kind: string, text: string): void {
  if (Buffer.byteLength(text) > MAX_BYTES) throw new BadRequest(`The ${kind} can't be longer than 4k`);
}

function regex(expression: string, pattern: string): string {
  try {
    toJsRegex(pattern);
  } catch {
    throw new BadRequest(`Invalid expression: bad regular expression '${pattern}' in ${expression}`);
  }
  return pattern;
}

export function parseExpression(expression: string): Filter[] {
  checkSize("expression", expression);
  const s = new Scanner(expression);
  const bad = (why: string) => new BadRequest(`Invalid expression: ${why} in ${expression}`);
  const filters: Filter[] = [];
  do {
    const name = s.word();
    if (!s.expect("(")) throw bad(name ? `'(' expected after ${name}` : "filter expected");
    if (name === "match_recipient") {
      const pattern = s.quoted();
      if (pattern === undefined) throw bad("quoted pattern expected in match_recipient");
      filters.push({ kind: "match_recipient", pattern: regex(expression, pattern) });
    } else if (name === "match_header") {
      const header = s.quoted();
      if (header === undefined || !s.expect(",")) throw bad("match_header takes a quoted header name and a pattern");
      const pattern = s.quoted();
      if (pattern === undefined) throw bad("quoted pattern expected in match_header");
      filters.push({ kind: "match_header", header, pattern: regex(expression, pattern) });
    } else if (name === "catch_all") {
      filters.push({ kind: "catch_all" });
    } else {
      throw bad(`unknown filter '${name}'`);
    }
    if (!s.expect(")")) throw bad(`')' expected after ${name} arguments`);
    if (s.done()) return filters;
  } while (s.word().toLowerCase() === "and");
  throw bad("only filters joined by 'and' are allowed");
}

export function assertAction(action: string): void {
  checkSize("action", action);
  const s = new Scanner(action);
  const bad = (why: string) => new BadRequest(`Invalid action: ${why} in ${action}`);
  const name = s.word();
  if (!s.expect("(")) throw bad(name ? `'(' expected after ${name}` : "action expected");
  if (name === "forward") {
    const dest = s.quoted();
    if (!dest || dest.split(",").some((d) => d.trim() === "")) throw bad("forward takes a quoted destination");
  } else if (name === "store") {
    if (s.word() === "notify") {
      if (!s.expect("=") || s.quoted() === undefined) throw bad("store takes notify=\"<url>\"");
    }
  } else if (name !== "stop") {
    throw bad(`unknown action '${name}'`);
  }
  if (!s.expect(")") || !s.done()) throw bad("')' expected at the end");
}
