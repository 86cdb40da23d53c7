import type { Region } from "../region";
import { explainForbidden } from "./permissions";

/**
 * Error hierarchy of the Mailgun client.
 *
 * `instanceof` is answered by a `Symbol.for` brand rather than the prototype chain: the provider
 * module can be loaded twice in one process (source through ts-node/jest and the built copy), and
 * an error thrown by one copy must still be recognised by the other.
 */
const BRAND = Symbol.for("pulumi-mailgun.error-kinds");

type Branded = { [BRAND]?: readonly string[] };

export class MailgunError extends Error {
  static readonly kind: string = "MailgunError";
  /** Stable machine-readable code; never changes between releases for the same failure. */
  readonly code: string;

  constructor(message: string, code = "MAILGUN_ERROR", options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.kind;
    const kinds: string[] = [];
    for (let c: any = new.target; c && typeof c.kind === "string"; c = Object.getPrototypeOf(c)) {
      if (!kinds.includes(c.kind)) kinds.push(c.kind);
    }
    Object.defineProperty(this, BRAND, { value: Object.freeze(kinds), enumerable: false });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (value === null || typeof value !== "object") return false;
    const kinds = (value as Branded)[BRAND];
    return Array.isArray(kinds) && kinds.includes((this as unknown as { kind: string }).kind);
  }
}

export interface ApiErrorInit {
  status: number;
  method: string;
  /** Request path without query string and base URL; never carries the key. */
  path: string;
  region: Region;
  /** The text Mailgun put in the body, whatever key it used. */
  mailgunMessage: string;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  requestId?: string;
  /** Extra advice appended to the message after `; ` (e.g. "check the region"). */
  hint?: string;
  /** What Mailgun's text means, appended after `: ` (e.g. which permission a 403 lacks). */
  explanation?: string;
}

/**
 * Mailgun answered with a non-success status. `message` is the full readable line
 * (`GET /v4/domains/mg.example.com in region eu: 404 Domain not found`); Mailgun's own text is
 * in `mailgunMessage`.
 */
export class MailgunApiError extends MailgunError {
  static override readonly kind: string = "MailgunApiError";
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly region: Region;
  readonly mailgunMessage: string;
  readonly requestId?: string;
  readonly body: unknown;

  constructor(init: ApiErrorInit, code = "MAILGUN_API_ERROR") {
    const said = `${init.method} ${init.path} in region ${init.region}: ${init.status} ${init.mailgunMessage}`;
    const base = init.explanation ? `${said}: ${init.explanation}` : said;
    super(init.hint ? `${base}; ${init.hint}` : base, code);
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.region = init.region;
    this.mailgunMessage = init.mailgunMessage;
    this.requestId = init.requestId;
    this.body = init.body;
  }
}

export class MailgunBadRequestError extends MailgunApiError {
  static override readonly kind: string = "MailgunBadRequestError";
  constructor(init: ApiErrorInit) { super(init, "MAILGUN_BAD_REQUEST"); }
}
/** 401 (bad or missing key) and 403 (key valid but not allowed). */
export class MailgunAuthError extends MailgunApiError {
  static override readonly kind: string = "MailgunAuthError";
  constructor(init: ApiErrorInit) { super(init, "MAILGUN_AUTH"); }
}
export class MailgunNotFoundError extends MailgunApiError {
  static override readonly kind: string = "MailgunNotFoundError";
  constructor(init: ApiErrorInit) { super(init, "MAILGUN_NOT_FOUND"); }
}
export class MailgunConflictError extends MailgunApiError {
  static override readonly kind: string = "MailgunConflictError";
  constructor(init: ApiErrorInit) { super(init, "MAILGUN_CONFLICT"); }
}
export class MailgunRateLimitError extends MailgunApiError {
  static override readonly kind: string = "MailgunRateLimitError";
  constructor(init: ApiErrorInit) { super(init, "MAILGUN_RATE_LIMITED"); }
}
export class MailgunServerError extends MailgunApiError {
  static override readonly kind: string = "MailgunServerError";
  constructor(init: ApiErrorInit) { super(init, "MAILGUN_SERVER_ERROR"); }
}

interface RequestIdentity { method: string; path: string; region: Region }

function describe(r: RequestIdentity): string {
  return `${r.method} ${r.path} in region ${r.region}`;
}

