/**
 * Turns an AccountSnapshot into the files of a Pulumi program: pure and deterministic (no dates,
 * no random names), so the same account gives the same files byte for byte.
 */
import type { ResourceKind } from "../../provider";
import type { Region } from "../../provider/config";
import type { AccountSnapshot, DomainSnapshot, RegionSnapshot } from "./snapshot";
import { configKey, IdentifierAllocator, NameAllocator } from "./names";

/** Content up to this long, on one line, is written inline; longer content goes to a file next to the program. */
const INLINE_CONTENT = 120;

export interface GeneratedFiles {
  /** Relative path -> text. */
  files: Map<string, string>;
  /** Config keys the program reads as secrets, with what each holds (never the value). */
  secrets: Array<{ key: string; what: string }>;
  /** Declared resources per kind. */
  counts: Map<string, number>;
  /** Objects seen but not declared, with why. */
  skipped: string[];
}

export interface RenderOptions {
  project: string;
  regions: Region[];
  domains?: string[];
  /** The package name to import (its version goes to package.json). */
  packageName: string;
  packageVersion: string;
  pulumiVersion: string;
  /** Base URLs the account was read through, when not Mailgun's own (an emulator, a proxy): the README says to set them. */
  apiUrls?: Partial<Record<Region, string>>;
}

/** Is `key` usable bare in an object literal? */
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

type Code = { code: string };
const code = (text: string): Code => ({ code: text });

/** A TypeScript literal of `value`, indented by `pad` for continuation lines. */
function lit(value: unknown, pad = ""): string {
  if (value !== null && typeof value === "object" && "code" in (value as object) && Object.keys(value as object).length === 1) return (value as Code).code;
  if (Array.isArray(value)) {
    const items = value.map((v) => lit(v, `${pad}  `));
    const oneLine = `[${items.join(", ")}]`;
    if (oneLine.length <= 100 && !oneLine.includes("\n")) return oneLine;
    return `[\n${items.map((i) => `${pad}  ${i},`).join("\n")}\n${pad}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (!entries.length) return "{}";
    const items = entries.map(([k, v]) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${lit(v, `${pad}  `)}`);
    return `{\n${items.map((i) => `${pad}  ${i},`).join("\n")}\n${pad}}`;
  }
  return JSON.stringify(value);
}

/** A URL that carries something secret: a user and password, or a query string (tokens usually travel there). */
export function carriesSecret(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== "" || u.password !== "" || u.search !== "";
  } catch {
    return false;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "url";
  }
}

/** URLs inside route actions (forward("https://...")). */
const ACTION_URL = /https?:\/\/[^"'\s)]+/g;

function domainOfAddress(address: string): string {
  return address.slice(address.lastIndexOf("@") + 1);
}

class Program {
  readonly names = new NameAllocator();
  readonly ids = new IdentifierAllocator();
  readonly lines: string[] = [];
  readonly files = new Map<string, string>();
  readonly secrets: Array<{ key: string; what: string }> = [];
  readonly counts = new Map<string, number>();
  readonly skipped: string[] = [];
  usesContentFiles = false;
  private readonly secretKeys = new Set<string>();

  line(text = ""): void {
    this.lines.push(text);
  }

  /** A config key, unique in the program, for a secret the program reads. */
  secret(raw: string, what: string): Code {
    let key = configKey(raw);
    const base = key;
    for (let n = 2; this.secretKeys.has(key); n++) key = `${base}-${n}`;
    this.secretKeys.add(key);
    this.secrets.push({ key, what });
    return code(`config.requireSecret(${JSON.stringify(key)})`);
  }

  /** `new mailgun.<kind>(name, args, opts)`; with `variable`, assigned to a const the program refers to later. */
  declare(kind: ResourceKind, name: string, args: Record<string, unknown>, dependsOn: string[] = [], variable?: string): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const opts = dependsOn.length ? `, { dependsOn: [${dependsOn.join(", ")}] }` : "";
    this.line(`${variable ? `const ${variable} = ` : ""}new mailgun.${kind}(${JSON.stringify(name)}, ${lit({ ...args, adopt: true })}${opts});`);
  }

  /** The content of a template version: inline when short, else a file under templates/. */
  content(region: Region, domain: string, template: string, tag: string, text: string): unknown {
    if (text.length <= INLINE_CONTENT && !text.includes("\n")) return text;
    const file = `${region}/${domain}/${template}/${tag}`.replace(/[^A-Za-z0-9._/@-]+/g, "_") + ".tmpl";
    this.files.set(`templates/${file}`, text);
    this.usesContentFiles = true;
    return code(`content(${JSON.stringify(file)})`);
  }
}

