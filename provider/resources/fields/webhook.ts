import { z } from "zod";
import { httpUrl } from "../validation";
import { adoptField, domainField, regionField } from "./common";
import { defineKind } from "./define";

export const WEBHOOK_EVENTS = [
  "accepted", "clicked", "complained", "delivered", "opened", "permanent_fail", "temporary_fail", "unsubscribed",
] as const;

/** A list of Mailgun events, each once, kept sorted. */
export function webhookEvents(field: string) {
  return z
    .array(z.enum(WEBHOOK_EVENTS, { error: (iss) => `"${String(iss.input)}" is not a Mailgun webhook event; use one of ${WEBHOOK_EVENTS.join(", ")}` }).meta({ enumName: "WebhookEvent" }), {
      error: `${field} must be a list of Mailgun event names (${WEBHOOK_EVENTS.join(", ")})`,
    })
    .min(1, { error: `${field} needs at least one of ${WEBHOOK_EVENTS.join(", ")}` })
    .superRefine((events, ctx) => {
      const twice = [...new Set(events.filter((e, i) => events.indexOf(e) !== i))];
      // Mailgun refuses it too (400 "duplicate event types").
      if (twice.length) ctx.addIssue({ code: "custom", message: `${field} lists ${twice.map((e) => `"${e}"`).join(", ")} more than once; list each event once` });
    })
    .transform((events) => [...events].sort());
}

export const EVENTS_DESCRIPTION = `any of ${WEBHOOK_EVENTS.map((e) => `\`${e}\``).join(", ")}, each once`;
const URL_TYPE = "string (pass it as a secret if it carries a token)";

export const webhookFields = defineKind("Webhook", {
  domain: domainField(),
  url: { schema: httpUrl, change: "replace", mayHoldSecret: true, description: "an absolute `http(s)` URL", docs: { type: URL_TYPE }, example: "https://example.com/hooks/mailgun" },
  events: { schema: webhookEvents("events"), change: "in place", description: EVENTS_DESCRIPTION, docs: { type: "string[]" }, example: ["delivered"] },
  region: regionField(),
  adopt: adoptField("accepted for uniformity: a Webhook takes its URL over without it"),
});

export const accountWebhookFields = defineKind("AccountWebhook", {
  url: { schema: httpUrl, change: "in place", mayHoldSecret: true, description: "an absolute `http(s)` URL", docs: { type: URL_TYPE }, example: "https://example.com/hooks/account" },
  eventTypes: { schema: webhookEvents("eventTypes"), change: "in place", description: EVENTS_DESCRIPTION, docs: { type: "string[]" }, example: ["delivered"] },
  description: {
    schema: z.string({ error: "description must be a string" }).max(1024, { error: "description must be at most 1024 characters" }).default(""),
    change: "in place",
    description: "at most 1024 characters (our limit, Mailgun documents none)",
  },
  region: regionField("account webhooks are set per region"),
  adopt: adoptField("take over an account webhook that already sends to `url`"),
}, {
  outputs: { webhookId: { schema: z.string(), description: "Mailgun's id of the webhook (also the resource id)" } },
});