/** No response: refused, reset or dropped connection. */
export class MailgunConnectionError extends MailgunError {
  static override readonly kind: string = "MailgunConnectionError";
  readonly method: string;
  readonly path: string;
  readonly region: Region;
  constructor(r: RequestIdentity, detail: string, cause?: unknown) {
    super(`${describe(r)}: connection failed (${detail})`, "MAILGUN_CONNECTION", { cause });
    this.method = r.method;
    this.path = r.path;
    this.region = r.region;
  }
}

export class MailgunTimeoutError extends MailgunError {
  static override readonly kind: string = "MailgunTimeoutError";
  readonly method: string;
  readonly path: string;
  readonly region: Region;
  constructor(r: RequestIdentity, timeoutMs: number) {
    super(`${describe(r)}: no complete response within ${timeoutMs} ms (mailgun:requestTimeoutMs)`, "MAILGUN_TIMEOUT");
    this.method = r.method;
    this.path = r.path;
    this.region = r.region;
  }
}

/** The caller's AbortSignal fired. */
export class MailgunAbortError extends MailgunError {
  static override readonly kind: string = "MailgunAbortError";
  constructor(r: RequestIdentity) {
    super(`${describe(r)}: aborted`, "MAILGUN_ABORTED");
  }
}

/** A success status whose body is not what the endpoint documents (wrong URL, API change). */
export class MailgunUnexpectedResponseError extends MailgunError {
  static override readonly kind: string = "MailgunUnexpectedResponseError";
  readonly status: number;
  constructor(r: RequestIdentity, status: number, detail: string) {
    super(`${describe(r)}: ${status} with an unexpected response: ${detail}`, "MAILGUN_UNEXPECTED_RESPONSE");
    this.status = status;
  }
}

export interface RetryBudgetInit extends RequestIdentity {
  attempts: number;
  elapsedMs: number;
  lastError: Error;
  /** Why it stopped, in words (e.g. "8 retries used"). */
  reason: string;
  /** The setting to raise, e.g. "mailgun:retryBudgetMs (MAILGUN_RETRY_BUDGET_MS)". */
  setting: string;
  /** Set when the last failure left it unknown whether a write took effect. */
  maybeApplied?: boolean;
}

export class MailgunRetryBudgetError extends MailgunError {
  static override readonly kind: string = "MailgunRetryBudgetError";
  readonly method: string;
  readonly path: string;
  readonly region: Region;
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly lastError: Error;
  readonly setting: string;

  constructor(init: RetryBudgetInit) {
    const secs = (init.elapsedMs / 1000).toFixed(1);
    const prefix = `${describe(init)}: `;
    const last = init.lastError instanceof MailgunApiError
      ? `${init.lastError.status} ${init.lastError.mailgunMessage}`
      : init.lastError.message.startsWith(prefix) ? init.lastError.message.slice(prefix.length) : init.lastError.message;
    const applied = init.maybeApplied ? " The last attempt may have taken effect on Mailgun's side." : "";
    super(
      `${describe(init)}: gave up after ${init.attempts} attempt${init.attempts === 1 ? "" : "s"} over ${secs}s ` +
        `(${init.reason}; last failure: ${last}).${applied} To keep retrying longer, raise ${init.setting}.`,
      "MAILGUN_RETRY_BUDGET_EXHAUSTED",
      { cause: init.lastError },
    );
    this.method = init.method;
    this.path = init.path;
    this.region = init.region;
    this.attempts = init.attempts;
    this.elapsedMs = init.elapsedMs;
    this.lastError = init.lastError;
    this.setting = init.setting;
  }
}

/** Bad provider configuration; the message names the key and how to fix it. */
export class MailgunConfigError extends MailgunError {
  static override readonly kind: string = "MailgunConfigError";
  constructor(message: string) { super(message, "MAILGUN_CONFIG"); }
}

/** True for a 404 answer, also when it is wrapped as the last error of an exhausted retry budget. */
export function isNotFound(err: unknown): boolean {
  if (err instanceof MailgunNotFoundError) return true;
  return err instanceof MailgunRetryBudgetError && err.lastError instanceof MailgunNotFoundError;
}

/** A 400 saying the object is there already (v4 webhooks, spec: `Webhook for event type '<e>' with URL '<u>' already exists`). */
export function saysAlreadyExists(err: unknown): boolean {
  return err instanceof MailgunBadRequestError && /already exists/i.test(err.mailgunMessage);
}

// ---------------------------------------------------------------------------------------------
// Building an error from a response

/** Keys Mailgun's services use for the human text of an error, in the order to prefer them. */
const MESSAGE_KEYS = ["message", "Message", "Reason", "Description", "error"] as const;
const MAX_TEXT = 500;

