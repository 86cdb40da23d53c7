import * as fs from "node:fs";
import * as path from "node:path";
import { KINDS } from "../../provider";
import { configure } from "../../provider/runtime";
import { importForms, importTarget } from "../../plugin/import-ids";
import { webhookId } from "../../provider/resources/webhook-id";
import { repoRoot } from "../../testkit/pulumi";

/**
 * The `pulumi import` ids: `[<region>/]<key parts joined by />`, parsed into the handler's own id
 * and the properties its read needs; a bad id is refused with the form it should have.
 */
beforeAll(() => configure({ get: (k: string) => ({ "mailgun:apiKey": "key-test", "mailgun:region": "eu" })[k] }));

const target = (kind: Parameters<typeof importTarget>[0], id: string) => {
  const { id: handlerId, props } = importTarget(kind, id);
  return { id: handlerId, props };
};

test.each([
  ["Domain", "eu/mg.example.com", { id: "mg.example.com", props: { name: "mg.example.com", region: "eu", forceDkimAuthority: false } }],
  ["Domain", "MG.Example.com", { id: "mg.example.com", props: { name: "mg.example.com", region: "eu", forceDkimAuthority: false } }],
  ["Route", "us/5f1b6c3e8a1d2b0012345678", { id: "5f1b6c3e8a1d2b0012345678", props: { region: "us" } }],
  ["Route", "5f1b6c3e8a1d2b0012345678", { id: "5f1b6c3e8a1d2b0012345678", props: { region: "eu" } }],
  ["Template", "mg.example.com/Welcome", { id: "eu/mg.example.com/welcome", props: { domain: "mg.example.com", name: "welcome", region: "eu" } }],
  ["TemplateVersion", "us/mg.example.com/welcome/V2", { id: "us/mg.example.com/welcome/v2", props: { domain: "mg.example.com", template: "welcome", tag: "v2", region: "us" } }],
  ["MailingList", "News@mg.example.com", { id: "news@mg.example.com", props: { address: "news@mg.example.com", region: "eu" } }],
  ["MailingListMember", "news@mg.example.com/ann@example.com", { id: "news@mg.example.com/ann@example.com", props: { list: "news@mg.example.com", address: "ann@example.com", region: "eu" } }],
  ["Bounce", "mg.example.com/ann@example.com", { id: "mg.example.com/ann@example.com", props: { domain: "mg.example.com", address: "ann@example.com", region: "eu" } }],
  ["Unsubscribe", "us/mg.example.com/Ann@Example.com", { id: "mg.example.com/ann@example.com", props: { domain: "mg.example.com", address: "ann@example.com", region: "us" } }],
  ["Complaint", "mg.example.com/ann@example.com", { id: "mg.example.com/ann@example.com", props: { domain: "mg.example.com", address: "ann@example.com", region: "eu" } }],
  ["SuppressionAllowlist", "mg.example.com/qa@example.com", { id: "mg.example.com/qa@example.com", props: { domain: "mg.example.com", address: "qa@example.com", region: "eu" } }],
  ["SuppressionAllowlist", "mg.example.com/example.org", { id: "mg.example.com/example.org", props: { domain: "mg.example.com", allowedDomain: "example.org", region: "eu" } }],
  ["DomainCredential", "mg.example.com/Alice", { id: "alice@mg.example.com", props: { domain: "mg.example.com", login: "alice", region: "eu" } }],
  ["DomainCredential", "mg.example.com/alice@mg.example.com", { id: "alice@mg.example.com", props: { domain: "mg.example.com", login: "alice", region: "eu" } }],
  ["DkimKey", "mg.example.com/s1", { id: "mg.example.com/s1", props: { signingDomain: "mg.example.com", selector: "s1", region: "eu" } }],
  ["IpAllowlistEntry", "10.0.0.0/8", { id: "10.0.0.0/8", props: { address: "10.0.0.0/8" } }],
  ["IpAllowlistEntry", "203.0.113.50", { id: "203.0.113.50", props: { address: "203.0.113.50" } }],
  ["AccountWebhook", "us/5f1b6c3e8a1d2b0012345678", { id: "5f1b6c3e8a1d2b0012345678", props: { region: "us" } }],
  ["Webhook", "mg.example.com/https://hooks.example.com/mailgun?token=x", {
    id: webhookId("mg.example.com", "https://hooks.example.com/mailgun?token=x"),
    props: { domain: "mg.example.com", url: "https://hooks.example.com/mailgun?token=x", region: "eu" },
  }],
] as const)("%s %s", (kind, id, expected) => {
  expect(target(kind, id)).toEqual(expected);
});

