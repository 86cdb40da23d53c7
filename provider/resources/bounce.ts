import type { z } from "zod";
import { SuppressionInputs, suppressionHandler } from "./suppression";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { bounceFields } from "./fields/suppressions";

export const bounceInputs = inputSchema(bounceFields);

export type BounceInputs = z.output<typeof bounceInputs> & SuppressionInputs;

export const bounceHandler = suppressionHandler<BounceInputs>({
  kind: "Bounce",
  table: "bounces",
  noun: "bounce",
  schema: bounceInputs,
  fields: diffedFields(bounceFields),
  replaces: replacingFields(bounceFields),
  key: (i) => i.address ?? "",
  entry: (i) => ({ address: i.address, code: String(i.code), error: i.error }),
  live: (e, recorded) => {
    const code = Number(e.code);
    // A code Mailgun holds that is not a number (an import can set anything) shows as drift, not as a crash.
    return { ...recorded, code: e.code !== undefined && Number.isInteger(code) ? code : (e.code as unknown as number), error: e.error ?? "" };
  },
});
