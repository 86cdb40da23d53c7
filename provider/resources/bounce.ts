import { z } from "zod";
import { SuppressionInputs, emailAddress, suppressionHandler } from "./suppression";
import { domainName, optionalBoolean, region } from "./validation";

/**
 * One address on a domain's bounce list: Mailgun sends it nothing until the entry is removed.
 * A POST of a listed address overwrites its code and error, so both update in place.
 */
export const bounceInputs = z
  .object({
    domain: domainName,
    address: emailAddress("address"),
    code: z
      .number({ error: "code must be a number: the SMTP error code, e.g. 550 (the default)" })
      .int({ error: "code must be a whole number, e.g. 550" })
      .min(400, { error: "code must be an SMTP error code from 400 to 599, e.g. 550 (the default)" })
      .max(599, { error: "code must be an SMTP error code from 400 to 599, e.g. 550 (the default)" })
      .default(550),
    // An SMTP reply line is at most 512 octets (RFC 5321 4.5.3.1.5): longer is no SMTP error message.
    error: z.string({ error: "error must be a string: the SMTP error message, e.g. \"No such mailbox\"" }).max(512, { error: "error must be at most 512 characters (an SMTP reply line's limit)" }).default(""),
    region: region.optional(),
    adopt: optionalBoolean("adopt").optional(),
  })
  .strict();

export type BounceInputs = z.output<typeof bounceInputs> & SuppressionInputs;

export const bounceHandler = suppressionHandler<BounceInputs>({
  kind: "Bounce",
  table: "bounces",
  noun: "bounce",
  schema: bounceInputs,
  fields: ["domain", "address", "code", "error", "region"],
  replaces: ["domain", "address", "region"],
  key: (i) => i.address ?? "",
  entry: (i) => ({ address: i.address, code: String(i.code), error: i.error }),
  live: (e, recorded) => {
    const code = Number(e.code);
    // A code Mailgun holds that is not a number (an import can set anything) shows as drift, not as a crash.
    return { ...recorded, code: e.code !== undefined && Number.isInteger(code) ? code : (e.code as unknown as number), error: e.error ?? "" };
  },
});
