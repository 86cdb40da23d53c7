import { z } from "zod";
import { dkimRotationInput } from "../dkim-rotation";
import { domainName, optionalBoolean } from "../validation";
import { adoptField, forceDestroyField, regionField } from "./common";
import { defineKind } from "./define";

const atom = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Mailgun puts the recipient's own unsubscribe link where the footer says %unsubscribe_url%; a footer without it unsubscribes nobody. */
function unsubscribeFooter(field: string, example: string) {
  return z
    .string({ error: `${field} must be a string` })
    .refine((s) => s.includes("%unsubscribe_url%"), {
      error: `${field} must contain %unsubscribe_url% (Mailgun replaces it with the recipient's unsubscribe link), e.g. ${JSON.stringify(example)}`,
    })
    .optional();
}

const setting = (name: string, description = "") => ({ schema: optionalBoolean(name).default(false), change: "in place", description }) as const;
const FOOTER = { change: "in place", description: "must contain `%unsubscribe_url%` (checked at preview)", docs: { default: "Mailgun's" } } as const;

/** Mailgun cannot rename a domain, move it between regions, or change its DKIM key size: those replace. */
export const domainFields = defineKind("Domain", {
  name: { schema: domainName, change: "replace", description: "lower-cased; a domain name is unique across regions", example: "mg.example.com" },
  region: regionField("", "replace (deletes first: same name)"),
  adopt: adoptField("take over an existing domain of that name instead of failing"),
  forceDestroy: forceDestroyField("let a delete take everything the domain holds, declared by other resources or by none (see below)"),
  spamAction: {
    schema: z.enum(["disabled", "block", "tag"], { error: 'spamAction must be "disabled", "block" or "tag"' }).default("disabled"),
    change: "in place",
    description: "",
  },
  wildcard: setting("wildcard"),
  forceDkimAuthority: setting("forceDkimAuthority", "not readable from Mailgun: drift is not detected"),
  dkimKeySize: {
    schema: z.union([z.literal(1024), z.literal(2048)], { error: "dkimKeySize must be 1024 or 2048 (bits)" }).meta({ enumName: "DkimKeySize" }).optional(),
    change: "replace",
    description: "read back from the DKIM record",
    docs: { default: "Mailgun's", change: "replace (deletes first)" },
  },
  dkimSelector: {
    schema: z.string().regex(atom, { error: "dkimSelector must be a single DNS label (letters, digits, hyphens; no dots), e.g. mg2025" }).optional(),
    change: "in place",
    description: "read back from the DKIM record",
    docs: { default: "Mailgun's" },
  },
  webScheme: { schema: z.enum(["http", "https"], { error: 'webScheme must be "http" or "https"' }).default("http"), change: "in place", description: "" },
  webPrefix: {
    schema: z.string().regex(atom, { error: "webPrefix must be a single DNS label (letters, digits, hyphens), e.g. email" }).default("email"),
    change: "in place",
    description: "",
  },
  requireTls: setting("requireTls"),
  skipVerification: setting("skipVerification"),
  useAutomaticSenderSecurity: setting("useAutomaticSenderSecurity"),
  smtpPassword: {
    schema: z
      .string({ error: "smtpPassword must be a string" })
      .min(5, { error: "smtpPassword must be 5 to 32 characters long (Mailgun's rule)" })
      .max(32, { error: "smtpPassword must be 5 to 32 characters long (Mailgun's rule)" })
      .optional(),
    change: "in place",
    secret: true,
    description: "5-32 characters, write-only (never read back): the password of `postmaster@<name>`",
  },
  openTracking: setting("openTracking"),
  clickTracking: {
    schema: z.union([z.boolean(), z.literal("htmlonly")], { error: 'clickTracking must be true, false or "htmlonly"' }).default(false),
    change: "in place",
    description: '`true`, `false`, `"htmlonly"`',
  },
  unsubscribeTracking: setting("unsubscribeTracking"),
  unsubscribeHtmlFooter: { schema: unsubscribeFooter("unsubscribeHtmlFooter", '<a href="%unsubscribe_url%">Unsubscribe</a>'), ...FOOTER },
  unsubscribeTextFooter: { schema: unsubscribeFooter("unsubscribeTextFooter", "To unsubscribe: %unsubscribe_url%"), ...FOOTER },
  dkimRotation: {
    schema: dkimRotationInput.optional(),
    change: "in place",
    description:
      'automatic rotation of the DKIM keys Mailgun hosts for Automatic Sender Security; needs `useAutomaticSenderSecurity: true`. `interval`: days or hours (`"7d"`, `"168h"`), at least 5 days, only with `enabled: true` (all checked at preview). Read back only while the program sets it; removing it stops managing it (Mailgun keeps its setting)',
    docs: { type: "`{ enabled, interval? }`", default: "left alone" },
  },
}, {
  outputs: {
    domainId: { schema: z.string(), description: "Mailgun's id of the domain" },
    state: { schema: z.string(), description: "`unverified`, `active` or `disabled`" },
    type: { schema: z.string(), description: "`custom` or `sandbox`" },
    smtpLogin: { schema: z.string(), description: "the default SMTP login, `postmaster@<name>`" },
    createdAt: { schema: z.string(), description: "when Mailgun created the domain (RFC 1123)" },
    sendingDnsRecords: { schema: z.array(z.record(z.string(), z.unknown())), description: "records for sending (SPF, DKIM, tracking CNAME), in a stable order" },
    receivingDnsRecords: { schema: z.array(z.record(z.string(), z.unknown())), description: "records for receiving (MX), ordered by priority" },
    dnsRecords: { schema: z.record(z.string(), z.unknown()), description: "the same records by purpose (`spf`, `dkim`, `tracking`, `mx`)" },
  },
});
