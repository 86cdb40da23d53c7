/**
 * Words for a 403: what the call tried to do, named from its method and path, and which key role
 * it needs. Mirrors the role rules the emulator enforces (emulator/models/permissions.ts: basic is
 * read-only, only admin keys manage API keys, a sending key only sends). Never sees the key.
 */

/** Path segment after `/domains/{d}/` -> what it holds. */
const DOMAIN_CHILDREN: Record<string, string> = {
  credentials: "SMTP credentials",
  webhooks: "webhooks",
  tracking: "tracking settings",
  connection: "connection settings",
  dkim_authority: "the DKIM authority",
  dkim_selector: "the DKIM selector",
  keys: "DKIM keys",
  web_prefix: "the web prefix",
  ips: "IP assignments",
};

const VERBS: Record<string, string> = { GET: "read", HEAD: "read", POST: "create", PUT: "update", PATCH: "update", DELETE: "delete" };

interface Permission {
  /** e.g. `create domains`, `update tracking settings of domains`. */
  action: string;
  /** e.g. `the admin or developer role`. */
  needs: string;
  /** Which other keys fall short, in brackets after `needs`. */
  why: string;
}

function objectOf(segments: string[]): { object: string; special?: string } {
  const [family, , child] = segments;
  if (segments[1] === "messages" || segments[1] === "messages.mime") return { object: "messages", special: "send messages" };
  if (family === "domains") {
    if (child === "verify") return { object: "domains", special: "verify domains" };
    if (child && DOMAIN_CHILDREN[child]) return { object: `${DOMAIN_CHILDREN[child]} of domains` };
    return { object: "domains" };
  }
  if (family === "routes") return { object: "routes" };
  if (family === "keys") return { object: "API keys" };
  if (family === "webhooks") return { object: "account webhooks" };
  return { object: family ? family.replace(/_/g, " ") : "this resource" };
}

export function permissionFor(method: string, path: string): Permission {
  // `/v4/domains/mg.x.com/webhooks` -> ["domains", "mg.x.com", "webhooks"]
  const segments = path.split("/").filter(Boolean);
  if (/^v\d+$/.test(segments[0] ?? "")) segments.shift();
  const verb = VERBS[method.toUpperCase()] ?? method.toLowerCase();
  const { object, special } = objectOf(segments);
  const action = special ?? `${verb} ${object}`;
  if (verb === "read") {
    return { action, needs: "the admin, developer or basic role", why: "a sending key can only send" };
  }
  if (object === "API keys") {
    return { action, needs: "the admin role", why: "a developer key cannot manage API keys, a basic key is read-only, a sending key can only send" };
  }
  if (object === "messages") {
    return { action, needs: "the admin or developer role, or a sending key of that domain", why: "a basic key is read-only" };
  }
  return { action, needs: "the admin or developer role", why: "a basic key is read-only, a sending key can only send" };
}

/** The text after `403 Forbidden: `. */
export function explainForbidden(method: string, path: string): string {
  const p = permissionFor(method, path);
  return `the API key (mailgun:apiKey) is not allowed to ${p.action}; it needs ${p.needs} (${p.why}). `
    + "Use the account's primary key or an admin key.";
}
