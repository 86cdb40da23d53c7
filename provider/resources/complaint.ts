import type { z } from "zod";
import { SuppressionInputs, suppressionHandler } from "./suppression";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { complaintFields } from "./fields/suppressions";

export const complaintInputs = inputSchema(complaintFields);

export type ComplaintInputs = z.output<typeof complaintInputs> & SuppressionInputs;

export const complaintHandler = suppressionHandler<ComplaintInputs>({
  kind: "Complaint",
  table: "complaints",
  noun: "complaint",
  schema: complaintInputs,
  fields: diffedFields(complaintFields),
  replaces: replacingFields(complaintFields),
  key: (i) => i.address ?? "",
  entry: (i) => ({ address: i.address }),
  live: (_e, recorded) => recorded,
});
