import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "pulumi-mailgun";

const config = new pulumi.Config();
const name = config.get("domain") ?? "mg.example.com";
const region = (config.get("region") ?? "us") as mailgun.Region;
/** The company's own mail domain: its addresses are never put on the bounce list. */
const companyDomain = config.get("companyDomain") ?? "example.com";

const domain = new mailgun.Domain("transactional", { name, region, spamAction: "tag" });
export const dnsRecords = domain.dnsRecords;

// ---- Templates. The content of each version lives in a file next to the program, so a change
// to a template is a reviewed diff of that file. A template's versions are resources of their own:
// keeping the previous version (inactive) lets `pulumi config set welcomeVersion v1` roll back
// in place, without deleting the new one.
const templatesDir = path.join(__dirname, "templates");
const read = (file: string) => fs.readFileSync(path.join(templatesDir, file), "utf8");
const welcomeActive = config.get("welcomeVersion") ?? "v2";

const welcome = new mailgun.Template("welcome", { domain: domain.name, name: "welcome", description: "Sent once, after sign-up", region });
const welcomeVersions = [
  { tag: "v1", file: "welcome-v1.hbs", comment: "First version", subject: "Welcome to Example" },
  { tag: "v2", file: "welcome-v2.hbs", comment: "Adds the getting-started link", subject: "Welcome to Example, {{firstName}}" },
];
for (const v of welcomeVersions) {
  // `active: true` makes this the version Mailgun sends; the others stay stored, ready for a rollback.
  new mailgun.TemplateVersion(`welcome-${v.tag}`, {
    domain: domain.name,
    template: welcome.name,
    tag: v.tag,
    content: read(v.file),
    comment: v.comment,
    headers: { From: `Example <hello@${name}>`, Subject: v.subject },
    active: v.tag === welcomeActive,
    region,
  });
}

const reset = new mailgun.Template("password-reset", { domain: domain.name, name: "password-reset", description: "Password reset link, valid for one hour", region });
new mailgun.TemplateVersion("password-reset-v1", {
  domain: domain.name,
  template: reset.name,
  tag: "v1",
  content: read("password-reset-v1.hbs"),
  headers: { From: `Example <security@${name}>`, Subject: "Reset your password", "Reply-To": `support@${name}` },
  active: true,
  region,
});

export const templates = [welcome.name, reset.name];
export const welcomeActiveVersion = welcomeActive;

// ---- The newsletter list. Members are resources, for a list of a few thousand addresses at most
// (see docs/resources/mailing-list-member.md); a larger list belongs in Mailgun's bulk upload.
const newsletter = new mailgun.MailingList("newsletter", {
  address: `newsletter@${name}`,
  name: "Example newsletter",
  description: "Monthly product news",
  accessLevel: "readonly",
  replyPreference: "sender",
  region,
});
export const newsletterAddress = newsletter.address;

interface Subscriber {
  address: string;
  name?: string;
  plan?: string;
  subscribed?: boolean;
}
const subscribers = config.getObject<Subscriber[]>("subscribers") ?? [
  { address: "ada@example.org", name: "Ada Lovelace", plan: "team" },
  { address: "grace@example.org", name: "Grace Hopper", plan: "enterprise" },
  { address: "alan@example.org", name: "Alan Turing", plan: "free", subscribed: false },
];
for (const s of subscribers) {
  // Named after the address, so adding or removing one subscriber leaves the others alone.
  new mailgun.MailingListMember(`newsletter-${s.address.replace(/[^0-9a-zA-Z]+/g, "-")}`, {
    list: newsletter.address,
    address: s.address,
    name: s.name,
    vars: { plan: s.plan ?? "free" },
    subscribed: s.subscribed ?? true,
    region,
  });
}

// ---- Suppressions carried over from the previous mail provider, so nobody who bounced,
// unsubscribed or complained there is mailed from Mailgun. `adopt: true`: Mailgun may already have
// recorded the same address (a real bounce since the move); that entry is taken over, not an error.
interface Exported {
  bounces: Array<{ address: string; code?: number; error?: string }>;
  unsubscribes: Array<{ address: string; tags?: string[] }>;
  complaints: Array<{ address: string }>;
}
const exported: Exported = JSON.parse(fs.readFileSync(path.join(__dirname, "suppressions.json"), "utf8"));
const key = (address: string) => address.replace(/[^0-9a-zA-Z]+/g, "-");
for (const b of exported.bounces) {
  new mailgun.Bounce(`bounce-${key(b.address)}`, { domain: domain.name, address: b.address, code: b.code, error: b.error, region, adopt: true });
}
for (const u of exported.unsubscribes) {
  new mailgun.Unsubscribe(`unsubscribe-${key(u.address)}`, { domain: domain.name, address: u.address, tags: u.tags, region, adopt: true });
}
for (const c of exported.complaints) {
  new mailgun.Complaint(`complaint-${key(c.address)}`, { domain: domain.name, address: c.address, region, adopt: true });
}
// The company's own addresses never land on the bounce list (a test mailbox that bounces once
// would otherwise stop all mail to it).
new mailgun.SuppressionAllowlist("allow-company", { domain: domain.name, allowedDomain: companyDomain, region });

export const suppressionsImported = exported.bounces.length + exported.unsubscribes.length + exported.complaints.length;
