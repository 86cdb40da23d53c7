import type { z } from "zod";
import { SuppressionInputs, suppressionHandler } from "./suppression";
import { diffedFields, inputSchema, replacingFields } from "./fields/define";
import { suppressionAllowlistFields } from "./fields/suppressions";

export const suppressionAllowlistInputs = inputSchema(suppressionAllowlistFields);

export type SuppressionAllowlistInputs = z.output<typeof suppressionAllowlistInputs> & SuppressionInputs;

export const suppressionAllowlistHandler = suppressionHandler<SuppressionAllowlistInputs>({
  kind: "SuppressionAllowlist",
  table: "whitelists",
  noun: "allowlist entry",
  schema: suppressionAllowlistInputs,
  fields: diffedFields(suppressionAllowlistFields),
  replaces: replacingFields(suppressionAllowlistFields),
  key: (i) => i.address ?? i.allowedDomain ?? "",
  entry: (i) => (i.address !== undefined ? { address: i.address } : { domain: i.allowedDomain }),
  // Mailgun says which it is: an entry of the other type under the same value is drift.
  live: (e, recorded) => {
    const { address: _a, allowedDomain: _d, ...rest } = recorded;
    const value = e.address.toLowerCase();
    return (e.type === "domain" ? { ...rest, allowedDomain: value } : { ...rest, address: value }) as SuppressionAllowlistInputs;
  },
  refine: (news) => {
    const given = (v: unknown) => v !== undefined && v !== null;
    const both = given(news.address) && given(news.allowedDomain);
    if (!both && (given(news.address) || given(news.allowedDomain))) return undefined;
    return {
      property: both ? "allowedDomain" : "address",
      reason: `SuppressionAllowlist: [${both ? "allowedDomain" : "address"}] set exactly one of address (one email address, e.g. qa@example.com) and allowedDomain (every address of a domain, e.g. example.com)${both ? "; this entry sets both" : "; this entry sets neither"}`,
    };
  },
});
