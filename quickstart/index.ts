import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

/**
 * A realistic Mailgun setup: a sending domain with open and click tracking, an inbound route
 * for the support address, a webhook for delivery failures and a sending key for the app.
 *
 * scripts/quickstart.sh runs it against the local emulator; the same program runs against a
 * real account once mailgun:apiKey is a real key and the emulator URLs are removed from config.
 * Resources take their region from `mailgun:region` (the script sets `eu`).
 */
const config = new pulumi.Config();
const name = config.get("domain") ?? "mg.example.com";
const inboundUrl = config.get("inboundUrl") ?? "https://app.example.com/mailgun/inbound";
const failureUrl = config.get("failureWebhookUrl") ?? "https://app.example.com/mailgun/delivery-failures";

const domain = new mailgun.Domain("mail", {
  name,
  openTracking: true,
  clickTracking: true,
  // Tracking links are served from email.<domain>; https needs the tracking CNAME below.
  webScheme: "https",
  spamAction: "tag",
});

new mailgun.Route("support-inbox", {
  expression: `match_recipient("support@${name}")`,
  actions: [`forward("${inboundUrl}")`, "stop()"],
  priority: 10,
  description: "support@ mail to the help desk",
});

new mailgun.Webhook("delivery-failures", {
  domain: domain.name,
  url: failureUrl,
  events: ["permanent_fail", "temporary_fail"],
});

const appKey = new mailgun.SendingKey("app", {
  domain: domain.name,
  description: "app servers",
});

export const domainName = domain.name;
export const region = domain.region;
/** The records to add at your DNS provider: SPF, DKIM, the tracking CNAME and MX. */
export const dnsRecords = domain.dnsRecords;
/** Read it with `pulumi stack output --show-secrets sendingKey`. */
export const sendingKey = pulumi.secret(appKey.secret);