export interface ParsedBody {
  /** JSON value when the body parsed, else the trimmed text. */
  value: unknown;
  isHtml: boolean;
}

export function parseBody(text: string, contentType: string | undefined): ParsedBody {
  const trimmed = text.trim();
  const isHtml = /text\/html/i.test(contentType ?? "") || /^<(!doctype|html|head|body)/i.test(trimmed);
  if (!isHtml && trimmed !== "") {
    try {
      return { value: JSON.parse(trimmed), isHtml: false };
    } catch {
      // not JSON: fall through to plain text
    }
  }
  return { value: trimmed, isHtml };
}

function truncate(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
}

/**
 * The human text of an error body in any of the shapes Mailgun uses: `{"message"}`, `{"Message"}`,
 * `{"Reason"}`, `{"Description"}`, `{"error"}`, `{"Field","Value"}`, plain text, or an HTML page
 * (which means the path does not exist on that host).
 */
export function extractMessage(parsed: ParsedBody, status: number): string {
  if (parsed.isHtml) {
    return status === 404 ? "endpoint not found (check the API URL)" : "HTML page instead of an API response (check the API URL)";
  }
  const v = parsed.value;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of MESSAGE_KEYS) {
      const m = o[k];
      if (typeof m === "string" && m.trim() !== "") return truncate(m.trim());
      if (m && typeof m === "object" && typeof (m as Record<string, unknown>).message === "string") {
        return truncate(String((m as Record<string, unknown>).message));
      }
    }
    if (typeof o.Field === "string") {
      return truncate(typeof o.Value === "string" ? `invalid ${o.Field}: ${o.Value}` : `invalid ${o.Field}`);
    }
    if (typeof o["retry-seconds"] === "number") return `rate limited, retry in ${o["retry-seconds"]} seconds`;
    return truncate(JSON.stringify(o));
  }
  if (typeof v === "string" && v !== "") return truncate(v);
  if (v !== undefined && v !== "") return truncate(JSON.stringify(v));
  return "(empty body)";
}

const OTHER_REGION: Record<Region, Region> = { us: "eu", eu: "us" };

/** `/v3/domains/mg.x.com/...` or `/v4/domains/mg.x.com` -> `mg.x.com`. */
export function domainOfPath(path: string): string | undefined {
  const m = /^\/v\d+\/domains\/([^/?#]+)/.exec(path);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

function hintFor(status: number, path: string, region: Region, text: string, isHtml: boolean): string | undefined {
  if (status === 401) {
    return "check the API key (mailgun:apiKey or MAILGUN_API_KEY) and that its account has this region";
  }
  if (status === 404 && !isHtml) {
    const domain = domainOfPath(path);
    // Only when Mailgun says the domain itself is missing: a 404 for a webhook or credential of an
    // existing domain is not a region problem.
    if (domain && (/domain/i.test(text) || path.replace(/\/+$/, "").endsWith(`/domains/${encodeURIComponent(domain)}`))) {
      return `domain ${domain} not found in region ${region}; it may exist in ${OTHER_REGION[region]} (check the region)`;
    }
  }
  return undefined;
}

export interface ResponseFacts extends RequestIdentity {
  status: number;
  bodyText: string;
  contentType?: string;
  requestId?: string;
}

/** One factory picks the error class by status and writes the readable message. */
export function fromResponse(r: ResponseFacts): MailgunApiError {
  const parsed = parseBody(r.bodyText, r.contentType);
  const mailgunMessage = extractMessage(parsed, r.status);
  const init: ApiErrorInit = {
    status: r.status,
    method: r.method,
    path: r.path,
    region: r.region,
    mailgunMessage,
    body: parsed.value,
    requestId: r.requestId,
    hint: hintFor(r.status, r.path, r.region, mailgunMessage, parsed.isHtml),
    // A 403 is a valid key without the permission; Mailgun's text ("Forbidden") does not say which.
    explanation: r.status === 403 ? explainForbidden(r.method, r.path) : undefined,
  };
  const s = r.status;
  if (s === 400) return new MailgunBadRequestError(init);
  if (s === 401 || s === 403) return new MailgunAuthError(init);
  if (s === 404) return new MailgunNotFoundError(init);
  if (s === 409) return new MailgunConflictError(init);
  if (s === 429) return new MailgunRateLimitError(init);
  if (s >= 500) return new MailgunServerError(init);
  return new MailgunApiError(init);
}
