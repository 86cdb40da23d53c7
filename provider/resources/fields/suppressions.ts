import { z } from "zod";
import { emailAddress } from "../suppression-address";
import { domainName } from "../validation";
import { adoptField, domainField, regionField } from "./common";
import { defineKind } from "./define";

/** Mailgun's limit for a tag name (the same as for a message's `o:tag`). */
const MAX_TAG = 128;

const domain = domainField("the Mailgun domain, e.g. `mg.example.com`");
const region = regionField("the domain's region");
const address = (example: string) => ({ schema: emailAddress("address"), change: "replace", description: "an email address, kept in lower case", example }) as const;

/**
 * One address on a domain's bounce list: Mailgun sends it nothing until the entry is removed.
 * A POST of a listed address overwrites its code and error, so both update in place.
 */
export const bounceFields = defineKind("Bounce", {
  domain,
  address: address("bounced@example.com"),
  code: {
    schema: z
      .number({ error: "code must be a number: the SMTP error code, e.g. 550 (the default)" })
      .int({ error: "code must be a whole number, e.g. 550" })
      .min(400, { error: "code must be an SMTP error code from 400 to 599, e.g. 550 (the default)" })
      .max(599, { error: "code must be an SMTP error code from 400 to 599, e.g. 550 (the default)" })
      .default(550),
    change: "in place",
    description: "the SMTP error code, 400 to 599",
  },
  // An SMTP reply line is at most 512 octets (RFC 5321 4.5.3.1.5): longer is no SMTP error message.
  error: {
    schema: z.string({ error: "error must be a string: the SMTP error message, e.g. \"No such mailbox\"" }).max(512, { error: "error must be at most 512 characters (an SMTP reply line's limit)" }).default(""),
    change: "in place",
    description: "the SMTP error message, at most 512 characters",
  },
  region,
  adopt: adoptField("take over a bounce Mailgun recorded for this address"),
});

/** One address on a domain's complaint list (it marked mail as spam): Mailgun sends it nothing until removed. Nothing updates in place. */
export const complaintFields = defineKind("Complaint", {
  domain,
  address: address("spam-report@example.com"),
  region,
  adopt: adoptField("take over a complaint Mailgun recorded for this address"),
});

/**
 * One address on a domain's unsubscribe list, for some tags (`*`: all of the domain's mail).
 * Mailgun adds a POST's tags to those the address has already and removes one tag with
 * `DELETE ...?tag=`, so tags update in place: added by the POST, dropped one by one.
 */
export const unsubscribeFields = defineKind("Unsubscribe", {
  domain,
  address: address("left@example.com"),
  tags: {
    schema: z
      .array(
        z
          .string({ error: 'each tag must be a string, e.g. "newsletter" or "*" for all mail' })
          .min(1, { error: 'a tag cannot be empty; use "*" for all of the domain\'s mail' })
          .refine((t) => t.trim() === t && t.trim() !== "", { error: "a tag cannot be blank or have leading or trailing spaces" })
          .max(MAX_TAG, { error: `a tag can be at most ${MAX_TAG} characters (Mailgun's limit)` })
          // eslint-disable-next-line no-control-regex
          .regex(/^[\x20-\x7e]+$/, { error: "a tag may hold only printable ASCII characters (Mailgun's rule for tags)" }),
        { error: 'tags must be a list of tag names, e.g. ["newsletter"], or ["*"] for all of the domain\'s mail' },
      )
      .min(1, { error: 'tags needs at least one tag; ["*"] (the default) unsubscribes the address from all of the domain\'s mail' })
      .superRefine((tags, ctx) => {
        const twice = [...new Set(tags.filter((t, i) => tags.indexOf(t) !== i))];
        if (twice.length) ctx.addIssue({ code: "custom", message: `tags lists ${twice.map((t) => `"${t}"`).join(", ")} more than once; list each tag once` });
        // "*" already covers every tag: with others beside it the entry means two things at once.
        if (tags.includes("*") && tags.length > 1) ctx.addIssue({ code: "custom", message: 'tags has "*" (all of the domain\'s mail) and other tags; give either ["*"] or the tags' });
      })
      .transform((tags) => [...tags].sort())
      .default(["*"]),
    change: "in place",
    description: `else tag names (1-${MAX_TAG} printable ASCII characters, each once)`,
    docs: { default: '`["*"]`: all of the domain\'s mail' },
  },
  region,
  adopt: adoptField("take over an unsubscribe Mailgun recorded for this address"),
});

const ONE_OF = "exactly one of `address` and `allowedDomain`";

/**
 * One entry of a domain's suppression allowlist (Mailgun's "whitelists"): an address, or every
 * address of a domain, that Mailgun never adds to the bounce list. Exactly one of `address` and
 * `allowedDomain`; nothing updates in place.
 */
export const suppressionAllowlistFields = defineKind("SuppressionAllowlist", {
  domain: domainField("the Mailgun domain whose allowlist holds the entry"),
  address: { schema: emailAddress("address").optional(), change: "replace", description: "one email address (kept in lower case)", docs: { default: ONE_OF }, example: "qa@example.com" },
  allowedDomain: { schema: domainName.optional(), change: "replace", description: "a domain name: all of its addresses", docs: { default: ONE_OF } },
  region,
  adopt: adoptField("take over an entry made outside the stack"),
});
