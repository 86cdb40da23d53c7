import { z } from "zod";
import { client } from "../runtime";
import { SuppressionInputs, emailAddress, suppressionHandler } from "./suppression";
import { domainName, optionalBoolean, region } from "./validation";

/** Mailgun's limit for a tag name (the same as for a message's `o:tag`). */
const MAX_TAG = 128;

/**
 * One address on a domain's unsubscribe list, for some tags (`*`: all of the domain's mail).
 * Mailgun adds a POST's tags to those the address has already and removes one tag with
 * `DELETE ...?tag=`, so tags update in place: added by the POST, dropped one by one.
 */
export const unsubscribeInputs = z
  .object({
    domain: domainName,
    address: emailAddress("address"),
    tags: z
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
    region: region.optional(),
    adopt: optionalBoolean("adopt").optional(),
  })
  .strict();

export type UnsubscribeInputs = z.output<typeof unsubscribeInputs> & SuppressionInputs;

export const unsubscribeHandler = suppressionHandler<UnsubscribeInputs>({
  kind: "Unsubscribe",
  table: "unsubscribes",
  noun: "unsubscribe",
  schema: unsubscribeInputs,
  fields: ["domain", "address", "tags", "region"],
  replaces: ["domain", "address", "region"],
  key: (i) => i.address ?? "",
  entry: (i) => ({ address: i.address, tags: i.tags }),
  live: (e, recorded) => ({ ...recorded, tags: [...(e.tags ?? [])].sort() }),
  // The POST added the declared tags to those the entry had: drop the ones no longer declared.
  async afterPost(i, before) {
    for (const tag of before?.tags ?? []) {
      if (!i.tags.includes(tag)) await client().suppressions.delete(i.region, i.domain, "unsubscribes", i.address, tag);
    }
  },
});
