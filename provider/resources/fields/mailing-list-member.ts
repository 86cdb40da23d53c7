import { z } from "zod";
import { emailAddress } from "../email-address";
import { optionalBoolean } from "../validation";
import { adoptField, regionField } from "./common";
import { defineKind } from "./define";

/** A member is its list and address (Mailgun's PUT could move it, but the resource is that pair): only its details change in place. */
export const mailingListMemberFields = defineKind("MailingListMember", {
  list: {
    schema: emailAddress("list", "devs@mg.example.com"),
    change: "replace",
    description: "the list's address (pass `list.address` of a `MailingList`)",
    example: "devs@mg.example.com",
  },
  address: { schema: emailAddress("address", "jane@example.com"), change: "replace", description: "an e-mail address, stored in lower case", example: "jane@example.com" },
  name: { schema: z.string({ error: "name must be a string" }).default(""), change: "in place", description: "" },
  vars: {
    schema: z
      .record(z.string(), z.unknown(), { error: 'vars must be an object, e.g. { plan: "pro", age: 27 }' })
      .refine((v) => { try { return JSON.stringify(v).length <= 10_000; } catch { return false; } }, { error: "vars must be JSON data of at most 10,000 characters" })
      .default({}),
    change: "in place",
    description: 'any JSON object, compared as JSON (key order and spelling of numbers do not matter; `5` and `"5"` differ)',
  },
  subscribed: { schema: optionalBoolean("subscribed").default(true), change: "in place", description: "" },
  region: regionField("", "replace (set the list's region)"),
  adopt: adoptField("upsert: take over a member already on the list (see below)"),
});
