import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

const config = new pulumi.Config();
const name = config.get("domain") ?? "mg.example.com";
const region = (config.get("region") ?? "us") as mailgun.Region;
/** Change it (e.g. to the next month) to rotate both API keys: the new keys are made before the old ones go. */
const rotation = config.get("keyRotation") ?? "2026-11";
/**
 * Networks allowed to use the account's API keys and SMTP logins. Once the allowlist has an
 * entry, Mailgun refuses every other address: list the one that runs `pulumi up` too.
 */
const allowedNetworks = config.getObject<string[]>("allowedNetworks") ?? ["203.0.113.0/24", "2001:db8::/32"];
const bounceUrl = config.get("bounceUrl") ?? "https://app.example.com/mailgun/bounces";

// The domain signs with a 2048-bit key under a selector of our own, so a later rotation is one
// more DkimKey and a change of `active`, not a new domain.
const domain = new mailgun.Domain("sending", { name, region, spamAction: "tag", openTracking: true });
const dkim = new mailgun.DkimKey("dkim-s2026", { signingDomain: domain.name, selector: "s2026", bits: 2048, active: true, region });

// Publish these at your DNS provider (or create them there with its Pulumi package).
export const dnsRecords = domain.dnsRecords;
export const dkimRecord = dkim.dnsRecord;

// `pulumi up` waits here until Mailgun sees the sending records (SPF and DKIM), printing its
// progress; after the timeout it fails naming each record that is missing, as a zone-file line.
const verified = new mailgun.DomainVerification(
  "sending-verified",
  { domain: domain.name, region, waitFor: ["sending"], timeoutSeconds: config.getNumber("verifyTimeoutSeconds") ?? 900 },
  { dependsOn: [dkim] },
);
export const verification = verified.state;

// Nothing that sends is made before the domain can send.
const afterVerification = { dependsOn: [verified] };

// The SMTP login of the app servers; Mailgun generates the password (a secret output).
const smtp = new mailgun.DomainCredential("app-smtp", { domain: domain.name, login: "app", region }, afterVerification);
export const smtpLogin = smtp.address;
export const smtpPassword = smtp.password;

// A key that can only send for this domain, for the app servers.
const appKey = new mailgun.SendingKey("app", { domain: domain.name, description: "app servers", rotation, region }, afterVerification);
export const appSendingKey = appKey.secret;

// A key for CI: enough to preview and check drift, not to manage keys.
const ciKey = new mailgun.ApiKey("ci", { role: "developer", kind: "user", description: "CI: pulumi preview and drift checks", rotation, region });
export const ciApiKey = ciKey.secret;

// Bounces and complaints go to the app, which stops mailing those addresses.
new mailgun.Webhook("bounces", { domain: domain.name, region, url: bounceUrl, events: ["permanent_fail", "complained"] }, afterVerification);

for (const address of allowedNetworks) {
  // Named after the address, so adding or removing one network leaves the others alone.
  new mailgun.IpAllowlistEntry(`allow-${address.replace(/[^0-9a-zA-Z]+/g, "-")}`, { address, description: "app servers and CI" });
}
