import { z } from "zod";
import { adoptField, domainField, regionField } from "./common";
import { defineKind } from "./define";

/** RFC 5322 atoms joined by dots: what a mailbox name may hold. At most 64 characters (RFC 5321). */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const PASSWORD_RULE = "password must be 5 to 32 characters long (Mailgun's rule)";

/** Mailgun has no rename: a credential is its domain and login. Only the password changes in place. */
export const domainCredentialFields = defineKind("DomainCredential", {
  domain: domainField(),
  /** The local part, or the full address: check reduces it to the local part. */
  login: {
    schema: z
      .string({ error: 'login must be a string: the SMTP user name, e.g. "alice" or "alice@mg.example.com"' })
      .transform((s) => s.trim().toLowerCase())
      .refine((s) => {
        const at = s.lastIndexOf("@");
        const local = at < 0 ? s : s.slice(0, at);
        return local.length > 0 && local.length <= 64 && LOCAL_PART.test(local);
      }, {
        error: (iss) =>
          `"${String(iss.input)}" is not an SMTP login; use a user name such as "alice" or "alice@mg.example.com" ` +
          "(letters, digits and ._+- and other e-mail address characters, at most 64 before the @, no spaces)",
      }),
    change: "replace",
    description: "`alice` or `alice@<domain>` (the same credential; stored as the local part, in lower case)",
    example: "alice",
  },
  password: {
    schema: z.string({ error: "password must be a string" }).min(5, { error: PASSWORD_RULE }).max(32, { error: PASSWORD_RULE }).optional(),
    change: "in place",
    secret: true,
    description: "5 to 32 characters; always a Pulumi secret; as an output, the one Mailgun generated when none is set, empty when unknown (adopted without a password)",
    docs: { default: "none: Mailgun generates one" },
  },
  region: regionField("the domain's region"),
  adopt: adoptField("take over an existing login (see below)"),
}, {
  outputs: { address: { schema: z.string(), description: "the full login, `<login>@<domain>`: the SMTP user name" } },
});
