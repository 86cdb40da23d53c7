import { z } from "zod";
import { SuppressionInputs, emailAddress, suppressionHandler } from "./suppression";
import { domainName, optionalBoolean, region } from "./validation";

/** One address on a domain's complaint list (it marked mail as spam): Mailgun sends it nothing until removed. Nothing updates in place. */
export const complaintInputs = z
  .object({
    domain: domainName,
    address: emailAddress("address"),
    region: region.optional(),
    adopt: optionalBoolean("adopt").optional(),
  })
  .strict();

export type ComplaintInputs = z.output<typeof complaintInputs> & SuppressionInputs;

export const complaintHandler = suppressionHandler<ComplaintInputs>({
  kind: "Complaint",
  table: "complaints",
  noun: "complaint",
  schema: complaintInputs,
  fields: ["domain", "address", "region"],
  replaces: ["domain", "address", "region"],
  key: (i) => i.address ?? "",
  entry: (i) => ({ address: i.address }),
  live: (_e, recorded) => recorded,
});
