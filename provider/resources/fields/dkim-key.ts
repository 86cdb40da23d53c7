import { z } from "zod";
import { pemFacts } from "../dkim-pem";
import { optionalBoolean } from "../validation";
import { adoptField, domainField, regionField } from "./common";
import { defineKind } from "./define";

/** DNS labels joined by dots: the selector becomes the first labels of `<selector>._domainkey.<domain>`. */
const SELECTOR = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/i;
const DELETES_FIRST = "replace (deletes first: same selector)";

/** Mailgun has no update for a key's identity or material: only activation changes in place. */
export const dkimKeyFields = defineKind("DkimKey", {
  signingDomain: domainField("the domain that signs with the key (its DKIM authority); must be a Mailgun domain in `region`"),
  selector: {
    schema: z
      .string({ error: "selector must be a string such as s2025" })
      .regex(SELECTOR, { error: "selector must be one or more DNS labels (letters, digits, hyphens) separated by dots, e.g. s2025" }),
    change: "replace",
    description: "DNS labels, e.g. `s2025`; the record is `<selector>._domainkey.<signingDomain>`",
    example: "s1",
  },
  bits: {
    schema: z.union([z.literal(1024), z.literal(2048)], { error: "bits must be 1024 or 2048 (the key size Mailgun generates)" }).meta({ enumName: "DkimKeySize" }).optional(),
    change: "replace",
    description: "read back from the published key, so a key re-made by hand in another size shows as a change. Not with `pem`",
    docs: { default: "Mailgun's", change: DELETES_FIRST },
  },
  // Compared by its public key in the handler's diff.
  pem: {
    schema: z
      .string({ error: "pem must be a string holding an RSA private key in PKCS#1 PEM form" })
      .superRefine((pem, ctx) => {
        const facts = pemFacts(pem);
        if (!facts.ok) ctx.addIssue({ code: "custom", message: facts.problem });
      })
      .optional(),
    change: "replace",
    comparedByHandler: true,
    secret: true,
    description:
      "RSA private key in PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), unencrypted, at least 1024 bits, checked at preview without ever being printed. Compared by its public key: reformatting changes nothing, and a key re-made by hand under the selector shows as a change",
    docs: { change: DELETES_FIRST },
  },
  active: {
    schema: optionalBoolean("active").optional(),
    change: "in place",
    description: "whether Mailgun signs with the key; drift (activated or deactivated in the dashboard) is shown by `pulumi preview --refresh`",
    docs: { default: "left alone" },
  },
  region: regionField(),
  adopt: adoptField("take over a key that already exists under this signing domain and selector"),
}, {
  outputs: {
    dnsRecord: {
      schema: z.record(z.string(), z.unknown()),
      description: "the TXT record to publish: `type`, `name` (`<selector>._domainkey.<signingDomain>`), `value` (`k=rsa; p=...`), and Mailgun's DNS verdict `valid`: `valid`, `invalid` or `unknown`",
    },
    publicKey: { schema: z.string(), description: "the public key, base64 (the record's `p=`)" },
    keySize: { schema: z.number().int().optional(), description: "key size in bits, read from the public key" },
  },
});
