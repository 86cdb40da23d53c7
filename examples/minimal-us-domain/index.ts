import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

// Every setting but the name keeps Mailgun's default; the provider reads the key from
// `mailgun:apiKey` (a secret) in the stack's config.
const domain = new mailgun.Domain("mg", {
  name: new pulumi.Config().get("domain") ?? "mg.example.com",
  region: "us",
});

/** Add these at your DNS provider: SPF and DKIM to send, the tracking CNAME, MX to receive. */
export const dnsRecords = domain.dnsRecords;
/** `unverified` until Mailgun finds the records, then `active`. */
export const state = domain.state;
