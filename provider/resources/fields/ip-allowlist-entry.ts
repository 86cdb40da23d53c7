import { z } from "zod";
import { canonicalIp, ipProblem } from "../ip-address";
import { adoptField, ownerTagField } from "./common";
import { defineKind } from "./define";

/** The list is keyed by address; only the description can change. */
export const ipAllowlistEntryFields = defineKind("IpAllowlistEntry", {
  address: {
    schema: z
      .string({ error: "address must be a string: an IP address or CIDR range, e.g. 203.0.113.50 or 203.0.113.0/24" })
      .superRefine((s, ctx) => {
        const problem = ipProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .transform(canonicalIp),
    change: "replace",
    description: "an IPv4 or IPv6 address, or a CIDR range written by its first address",
    example: "203.0.113.50",
  },
  description: { schema: z.string({ error: "description must be a string" }).default(""), change: "in place", description: "" },
  adopt: adoptField(
    "take over an entry for this address made outside the stack; its description is set to the program's, and nothing is written when it already matches (the marker is not added to an adopted entry)",
  ),
  ownerTag: ownerTagField,
});
