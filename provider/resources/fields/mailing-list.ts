import { z } from "zod";
import { emailAddress } from "../email-address";
import { adoptField, forceDestroyField, regionField } from "./common";
import { defineKind } from "./define";

const MAX_NAME = 255;
const MAX_DESCRIPTION = 1_024;

export const ACCESS_LEVELS = ["readonly", "members", "everyone"] as const;
export const REPLY_PREFERENCES = ["list", "sender"] as const;

export const mailingListFields = defineKind("MailingList", {
  address: {
    schema: emailAddress("address", "devs@mg.example.com"),
    change: "in place",
    description: "an e-mail address, stored in lower case",
    docs: { change: "in place (Mailgun renames the list; see below)" },
    example: "devs@mg.example.com",
  },
  // Mailgun documents no limits; these keep a mistake (a file pasted in) from reaching it.
  name: {
    schema: z.string({ error: "name must be a string" }).max(MAX_NAME, { error: `name must be at most ${MAX_NAME} characters` }).default(""),
    change: "in place",
    description: `at most ${MAX_NAME} characters`,
  },
  description: {
    schema: z.string({ error: "description must be a string" }).max(MAX_DESCRIPTION, { error: `description must be at most ${MAX_DESCRIPTION} characters` }).default(""),
    change: "in place",
    description: `at most ${MAX_DESCRIPTION} characters`,
  },
  accessLevel: {
    schema: z.enum(ACCESS_LEVELS, { error: 'accessLevel must be "readonly", "members" or "everyone" (who may post to the list)' }).default("readonly"),
    change: "in place",
    description: "who may post: `readonly` (only through the API), `members`, `everyone`",
  },
  replyPreference: {
    schema: z.enum(REPLY_PREFERENCES, { error: 'replyPreference must be "list" or "sender" (where replies go)' }).default("list"),
    change: "in place",
    description: "where replies go",
  },
  region: regionField(),
  adopt: adoptField("take over a list that exists at the address (see below)"),
  forceDestroy: forceDestroyField("a delete or replacement never takes members with it unless set (see below)"),
}, {
  outputs: {
    membersCount: {
      schema: z.number().int(),
      description:
        "how many members the list had when Pulumi last read it (create, update, refresh). Members come and go — sign-ups, unsubscribes, bulk uploads, `MailingListMember` resources — so it is never compared: a new count is no diff, no drift and no update of the list. A list made in the same run as its members shows the count before them until the next refresh.",
    },
    createdAt: { schema: z.string(), description: "when Mailgun made the list (`Sun, 26 Jan 2025 07:29:27 -0000`)" },
  },
});
