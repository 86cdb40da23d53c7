/** A Domain's inputs (the schema `check` applies), its outputs, and the fields `diff` compares. */
import { z } from "zod";
import type { Region } from "../config";
import type { DnsRecordOutput, KeyedDnsRecords } from "./dns";
import { dkimRotationInput } from "./dkim-rotation";
import { asProps } from "./types";
import { domainName, optionalBoolean, region } from "./validation";

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

export const domainInputs = z
  .object({
    name: domainName,
    region: region.optional(),
    adopt: optionalBoolean("adopt").optional(),
    forceDestroy: optionalBoolean("forceDestroy").optional(),
    spamAction: z.enum(["disabled", "block", "tag"], { error: 'spamAction must be "disabled", "block" or "tag"' }).default("disabled"),
    wildcard: optionalBoolean("wildcard").default(false),
    forceDkimAuthority: optionalBoolean("forceDkimAuthority").default(false),
    dkimKeySize: z
      .union([z.literal(1024), z.literal(2048)], { error: "dkimKeySize must be 1024 or 2048 (bits)" })
      .optional(),
    dkimSelector: z
      .string()
      .regex(atom, { error: "dkimSelector must be a single DNS label (letters, digits, hyphens; no dots), e.g. mg2025" })
      .optional(),
    webScheme: z.enum(["http", "https"], { error: 'webScheme must be "http" or "https"' }).default("http"),
    webPrefix: z
      .string()
      .regex(atom, { error: "webPrefix must be a single DNS label (letters, digits, hyphens), e.g. email" })
      .default("email"),
    requireTls: optionalBoolean("requireTls").default(false),
    skipVerification: optionalBoolean("skipVerification").default(false),
    useAutomaticSenderSecurity: optionalBoolean("useAutomaticSenderSecurity").default(false),
    smtpPassword: z
      .string({ error: "smtpPassword must be a string" })
      .min(5, { error: "smtpPassword must be 5 to 32 characters long (Mailgun's rule)" })
      .max(32, { error: "smtpPassword must be 5 to 32 characters long (Mailgun's rule)" })
      .optional(),
    openTracking: optionalBoolean("openTracking").default(false),
    clickTracking: z
      .union([z.boolean(), z.literal("htmlonly")], { error: 'clickTracking must be true, false or "htmlonly"' })
      .default(false),
    unsubscribeTracking: optionalBoolean("unsubscribeTracking").default(false),
    unsubscribeHtmlFooter: unsubscribeFooter("unsubscribeHtmlFooter", '<a href="%unsubscribe_url%">Unsubscribe</a>'),
    unsubscribeTextFooter: unsubscribeFooter("unsubscribeTextFooter", "To unsubscribe: %unsubscribe_url%"),
    dkimRotation: dkimRotationInput.optional(),
  })
  .strict();

export type DomainInputs = z.output<typeof domainInputs> & { region: Region };

export interface DomainOutputs extends DomainInputs {
  domainId: string;
  state: string;
  type: string;
  smtpLogin: string;
  createdAt: string;
  sendingDnsRecords: DnsRecordOutput[];
  receivingDnsRecords: DnsRecordOutput[];
  dnsRecords: KeyedDnsRecords;
  /** dnsDigest of the records last handed to the program (create/update); a refresh keeps it. */
  dnsDigest?: string;
  /** When this provider last wrote the domain (epoch ms): a read soon after waits out Mailgun's stale answers. */
  writtenAt?: number;
  /** The inputs the program set; `read` returns only these, so a refresh does not invent inputs. */
  inputKeys?: string[];
}

/** Fields compared by diff; every one updates in place unless listed in REPLACES. */
export const FIELDS = [
  "name", "region", "spamAction", "wildcard", "forceDkimAuthority", "dkimKeySize", "dkimSelector", "webScheme",
  "webPrefix", "requireTls", "skipVerification", "useAutomaticSenderSecurity", "smtpPassword", "openTracking",
  "clickTracking", "unsubscribeTracking", "unsubscribeHtmlFooter", "unsubscribeTextFooter", "dkimRotation", "forceDestroy",
] as const;
/** Mailgun cannot rename a domain, move it between regions, or change its DKIM key size. */
export const REPLACES = ["name", "region", "dkimKeySize"] as const;

export function inputKeysOf(inputs: DomainInputs): string[] {
  return [...FIELDS, "adopt"].filter((f) => asProps(inputs)[f] !== undefined);
}
