import type { z } from "zod";
import { client } from "../runtime";
import { SuppressionInputs, suppressionHandler } from "./suppression";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { unsubscribeFields } from "./fields/suppressions";

export const unsubscribeInputs = inputSchema(unsubscribeFields);

export type UnsubscribeInputs = z.output<typeof unsubscribeInputs> & SuppressionInputs;

export const unsubscribeHandler = suppressionHandler<UnsubscribeInputs>({
  kind: "Unsubscribe",
  table: "unsubscribes",
  noun: "unsubscribe",
  schema: unsubscribeInputs,
  fields: diffedFields(unsubscribeFields),
  replaces: replacingFields(unsubscribeFields),
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