/** A URL as the program writes it: literal, or read from config when it carries a secret. */
function urlValue(p: Program, url: string, resourceName: string, what: string): unknown {
  return carriesSecret(url) ? p.secret(`${resourceName}-url`, `${what} (${hostOf(url)})`) : url;
}

function renderDomain(p: Program, region: Region, d: DomainSnapshot): void {
  const live = d.live.domain;
  const t = d.tracking;
  const name = p.names.take(d.name);
  const variable = p.ids.take(d.name);
  p.line();
  p.line(`// ---------------------------------------------------------------- ${d.name} (${region})`);
  const footer = (s: string | undefined) => (s !== undefined && s.includes("%unsubscribe_url%") ? s : undefined);
  p.declare("Domain", name, {
    name: d.name,
    region,
    spamAction: live.spam_action ?? undefined,
    wildcard: live.wildcard ?? undefined,
    webScheme: live.web_scheme ?? undefined,
    webPrefix: live.web_prefix ?? undefined,
    requireTls: live.require_tls ?? undefined,
    skipVerification: live.skip_verification ?? undefined,
    useAutomaticSenderSecurity: live.use_automatic_sender_security ?? undefined,
    openTracking: Boolean(t.open?.active),
    clickTracking: t.click?.active === "htmlonly" ? "htmlonly" : Boolean(t.click?.active),
    unsubscribeTracking: Boolean(t.unsubscribe?.active),
    unsubscribeHtmlFooter: footer(t.unsubscribe?.html_footer ?? undefined),
    unsubscribeTextFooter: footer(t.unsubscribe?.text_footer ?? undefined),
  }, [], variable);
  const dep = [variable];

  // v3 lists event -> URLs; the Webhook resource is one URL with its events.
  const byUrl = new Map<string, string[]>();
  for (const [event, urls] of Object.entries(d.webhooks)) for (const url of urls) byUrl.set(url, [...(byUrl.get(url) ?? []), event]);
  for (const url of [...byUrl.keys()].sort()) {
    const n = p.names.take(`${d.name}/webhook-${hostOf(url)}`);
    p.declare("Webhook", n, { domain: d.name, url: urlValue(p, url, n, `URL of webhook ${n}`), events: [...byUrl.get(url)!].sort(), region }, dep);
  }

  for (const c of d.credentials) {
    const login = c.login.slice(0, c.login.lastIndexOf("@") < 0 ? undefined : c.login.lastIndexOf("@"));
    // The domain's own login: its password is the Domain's smtpPassword, never a DomainCredential.
    if (login.toLowerCase() === "postmaster") continue;
    // No password: Mailgun never shows one, and an adopted credential without it keeps its current password.
    p.declare("DomainCredential", p.names.take(`credential-${c.login}`), { domain: d.name, login, region }, dep);
  }

  for (const k of d.dkimKeys) {
    const args: Record<string, unknown> = { signingDomain: k.signing_domain, selector: k.selector, region };
    if (k.dns_record?.is_active !== undefined && k.dns_record?.is_active !== null) args.active = Boolean(k.dns_record.is_active);
    p.declare("DkimKey", p.names.take(`dkim-${k.signing_domain}-${k.selector}`), args, dep);
  }

  for (const { template, versions } of d.templates) {
    const tn = p.names.take(`template-${d.name}-${template.name}`);
    const tv = p.ids.take(`template-${d.name}-${template.name}`);
    p.declare("Template", tn, { domain: d.name, name: template.name, description: template.description ?? "", region }, dep, tv);
    for (const v of versions) {
      const args: Record<string, unknown> = {
        domain: d.name,
        template: template.name,
        tag: v.tag,
        content: p.content(region, d.name, template.name, v.tag, v.template ?? ""),
        engine: v.engine === "handlebars" ? "handlebars" : undefined,
        comment: v.comment ?? "",
        headers: v.headers && Object.keys(v.headers).length ? Object.fromEntries(Object.entries(v.headers).sort(([a], [b]) => (a < b ? -1 : 1))) : undefined,
        active: v.active === undefined || v.active === null ? undefined : Boolean(v.active),
        region,
      };
      p.declare("TemplateVersion", p.names.take(`template-${d.name}-${template.name}-${v.tag}`), args, [tv]);
    }
  }

  for (const b of d.bounces) {
    const codeNum = b.code === undefined || b.code === null ? undefined : Number(b.code);
    p.declare("Bounce", p.names.take(`bounce-${d.name}-${b.address}`), {
      domain: d.name, address: b.address, code: Number.isInteger(codeNum) ? codeNum : undefined, error: b.error ?? "", region,
    }, dep);
  }
  for (const u of d.unsubscribes) {
    p.declare("Unsubscribe", p.names.take(`unsubscribe-${d.name}-${u.address}`), {
      domain: d.name, address: u.address, tags: u.tags && u.tags.length ? [...u.tags].sort() : undefined, region,
    }, dep);
  }
  for (const c of d.complaints) p.declare("Complaint", p.names.take(`complaint-${d.name}-${c.address}`), { domain: d.name, address: c.address, region }, dep);
  for (const a of d.allowlist) {
    const isDomain = a.type === "domain";
    p.declare("SuppressionAllowlist", p.names.take(`allowlist-${d.name}-${a.address}`), {
      domain: d.name, ...(isDomain ? { allowedDomain: a.address } : { address: a.address }), region,
    }, dep);
  }
}

