import { z } from "zod";
import { domainName } from "../validation";
import { domainField, ownerTagField, regionField } from "./common";
import { defineKind } from "./define";

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

/** The input fields every key resource has. */
const keyDescription = z.string({ error: "description must be a string" }).max(200, { error: "description must be at most 200 characters" }).default("");
const keyExpiration = z
  .number({ error: "expiration must be a number of seconds, e.g. 7776000 for 90 days" })
  .int({ error: "expiration must be a whole number of seconds" })
  .positive({ error: "expiration must be more than 0 seconds; leave it out for a key that does not expire" })
  .max(TEN_YEARS_S, { error: `expiration must be at most ${TEN_YEARS_S} seconds (10 years)` })
  .optional();
const keyRotation = z.string({ error: "rotation must be a string (change it to rotate the key)" }).optional();

export const KEY_ROLES = ["admin", "basic", "sending", "developer"] as const;
export const KEY_KINDS = ["user", "domain", "web"] as const;

/** Mailgun has no update of a key: every change makes a new one (new key first, then the old one is deleted). */
const replace = (description: string, docs?: { type?: string; default?: string }) => ({ change: "replace", description, ...(docs ? { docs } : {}) }) as const;
const ROTATION = replace("change it to rotate the key (new key first, then the old one is deleted)");
const KEY_OUTPUTS = {
  keyId: { schema: z.string(), description: "Mailgun's id of the key (also the resource id)" },
  secret: { schema: z.string(), description: "the key itself", secret: true },
  createdAt: { schema: z.string(), description: "when Mailgun created the key" },
  expiresAt: { schema: z.string().optional(), description: "when it expires, if it does" },
} as const;

export const sendingKeyFields = defineKind("SendingKey", {
  domain: domainField(),
  description: { schema: keyDescription, ...replace("at most 200 characters") },
  expiration: { schema: keyExpiration, ...replace("seconds, more than 0, at most 315360000 (10 years)") },
  rotation: { schema: keyRotation, ...ROTATION },
  region: regionField(),
  ownerTag: ownerTagField,
}, { outputs: KEY_OUTPUTS });

const FOR_WEB = "required for kind `web`, refused for the others";

export const apiKeyFields = defineKind("ApiKey", {
  role: {
    schema: z.enum(KEY_ROLES, {
      error: (iss) => (iss.input === undefined ? `role is required: one of ${KEY_ROLES.join(", ")}` : `role "${String(iss.input)}" is not a Mailgun key role; use one of ${KEY_ROLES.join(", ")}`),
    }).meta({ enumName: "KeyRole" }),
    ...replace("`basic` is read-only (Mailgun's \"analyst\"); `sending` is for kind `domain` only, and required there"),
    example: "developer",
  },
  kind: {
    schema: z.enum(KEY_KINDS, { error: (iss) => `kind "${String(iss.input)}" is not a Mailgun key kind; use one of ${KEY_KINDS.join(", ")}` }).meta({ enumName: "KeyKind" }).default("user"),
    ...replace(""),
  },
  domainName: { schema: domainName.optional(), ...replace("", { default: "required for kind `domain`, refused for the others" }) },
  description: { schema: keyDescription, ...replace("at most 200 characters") },
  expiration: { schema: keyExpiration, ...replace("seconds, more than 0; kind `web`: at most 86400, and Mailgun makes a web key expire after one day anyway") },
  email: {
    schema: z
      .string({ error: "email must be a string" })
      .refine((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), { error: (iss) => `email "${String(iss.input)}" is not an email address, e.g. jane@example.com` })
      .optional(),
    ...replace("", { default: FOR_WEB }),
  },
  userId: { schema: z.string({ error: "userId must be a string" }).min(1, { error: "userId must not be empty" }).optional(), ...replace("", { default: FOR_WEB }) },
  userName: { schema: z.string({ error: "userName must be a string" }).max(200, { error: "userName must be at most 200 characters" }).optional(), ...replace("") },
  rotation: { schema: keyRotation, ...replace("change it to rotate the key") },
  region: regionField("keys are account-wide; this picks the API endpoint"),
  ownerTag: ownerTagField,
}, {
  outputs: {
    ...KEY_OUTPUTS,
    isDisabled: { schema: z.boolean(), description: "whether Mailgun has disabled the key (in the dashboard, or by Mailgun itself); a disabled key is replaced" },
  },
});
