/**
 * A stack shaped like a large Mailgun account, using every kind: a few domains (both regions),
 * each with a webhook, an SMTP credential, a sending key, a DKIM key and two templates; one API
 * key, account webhook, IP allowlist entry and domain verification; and the bulk of it routes,
 * mailing-list members, suppressions and template versions. The same shape at every size, so a
 * figure per resource at 200 compares with one at 2,000.
 */
import type { ResourceSpec } from "../testkit/mailgun-stack";

/** The domain the DomainVerification checks: made by hand with its DNS published before `up`. */
export function verifiedDomain(tag: string): string {
  return `verified.${tag}.example.com`;
}

const ref = (name: string, output: string) => ({ $ref: `${name}.${output}` });

export function largeAccountStack(n: number, tag: string): ResourceSpec[] {
  const domains = Math.max(2, Math.round(n / 200));
  const specs: ResourceSpec[] = [
    { kind: "ApiKey", name: "apiKey", args: { role: "basic", description: `${tag} deploy` } },
    { kind: "AccountWebhook", name: "accountHook", args: { url: `https://alerts.example.com/${tag}`, eventTypes: ["permanent_fail"] } },
    { kind: "IpAllowlistEntry", name: "office", args: { address: "198.51.100.0/24", description: `${tag} office` } },
    { kind: "DomainVerification", name: "verification", args: { domain: verifiedDomain(tag), timeoutSeconds: 20 } },
  ];
  const regionOf = (d: number) => (d % 2 === 0 ? "us" : "eu");
  for (let d = 0; d < domains; d++) {
    const region = regionOf(d);
    const domain = `d${d}.${tag}.example.com`;
    const dom = `domain${d}`;
    specs.push(
      { kind: "Domain", name: dom, args: { name: domain, region, openTracking: d % 3 === 0 } },
      { kind: "Webhook", name: `hook${d}`, args: { domain: ref(dom, "name"), region, url: `https://hooks.example.com/${tag}/${d}`, events: ["delivered", "permanent_fail"] } },
      { kind: "DomainCredential", name: `smtp${d}`, args: { domain: ref(dom, "name"), region, login: "app", password: { $secret: "password" } } },
      { kind: "SendingKey", name: `sendingKey${d}`, args: { domain: ref(dom, "name"), region, description: `${tag} app` } },
      { kind: "DkimKey", name: `dkim${d}`, args: { signingDomain: ref(dom, "name"), region, selector: "s2", bits: 1024 } },
      { kind: "MailingList", name: `list${d}`, args: { address: `news@${domain}`, region, name: `News ${d}` } },
      { kind: "Template", name: `welcome${d}`, args: { domain: ref(dom, "name"), region, name: "welcome" } },
      { kind: "Template", name: `receipt${d}`, args: { domain: ref(dom, "name"), region, name: "receipt" } },
    );
  }
  // The bulk, as a large account has it: routes 35%, list members 30%, suppressions 20%, template versions 15%.
  const left = Math.max(0, n - specs.length);
  const routes = Math.round(left * 0.35);
  const members = Math.round(left * 0.3);
  const suppressions = Math.round(left * 0.2);
  const versions = left - routes - members - suppressions;
  for (let i = 0; i < routes; i++) {
    const d = i % domains;
    specs.push({ kind: "Route", name: `route${i}`, args: { region: regionOf(d), expression: `match_recipient("r${i}@d${d}.${tag}.example.com")`, actions: [`forward("https://inbound.example.com/${tag}/${i}")`, "stop()"], priority: i % 100, description: `route ${i}` } });
  }
  for (let i = 0; i < members; i++) {
    const d = i % domains;
    specs.push({ kind: "MailingListMember", name: `member${i}`, args: { list: ref(`list${d}`, "address"), region: regionOf(d), address: `m${i}@example.org`, name: `Member ${i}`, vars: { plan: i % 2 ? "pro" : "free" } } });
  }
  const tables = ["Bounce", "Unsubscribe", "Complaint", "SuppressionAllowlist"] as const;
  for (let i = 0; i < suppressions; i++) {
    const d = i % domains;
    const kind = tables[i % tables.length];
    const args: Record<string, unknown> = { domain: ref(`domain${d}`, "name"), region: regionOf(d), address: `s${i}@example.net` };
    if (kind === "Bounce") args.code = 550;
    if (kind === "Unsubscribe") args.tags = ["news"];
    specs.push({ kind, name: `${kind.toLowerCase()}${i}`, args });
  }
  for (let i = 0; i < versions; i++) {
    const d = i % domains;
    const template = i % 2 ? `receipt${d}` : `welcome${d}`;
    specs.push({ kind: "TemplateVersion", name: `version${i}`, args: { domain: ref(`domain${d}`, "name"), region: regionOf(d), template: ref(template, "name"), tag: `v${i}`, content: `<p>Hello {{name}}, ${i}</p>` } });
  }
  return specs;
}
