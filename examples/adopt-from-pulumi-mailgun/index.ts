import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

// The "after" program of docs/migrating/from-pulumi-mailgun.md. A @pulumi/mailgun program made
// these objects; they were removed from its stack with `pulumi state delete` (Mailgun keeps
// them), and every resource here says `adopt: true`, so the first `pulumi up` records the
// existing objects instead of creating them. Each setting below is written as the old program
// had it: a setting written differently would be changed at Mailgun by that first `up`.
const config = new pulumi.Config();
const name = config.get("domain") ?? "mg.acme-shop.example.com";

const domain = new mailgun.Domain("acme", {
  name,
  region: "us",
  adopt: true,
  spamAction: "disabled",
  webScheme: "https",
  openTracking: true,
  clickTracking: false,
  // The same secret the old stack used (`pulumi config cp` copies it). Mailgun never shows a
  // password, so adopting sends it once; Mailgun refuses it as "the same as the old one", and
  // nothing changes.
  smtpPassword: config.requireSecret("smtpPassword"),
});

new mailgun.Route("support", {
  region: "us",
  adopt: true,
  // A route is found by its expression: it must be the old one, character for character.
  expression: `match_recipient("support@${name}")`,
  actions: ['forward("https://helpdesk.acme-shop.example.com/inbound")', "stop()"],
  priority: 10,
  description: "support@ to the help desk",
});

new mailgun.Route("returns", {
  region: "us",
  adopt: true,
  expression: `match_recipient("returns@${name}")`,
  actions: ['store(notify="https://api.acme-shop.example.com/mail/returns")'],
  priority: 20,
  description: "returns@ stored, the shop is notified",
});

// @pulumi/mailgun had one Webhook per event holding a list of URLs (`kind` + `urls`). Here a
// Webhook is one URL with the list of its events: the two old lists become two resources.
//   old: delivered -> [app]; permanent_fail -> [app, alerts]; complained -> [alerts]
new mailgun.Webhook("app-events", {
  domain: domain.name,
  region: "us",
  adopt: true,
  url: "https://api.acme-shop.example.com/hooks/mailgun",
  events: ["delivered", "permanent_fail"],
});

new mailgun.Webhook("alerts", {
  domain: domain.name,
  region: "us",
  adopt: true,
  url: "https://alerts.acme-shop.example.com/mailgun",
  events: ["complained", "permanent_fail"],
});

// The one deliberate change of this migration: a URL the old program never had. A new object,
// so no `adopt`; it is added next to the adopted URLs, which it leaves alone.
new mailgun.Webhook("analytics", {
  domain: domain.name,
  region: "us",
  url: "https://analytics.acme-shop.example.com/mailgun",
  events: ["opened"],
});

const app = new mailgun.DomainCredential("app-smtp", {
  domain: domain.name,
  region: "us",
  adopt: true,
  login: "app",
  password: config.requireSecret("appSmtpPassword"),
});

export const domainId = domain.domainId;
// Was `domain.sendingRecordsSets` / `receivingRecordsSets`: the same records, keyed by purpose.
export const dnsRecords = domain.dnsRecords;
export const smtpLogin = app.address;
