import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

// The production mail setup, changed only through pull requests (see .github/workflows/mailgun.yml).
// Anything changed by hand in the dashboard shows up in the scheduled drift report.
const config = new pulumi.Config();
const name = config.get("domain") ?? "mg.example.com";
const region = (config.get("region") ?? "eu") as mailgun.Region;
const inboundUrl = config.get("inboundUrl") ?? "https://helpdesk.example.com/inbound/mailgun";
const failuresUrl = config.get("failuresUrl") ?? "https://app.example.com/hooks/mailgun/failures";

const domain = new mailgun.Domain("transactional", {
  name,
  region,
  openTracking: true,
  clickTracking: true,
  webScheme: "https",
  // Password of postmaster@<domain> for SMTP sending: `pulumi config set --secret smtpPassword ...`.
  smtpPassword: config.getSecret("smtpPassword"),
});

new mailgun.Route("support", {
  region,
  expression: `match_recipient("support@${name}")`,
  actions: [`forward("${inboundUrl}")`, "stop()"],
  priority: 10,
  description: "support@ to the help desk",
});

new mailgun.Webhook("failures", {
  domain: domain.name,
  region,
  url: failuresUrl,
  events: ["permanent_fail", "temporary_fail"],
});

const key = new mailgun.SendingKey("app", {
  domain: domain.name,
  region,
  description: "app servers",
});

export const dnsRecords = domain.dnsRecords;
export const sendingKey = pulumi.secret(key.secret);
