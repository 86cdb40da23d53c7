import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

// The domain, its billing route and its bounce webhook already exist: someone made them in the
// Mailgun dashboard. `pulumi import` cannot take over dynamic resources, so each resource says
// `adopt: true`: the first `pulumi up` finds the object (same domain name and region, same route
// expression, same webhook URL), records it instead of creating a second one, and updates its
// settings to what is written here. From then on Pulumi owns it, and `pulumi destroy` deletes it.
const config = new pulumi.Config();
const name = config.get("domain") ?? "mg.legacy.example.com";

const domain = new mailgun.Domain("legacy", {
  name,
  region: "us",
  adopt: true,
  // Settings written down while adopting: whatever the dashboard had is replaced by these.
  spamAction: "block",
  clickTracking: true,
});

new mailgun.Route("billing", {
  region: "us",
  adopt: true,
  // The expression identifies the route: it must match the existing one exactly.
  expression: `match_recipient("billing@${name}")`,
  actions: ['forward("https://billing.example.com/inbound")', "stop()"],
  priority: 5,
  description: "billing@ mail to the billing system",
});

// A webhook takes over its own URL whenever it is already subscribed; adopt only documents intent.
new mailgun.Webhook("bounces", {
  domain: domain.name,
  region: "us",
  adopt: true,
  url: "https://billing.example.com/mailgun/bounces",
  events: ["permanent_fail"],
});

export const domainId = domain.domainId;
export const dnsRecords = domain.dnsRecords;