test.each([
  ["Domain", "ap/mg.example.com", /unknown region "ap" \(one of us, eu\); the id is \[<region>\/\]<domain name>, e\.g\. eu\/mg\.example\.com/],
  ["Domain", "eu/mg.example.com/extra", /the id is \[<region>\/\]<domain name>/],
  ["Domain", "not a domain", /cannot import mailgun:index:Domain "not a domain": .*name.*the id is \[<region>\/\]<domain name>/],
  ["Template", "mg.example.com", /expected \[<region>\/\]<domain>\/<template name>; the id is .*e\.g\. mg\.example\.com\/welcome/],
  ["Template", "mg.example.com/", /a part is empty/],
  ["TemplateVersion", "mg.example.com/welcome", /expected \[<region>\/\]<domain>\/<template name>\/<tag>.*e\.g\. mg\.example\.com\/welcome\/v2/],
  ["MailingListMember", "news@mg.example.com", /expected \[<region>\/\]<list address>\/<member address>/],
  ["MailingListMember", "news@mg.example.com/not-an-address", /address "not-an-address" is not an e-mail address/],
  ["Bounce", "mg.example.com/ann", /"ann" is not an email address.*the id is \[<region>\/\]<domain>\/<address>/],
  ["DomainCredential", "mg.example.com/alice@other.example.com", /an address on other\.example\.com, not on mg\.example\.com/],
  ["IpAllowlistEntry", "eu/10.0.0.0", /cannot import mailgun:index:IpAllowlistEntry "eu\/10\.0\.0\.0".*the id is <address or CIDR range>/],
  ["Webhook", "mg.example.com/ftp://x", /the id is \[<region>\/\]<domain>\/<url>/],
  ["Route", "", /expected \[<region>\/\]<route id>/],
] as const)("%s %j is refused, naming the expected form", (kind, id, message) => {
  expect(() => importTarget(kind, id)).toThrow(message);
});

test.each([
  ["SendingKey", /SendingKey cannot be imported: Mailgun shows a key's secret only when the key is made.*declare a new SendingKey/],
  ["ApiKey", /ApiKey cannot be imported: Mailgun shows a key's secret only when the key is made.*declare a new ApiKey/],
  ["DomainVerification", /DomainVerification cannot be imported: .* a check .*not an object at Mailgun/],
] as const)("%s refuses import, saying why and what to do", (kind, message) => {
  expect(() => importTarget(kind, "mg.example.com/anything")).toThrow(message);
});

test("every kind has an id form or a reason it has none", () => {
  const forms = importForms();
  expect(Object.keys(forms).sort()).toEqual([...KINDS].sort());
  expect(Object.entries(forms).filter(([, f]) => "refused" in f).map(([k]) => k).sort()).toEqual(["ApiKey", "DomainVerification", "SendingKey"]);
});

test("docs/import.md's table has every kind with its id form and example, or says it cannot be imported", () => {
  const doc = fs.readFileSync(path.join(repoRoot, "docs", "import.md"), "utf8");
  for (const [kind, f] of Object.entries(importForms())) {
    const row = doc.split("\n").find((l) => l.startsWith(`| ${kind} |`));
    if ("refused" in f) expect([kind, row]).toEqual([kind, `| ${kind} | cannot be imported | — |`]);
    else {
      expect([kind, row]).toEqual([kind, expect.stringContaining(`| \`${f.form}\``)]);
      // The example in the table is one the grammar takes.
      const example = /`([^`]+)`/.exec(row!.split("|")[3])![1];
      expect(() => importTarget(kind as never, example)).not.toThrow();
    }
  }
});
