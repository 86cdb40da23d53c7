/**
 * `pulumi import` hands the plugin a resource's id and nothing else (Read with no properties); the
 * handlers read from stored properties. Each importable kind therefore has an id grammar, parsed
 * here into the handler's own id and the properties its read needs (the object's natural key).
 *
 * Every id is `[<region>/]<key parts joined by />`; without a region, the provider's configured
 * one. A region is a leading segment of two letters: no key starts so (domain names and
 * addresses have a dot or an @, Mailgun's ids are 24 hex digits). The last key part takes the
 * rest of the id, so a webhook's URL or an address with a `/` needs no escaping. Each part goes
 * through its field's own validation (the definition's schema), so a bad part is refused with
 * the message a program would get, and comes out as check would store it (lower case, canonical).
 */
import type { ResourceKind } from "../provider";
import { REGIONS } from "../provider/config";
import { definitions } from "../provider/resources/fields";
import type { Props } from "../provider/resources/types";
import { defaultRegion } from "../provider/runtime";
import { dnsDigest } from "../provider/resources/dns";
import type { DomainOutputs } from "../provider/resources/domain-inputs";
import { folded } from "../provider/resources/template-slots";
import { webhookId } from "../provider/resources/webhook-id";
import { idOf as suppressionId } from "../provider/resources/suppression";

export interface ImportTarget {
  id: string;
  props: Props;
}

type Parts = Record<string, string>;

interface Grammar {
  /** The id's form, as errors and docs/import.md show it. */
  form: string;
  example: string;
  /** The key parts, in order: a field of the kind (validated by its schema) or a plain name. */
  keys: readonly string[];
  /** Whether the id may start with a region (the IP allowlist is account-wide: no region). */
  regional: boolean;
  /** The handler's id and the properties its read needs, from the parsed parts. */
  target(parts: Parts, region: string): ImportTarget | string;
  /** Bookkeeping outputs a read keeps from the stored properties, set as a first read would. */
  settle?(outs: Props): Props;
  /** The inputs the import hands back (what `--generate-code` writes), when not all that the read found. */
  inputs?(inputs: Props): Props;
}

/** Kinds that cannot be imported, and why (with what to do instead). */
const REFUSED: Partial<Record<ResourceKind, string>> = {
  SendingKey:
    "Mailgun shows a key's secret only when the key is made, so an imported SendingKey would have no `secret` output; declare a new SendingKey (with `rotation` to replace it later) and delete the old key in Mailgun's dashboard once nothing uses it",
  ApiKey:
    "Mailgun shows a key's secret only when the key is made, so an imported ApiKey would have no `secret` output; declare a new ApiKey and delete the old key in Mailgun's dashboard once nothing uses it",
  DomainVerification: "a DomainVerification is a check (it waits for a domain's DNS records), not an object at Mailgun: declare it, and its first `up` checks the domain without writing anything",
};

const inRegion = (region: string, keys: Props): Props => ({ ...keys, region });

const GRAMMARS: Partial<Record<ResourceKind, Grammar>> = {
  Domain: {
    form: "[<region>/]<domain name>",
    example: "eu/mg.example.com or mg.example.com",
    keys: ["name"],
    regional: true,
    // Mailgun cannot show whether DKIM authority was forced: its default, as adopt assumes.
    target: ({ name }, region) => ({ id: name, props: { name, region, forceDkimAuthority: false } }),
    // The records as imported are the ones the program has: not a change for its first preview.
    settle(outs) {
      const o = outs as unknown as DomainOutputs;
      return { ...outs, dnsDigest: dnsDigest(o.sendingDnsRecords ?? [], o.receivingDnsRecords ?? [], o.dkimSelector) };
    },
    // Mailgun's unsubscribe footers start with a newline, which Pulumi's YAML writer (gopkg.in/yaml.v3)
    // drops: a generated program would state other footers than Mailgun's, and its first up would
    // write them. Unstated, a footer is left as Mailgun has it, so the program still has no change.
    inputs: ({ unsubscribeHtmlFooter: _html, unsubscribeTextFooter: _text, ...rest }) => rest,
  },
  Route: {
    form: "[<region>/]<route id>",
    example: "us/5f1b6c3e8a1d2b0012345678",
    keys: ["route id"],
    regional: true,
    target: (p, region) => ({ id: p["route id"], props: { region } }),
  },
  Webhook: {
    form: "[<region>/]<domain>/<url>",
    example: "mg.example.com/https://hooks.example.com/mailgun",
    keys: ["domain", "url"],
    regional: true,
    target: ({ domain, url }, region) => ({ id: webhookId(domain, url), props: inRegion(region, { domain, url }) }),
  },
  AccountWebhook: {
    form: "[<region>/]<webhook id>",
    example: "us/5f1b6c3e8a1d2b0012345678",
    keys: ["webhook id"],
    regional: true,
    target: (p, region) => ({ id: p["webhook id"], props: { region } }),
  },
  DomainCredential: {
    form: "[<region>/]<domain>/<login>",
    example: "mg.example.com/alice",
    keys: ["domain", "login"],
    regional: true,
    target({ domain, login }, region) {
      const at = login.lastIndexOf("@");
      if (at >= 0 && login.slice(at + 1) !== domain) return `login "${login}" is an address on ${login.slice(at + 1)}, not on ${domain}`;
      const local = at >= 0 ? login.slice(0, at) : login;
      return { id: `${local}@${domain}`, props: inRegion(region, { domain, login: local }) };
    },
  },
  DkimKey: {
    form: "[<region>/]<signing domain>/<selector>",
    example: "mg.example.com/s1",
    keys: ["signingDomain", "selector"],
    regional: true,
    target: ({ signingDomain, selector }, region) => ({ id: `${signingDomain}/${selector}`, props: inRegion(region, { signingDomain, selector }) }),
  },
  IpAllowlistEntry: {
    form: "<address or CIDR range>",
    example: "10.0.0.0/8 or 203.0.113.50",
    keys: ["address"],
    regional: false,
    target: ({ address }) => ({ id: address, props: { address } }),
  },
  Bounce: suppression("Bounce"),
  Unsubscribe: suppression("Unsubscribe"),
  Complaint: suppression("Complaint"),
  SuppressionAllowlist: {
    form: "[<region>/]<domain>/<address or domain>",
    example: "mg.example.com/qa@example.com or mg.example.com/example.org",
    keys: ["domain", "entry"],
    regional: true,
    target({ domain, entry }, region) {
      const field = entry.includes("@") ? "address" : "allowedDomain";
      const value = valid("SuppressionAllowlist", field, entry);
      if (typeof value !== "string") return value.problem;
      return { id: suppressionId(domain, value), props: inRegion(region, { domain, [field]: value }) };
    },
  },
  MailingList: {
    form: "[<region>/]<list address>",
    example: "news@mg.example.com",
    keys: ["address"],
    regional: true,
    target: ({ address }, region) => ({ id: address, props: inRegion(region, { address }) }),
  },
  MailingListMember: {
    form: "[<region>/]<list address>/<member address>",
    example: "news@mg.example.com/ann@example.com",
    keys: ["list", "address"],
    regional: true,
    target: ({ list, address }, region) => ({ id: `${list}/${address}`, props: inRegion(region, { list, address }) }),
  },
  Template: {
    form: "[<region>/]<domain>/<template name>",
    example: "mg.example.com/welcome",
    keys: ["domain", "name"],
    regional: true,
    target: ({ domain, name }, region) => ({ id: `${region}/${domain}/${folded(name)}`, props: inRegion(region, { domain, name: folded(name) }) }),
  },
  TemplateVersion: {
    form: "[<region>/]<domain>/<template name>/<tag>",
    example: "mg.example.com/welcome/v2",
    keys: ["domain", "template", "tag"],
    regional: true,
    target: ({ domain, template, tag }, region) => ({
      id: `${region}/${domain}/${folded(template)}/${folded(tag)}`,
      props: inRegion(region, { domain, template: folded(template), tag: folded(tag) }),
    }),
  },
};