function renderRegionObjects(p: Program, r: RegionSnapshot): void {
  const region = r.region;
  if (r.routes?.length) {
    p.line();
    p.line(`// ---------------------------------------------------------------- routes (${region})`);
    const routes = [...r.routes].sort((a, b) => a.priority - b.priority || cmp(a.expression, b.expression) || cmp(a.description ?? "", b.description ?? "") || cmp(a.actions.join("\n"), b.actions.join("\n")) || cmp(a.id, b.id));
    for (const route of routes) {
      const n = p.names.take(`route-${region}-${route.description || route.expression}`.slice(0, 80));
      let i = 0;
      const actions = route.actions.map((a) => (a.match(ACTION_URL)?.some(carriesSecret) ? p.secret(`${n}-action-${++i}`, `action ${JSON.stringify(a.replace(ACTION_URL, (u) => `${new URL(u).origin}/...`))} of route ${n}`) : a));
      p.declare("Route", n, { expression: route.expression, actions, priority: route.priority, description: route.description ?? "", region });
    }
  }
  if (r.accountWebhooks?.length) {
    p.line();
    p.line(`// ---------------------------------------------------------------- account webhooks (${region})`);
    const hooks = [...r.accountWebhooks].sort((a, b) => cmp(a.url, b.url) || cmp(a.id, b.id));
    for (const w of hooks) {
      const n = p.names.take(`account-webhook-${region}-${hostOf(w.url)}`);
      p.declare("AccountWebhook", n, { url: urlValue(p, w.url, n, `URL of account webhook ${n}`), eventTypes: [...w.event_types].sort(), description: w.description ?? "", region });
    }
  }
  if (r.mailingLists.length) {
    p.line();
    p.line(`// ---------------------------------------------------------------- mailing lists (${region})`);
    for (const { list, members } of r.mailingLists) {
      const ln = p.names.take(`list-${list.address}`);
      const lv = p.ids.take(`list-${list.address}`);
      p.declare("MailingList", ln, {
        address: list.address,
        name: list.name ?? "",
        description: list.description ?? "",
        accessLevel: list.access_level ?? undefined,
        replyPreference: list.reply_preference ?? undefined,
        region,
      }, [], lv);
      for (const m of members) {
        const vars = m.vars && Object.keys(m.vars).length ? m.vars : undefined;
        p.declare("MailingListMember", p.names.take(`member-${list.address}-${m.address}`), {
          list: list.address,
          address: m.address,
          name: m.name ?? "",
          vars,
          subscribed: m.subscribed === undefined || m.subscribed === null ? undefined : Boolean(m.subscribed),
          region,
        }, [lv]);
      }
    }
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function renderIpAllowlist(p: Program, s: AccountSnapshot): void {
  if (!s.ipAllowlist?.length) return;
  p.line();
  p.line("// ---------------------------------------------------------------- IP allowlist (account-wide)");
  for (const e of s.ipAllowlist) {
    p.declare("IpAllowlistEntry", p.names.take(`ip-${e.ip_address}`), { address: e.ip_address, description: e.description ?? "" });
  }
}

function renderNotDeclared(p: Program, s: AccountSnapshot): void {
  if (s.keys.length) {
    p.line();
    p.line("// ---------------------------------------------------------------- API keys: NOT declared");
    p.line("// Mailgun shows a key's secret only when the key is made, so an existing key cannot be adopted (SendingKey");
    p.line("// and ApiKey have no adopt). To bring one under Pulumi, rotate it: declare a new one (mailgun.SendingKey for a");
    p.line("// domain sending key, mailgun.ApiKey otherwise), switch its consumers to the new key's `secret` output, then");
    p.line("// delete the old key in the dashboard or with DELETE /v1/keys/<id>.");
    for (const k of s.keys) {
      const parts = [`kind ${k.kind ?? "?"}`, `role ${k.role ?? "?"}`];
      if (k.domain_name) parts.push(`domain ${k.domain_name}`);
      if (k.description) parts.push(JSON.stringify(k.description));
      if (k.is_disabled) parts.push("disabled");
      p.line(`//   - ${k.id}: ${parts.join(", ")}`);
      p.skipped.push(`API key ${k.id} (${k.kind ?? "?"})`);
    }
  }
}

function header(o: RenderOptions): string[] {
  return [
    `// Generated by \`pulumi-mailgun generate\` (regions: ${o.regions.join(", ")}; domains: ${o.domains ? o.domains.join(", ") : "all"}).`,
    "// Every object is declared with adopt: true: the first `pulumi up` takes it over as it is at Mailgun and",
    "// changes nothing there. After that it is managed like any other resource: `pulumi destroy` DELETES it",
    "// at Mailgun (add the resource option retainOnDelete: true to anything that must outlive the stack).",
    "// See README.md.",
  ];
}

export function renderProgram(s: AccountSnapshot, o: RenderOptions): GeneratedFiles {
  const p = new Program();
  for (const r of s.regions) for (const d of r.domains) renderDomain(p, r.region, d);
  for (const r of s.regions) renderRegionObjects(p, r);
  renderIpAllowlist(p, s);
  renderNotDeclared(p, s);

  const head = [...header(o)];
  if (p.usesContentFiles) head.push('import * as fs from "node:fs";', 'import * as path from "node:path";');
  if (p.secrets.length) head.push('import * as pulumi from "@pulumi/pulumi";');
  head.push(`import * as mailgun from ${JSON.stringify(o.packageName)};`);
  head.push("");
  if (p.secrets.length) {
    head.push("// Secrets (webhook URLs with a token...) come from the stack's config: see README.md.");
    head.push("const config = new pulumi.Config();");
  }
  if (p.usesContentFiles) {
    head.push("/** A template version's content, kept in a file next to the program. */");
    head.push('const content = (file: string): string => fs.readFileSync(path.join(__dirname, "templates", file), "utf8");');
  }
  const index = `${[...head, ...p.lines].join("\n")}\n`;
  const files = new Map<string, string>();
  files.set("index.ts", index);
  files.set("Pulumi.yaml", `name: ${o.project}\ndescription: Mailgun objects adopted from an existing account (generated by pulumi-mailgun generate)\nruntime: nodejs\n`);
  files.set("package.json", `${JSON.stringify({
    name: o.project,
    private: true,
    main: "index.ts",
    dependencies: { "@pulumi/pulumi": `^${o.pulumiVersion}`, [o.packageName]: `^${o.packageVersion}` },
    devDependencies: { "@types/node": "^22.0.0", typescript: "^5.0.0" },
  }, null, 2)}\n`);
  files.set("tsconfig.json", `${JSON.stringify({
    compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ["node"] },
    files: ["index.ts"],
  }, null, 2)}\n`);
  for (const [f, text] of [...p.files.entries()].sort(([a], [b]) => cmp(a, b))) files.set(f, text);
  files.set("README.md", readme(p, o));
  return { files, secrets: p.secrets, counts: p.counts, skipped: p.skipped };
}

function readme(p: Program, o: RenderOptions): string {
  const kinds = [...p.counts.entries()].sort(([a], [b]) => cmp(a, b));
  const out: string[] = [
    `# ${o.project}`,
    "",
    `Generated by \`pulumi-mailgun generate\` from a Mailgun account (regions: ${o.regions.join(", ")}; domains: ${o.domains ? o.domains.join(", ") : "all"}).`,
    "Every object below is declared in `index.ts` with `adopt: true`: the first `pulumi up` takes each one over",
    "as it is at Mailgun and changes nothing there.",
    "",
    "| Resource | Declared |",
    "| --- | --- |",
    ...kinds.map(([k, n]) => `| ${k} | ${n} |`),
    "",
  ];
  if (p.files.size) out.push(`Template version content longer than ${INLINE_CONTENT} characters is in \`templates/\`, read by the program.`, "");
  out.push("## Not declared", "");
  if (p.skipped.length) {
    out.push("Listed as comments at the end of `index.ts`, with what to do:", "");
    for (const s of p.skipped) out.push(`- ${s}`);
  } else out.push("Nothing: every object found is declared.");
  out.push(
    "",
    "Never declared: SMTP passwords and DKIM private keys (Mailgun never shows them: adopted credentials keep",
    "their current password), API key secrets (shown only at creation: rotate the key to bring it under Pulumi),",
    "settings Mailgun does not read back (a domain's DKIM authority and key rotation, which stay as they are),",
    "and each domain's postmaster@ SMTP login (Mailgun keeps it with the domain; its password is the Domain's smtpPassword).",
    "",
    "## Next steps",
    "",
    "```sh",
    "npm install",
    "pulumi stack init <stack>",
    "pulumi config set --secret mailgun:apiKey <the account's API key>",
  );
  for (const [r, url] of Object.entries(o.apiUrls ?? {})) out.push(`pulumi config set mailgun:apiUrl${r === "us" ? "Us" : "Eu"} ${url}`);
  for (const s of p.secrets) out.push(`pulumi config set --secret ${s.key} '<${s.what}>'`);
  out.push(
    "pulumi preview   # every object shows as a create: a create with adopt: true takes the object over",
    "pulumi up        # changes nothing at Mailgun",
    "pulumi preview --refresh --expect-no-changes",
    "```",
    "",
    "Then review `index.ts`: rename resources if you like (add `aliases` once the stack holds them), replace",
    "repeated literals with variables, and add `retainOnDelete: true` where an object must outlive the stack.",
    "`adopt: true` can stay: it matters only when a resource is created.",
    "",
  );
  return out.join("\n");
}
