import { z } from "zod";
import { CATEGORIES } from "../verification-records";
import { domainField, regionField } from "./common";
import { defineKind } from "./define";

export const MIN_TIMEOUT_S = 5;
/** A longer wait holds the whole `pulumi up` (and the stack's lock); publish the records first and run up again instead. */
export const MAX_TIMEOUT_S = 7200;
export const DEFAULT_TIMEOUT_S = 600;

const categoriesMessage = `waitFor must be a non-empty list of "sending", "receiving" and "tracking", e.g. ["sending"]`;

/** Another domain or region is another verification; nothing at Mailgun is deleted either way. */
export const domainVerificationFields = defineKind("DomainVerification", {
  domain: { ...domainField(), docs: { change: "replace (nothing changes at Mailgun)" } },
  region: regionField(),
  waitFor: {
    schema: z
      .array(z.enum(CATEGORIES, { error: categoriesMessage }).meta({ enumName: "VerificationCategory" }), { error: categoriesMessage })
      .min(1, { error: categoriesMessage })
      .refine((cs) => new Set(cs).size === cs.length, { error: (iss) => `waitFor lists ${[...new Set((iss.input as string[]).filter((c, i, a) => a.indexOf(c) !== i))].map((c) => `"${c}"`).join(", ")} more than once; list each category once` })
      // One canonical order, so ["tracking", "sending"] and ["sending", "tracking"] are the same input.
      .transform((cs) => CATEGORIES.filter((c) => cs.includes(c)))
      .default(["sending"]),
    change: "in place",
    description: "each category once; see below",
    docs: { type: '(`"sending"` \\| `"receiving"` \\| `"tracking"`)[]', change: "in place (the new categories are checked)" },
  },
  timeoutSeconds: {
    schema: z
      .number({ error: `timeoutSeconds must be a number of seconds from ${MIN_TIMEOUT_S} to ${MAX_TIMEOUT_S}, e.g. 600` })
      .int({ error: "timeoutSeconds must be a whole number of seconds" })
      .min(MIN_TIMEOUT_S, { error: `timeoutSeconds must be at least ${MIN_TIMEOUT_S} (seconds)` })
      .max(MAX_TIMEOUT_S, {
        error: `timeoutSeconds must be at most ${MAX_TIMEOUT_S} (2 hours): a longer wait holds the whole pulumi up; publish the DNS records first, then run pulumi up again`,
      })
      .default(DEFAULT_TIMEOUT_S),
    change: "in place",
    description: `from ${MIN_TIMEOUT_S} to ${MAX_TIMEOUT_S}`,
    docs: { change: "in place (no call when the domain is verified)" },
  },
}, {
  // Not among the resources whose failures name each other: the SDK passes no declared name.
  declaredAs: false,
  outputs: {
    state: { schema: z.string(), description: "Mailgun's state of the domain: `active`, `unverified` or `disabled`" },
    records: {
      schema: z.array(z.record(z.string(), z.unknown())),
      description: "the records of the categories in `waitFor`, each `{ category, type, name, value, priority?, valid }` where `valid` is what Mailgun last saw in DNS (`valid`, `invalid`, or `unknown` before any check)",
    },
  },
});