function suppression(kind: "Bounce" | "Unsubscribe" | "Complaint"): Grammar {
  return {
    form: "[<region>/]<domain>/<address>",
    example: "mg.example.com/ann@example.com",
    keys: ["domain", "address"],
    regional: true,
    target: ({ domain, address }, region) => ({ id: suppressionId(domain, address), props: inRegion(region, { domain, address }) }),
  };
}

/** A part as the kind's field stores it, or its field's own complaint. */
function valid(kind: ResourceKind, field: string, value: string): string | { problem: string } {
  const schema = definitions[kind].inputs[field]?.schema;
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { problem: parsed.error.issues[0]?.message ?? `${field} "${value}" is not valid` };
  return typeof parsed.data === "string" ? parsed.data : value;
}

const REGION_LIKE = /^[a-z]{2}$/i;

function parse(kind: ResourceKind, g: Grammar, id: string): ImportTarget | string {
  let segments = id.split("/");
  let region = defaultRegion() as string;
  if (g.regional && segments.length > 1 && REGION_LIKE.test(segments[0])) {
    region = segments[0].toLowerCase();
    if (!(REGIONS as readonly string[]).includes(region)) return `unknown region "${segments[0]}" (one of ${REGIONS.join(", ")})`;
    segments = segments.slice(1);
  }
  if (segments.length < g.keys.length) return `expected ${g.form}`;
  // The last part takes the rest: a URL, or an address or CIDR range with a `/`.
  const values = [...segments.slice(0, g.keys.length - 1), segments.slice(g.keys.length - 1).join("/")];
  if (values.some((v) => v === "")) return `expected ${g.form} (a part is empty)`;
  const parts: Parts = {};
  for (const [i, key] of g.keys.entries()) {
    const value = valid(kind, key, values[i]);
    if (typeof value !== "string") return value.problem;
    parts[key] = value;
  }
  return g.target(parts, region);
}

/** The id forms, by kind, for messages and docs/import.md; a refused kind says why instead. */
export function importForms(): Record<ResourceKind, { form: string; example: string } | { refused: string }> {
  return Object.fromEntries(Object.keys(definitions).map((k) => {
    const kind = k as ResourceKind;
    const g = GRAMMARS[kind];
    return [kind, g ? { form: g.form, example: g.example } : { refused: REFUSED[kind] ?? "no import id" }];
  })) as Record<ResourceKind, { form: string; example: string } | { refused: string }>;
}

/** The handler's id and properties for an import id; throws a message naming the expected form. */
export function importTarget(kind: ResourceKind, id: string): ImportTarget & { settle(outs: Props): Props; inputs(inputs: Props): Props } {
  const refused = REFUSED[kind];
  if (refused) throw new Error(`mailgun:index:${kind} cannot be imported: ${refused}`);
  const grammar = GRAMMARS[kind];
  if (!grammar) throw new Error(`mailgun:index:${kind} cannot be imported`);
  const parsed = parse(kind, grammar, id.trim());
  if (typeof parsed === "string") throw new Error(`cannot import mailgun:index:${kind} "${id}": ${parsed}; the id is ${grammar.form}, e.g. ${grammar.example}`);
  return { ...parsed, settle: grammar.settle ?? ((outs) => outs), inputs: grammar.inputs ?? ((inputs) => inputs) };
}
