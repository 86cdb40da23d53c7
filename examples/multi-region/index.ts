import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

// Mailgun keeps domains, routes and webhooks per region, behind a different API host
// (api.mailgun.net and api.eu.mailgun.net). One account key works in both; each resource
// here names its region, so nothing depends on the `mailgun:region` default.
const config = new pulumi.Config();
const baseDomain = config.get("baseDomain") ?? "example.com";
const eventsUrl = config.get("eventsUrl") ?? "https://app.example.com/mailgun/events";

/** A sending domain with tracking, its event webhook and a route for replies, all in one region. */
function regionalSetup(region: mailgun.Region, name: string): mailgun.Domain {
  const domain = new mailgun.Domain(`${region}-domain`, { name, region, openTracking: true, clickTracking: "htmlonly" });
  // One endpoint for both regions: each event names its domain.
  new mailgun.Webhook(`${region}-events`, { domain: domain.name, region, url: eventsUrl, events: ["delivered", "permanent_fail", "complained"] });
  // Routes belong to a region as well: the EU API alone routes mail for the EU domain.
  new mailgun.Route(`${region}-replies`, {
    region,
    expression: `match_recipient("reply@${name}")`,
    actions: [`forward("${eventsUrl}/replies?region=${region}")`, "stop()"],
    description: `replies to ${name}`,
  });
  return domain;
}

const eu = regionalSetup("eu", `mg-eu.${baseDomain}`);
const us = regionalSetup("us", `mg-us.${baseDomain}`);

// A key that can send for the EU domain only, e.g. for the app's EU deployment.
const euKey = new mailgun.SendingKey("eu-app", { domain: eu.name, region: "eu", description: "EU app servers" });

export const dnsRecords = { eu: eu.dnsRecords, us: us.dnsRecords };
export const euSendingKey = pulumi.secret(euKey.secret);
