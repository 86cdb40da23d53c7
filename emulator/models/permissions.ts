/**
 * What a `/v1/keys` key may do, by kind and role; the pipeline asks before every API request.
 * Mailgun publishes no permission matrix, so this is our reading of the sources (each rule says
 * which, and emulator/README.md lists them):
 * - `kind=domain` (role `sending`): only `POST /v3/{its domain}/messages(.mime)` (Mailgun docs,
 *   authentication page). Anything else is refused as an unknown key would be, with 401
 *   (api-notes §10.16: the real status is unknown; the 2025 capture of a send through a foreign
 *   domain is a 401).
 * - `admin`: everything (spec: "admin-level permissions"); the account's primary key is admin.
 * - `developer`: everything but creating or deleting API keys, which the release note that
 *   introduced `/v1/keys` reserves to admin users.
 * - `basic` (spec: "use in place of analyst"): read-only, so GET only.
 * A role the emulator does not know gets nothing.
 */
import type { KeyRecord } from "../store";
import { normalizeName } from "./domains";

export type Verdict = "allowed" | "unauthenticated" | "forbidden";

export interface RequestTarget {
  method: string;
  /** The matched route template (`/v3/:domain/messages`); undefined for unknown paths. */
  route: string | undefined;
  /** The `:domain` path parameter, when the route has one. */
  domain: string | undefined;
}

const SENDING_ROUTES = new Set(["/v3/:domain/messages", "/v3/:domain/messages.mime"]);
const READ_METHODS = new Set(["GET", "HEAD"]);
const KEY_ROUTES = new Set(["/v1/keys", "/v1/keys/:id"]);

function sendsForOwnDomain(key: KeyRecord, target: RequestTarget): boolean {
  return target.method === "POST" && SENDING_ROUTES.has(target.route ?? "")
    && target.domain !== undefined && normalizeName(target.domain) === key.domain_name;
}

export function authorize(key: KeyRecord, target: RequestTarget): Verdict {
  if (key.kind === "domain") return sendsForOwnDomain(key, target) ? "allowed" : "unauthenticated";
  // An unknown path answers its 404 page whatever the role, as Mailgun's front end does.
  if (target.route === undefined) return "allowed";
  const read = READ_METHODS.has(target.method);
  switch (key.role) {
    case "admin": return "allowed";
    case "developer": return read || !KEY_ROUTES.has(target.route) ? "allowed" : "forbidden";
    case "basic": return read ? "allowed" : "forbidden";
    default: return "forbidden";
  }
}
