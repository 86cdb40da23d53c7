import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/**
 * Bad inputs a new user tries (issue 10), listed by resource kind and field. Every one must be
 * refused at `pulumi preview` with a failure that reads `<Kind>: [<field>] <reason>`, before
 * any call to Mailgun. preview-validation.test.ts runs them through the real engine.
 *
 * A case is the valid `base` args of its kind with one change: `value` set on `field` (an
 * unknown key is a field of its own), as the whole value or as the one item of a list (`item`),
 * or the field left out (`OMIT`). `reason` is matched against the text after `[field] ` (or
 * `[field.<index>] ` for a list item); never against the value the engine prints.
 */
export type Kind = "Domain" | "Route" | "Webhook" | "SendingKey" | "DkimKey";

export const OMIT = Symbol("omit");

export interface BadInput {
  kind: Kind;
  /** The field the failure must name in brackets. */
  field: string;
  /** The argument key the case sets: the field itself. */
  key: string;
  /** What is wrong, in a few words (the test's name). */
  what: string;
  value: unknown;
  /** Matched against the failure text after `<Kind>: [<field>] `. */
  reason: RegExp;
  /** `value` is one item of the list field `key` (several such cases may share one list). */
  item: boolean;
}

/** Valid arguments of each kind; a case changes one field of these. */
export const base: Record<Kind, Record<string, unknown>> = {
  Domain: { name: "mg.example.com" },
  Route: { expression: 'match_recipient(".*@mg.example.com")', actions: ['forward("ops@example.com")', "stop()"] },
  Webhook: { domain: "mg.example.com", url: "https://example.com/hooks/mailgun", events: ["delivered"] },
  SendingKey: { domain: "mg.example.com" },
  DkimKey: { signingDomain: "mg.example.com", selector: "s1" },
};

/** `item`: the value is one item of a list field; a test may gather several into one list. */
type Row = [what: string, value: unknown, reason: RegExp, options?: { item: true }];
const ITEM = { item: true } as const;

const DOMAIN_NAME = /not a valid domain name; use lower-case labels separated by dots/;
const NAME_REQUIRED = /must be a domain name such as mg\.example\.com/;
const BOOL = (f: string) => new RegExp(`${f} must be true or false`);

/** Keys made once per run, for the pem cases (never real secrets). */
const pemOf = (type: "rsa" | "ec", options: object, encoding: object) =>
  (generateKeyPairSync as (t: string, o: object) => { privateKey: KeyObject; publicKey: KeyObject })(type, options)
    .privateKey.export(encoding as never).toString();
const PKCS1_PEM = pemOf("rsa", { modulusLength: 1024 }, { type: "pkcs1", format: "pem" });
const PKCS8_PEM = pemOf("rsa", { modulusLength: 1024 }, { type: "pkcs8", format: "pem" });
const SMALL_PEM = pemOf("rsa", { modulusLength: 512 }, { type: "pkcs1", format: "pem" });
const EC_PEM = pemOf("ec", { namedCurve: "prime256v1" }, { type: "sec1", format: "pem" });
const PUBLIC_PEM = createPublicKey(PKCS1_PEM).export({ type: "spki", format: "pem" }).toString();

const table: Record<Kind, Record<string, Row[]>> = {
  Domain: {
    name: [
      ["missing", OMIT, NAME_REQUIRED],
      ["whitespace only", "   ", DOMAIN_NAME],
      ["single label", "localhost", DOMAIN_NAME],
      ["label over 63 characters", `${"a".repeat(64)}.example.com`, DOMAIN_NAME],
    ],
    region: [
      ["unknown region", "de", /region must be "us" or "eu" \(got "de"\)/],
      ["empty string", "", /region must be "us" or "eu"/],
      ["AWS-style region", "eu-west-1", /region must be "us" or "eu"/],
      ["a number", 1, /must be "us" or "eu"/],
    ],
    spamAction: [
      ["wrong case", "Tag", /spamAction must be "disabled", "block" or "tag"/],
      ["unknown action", "quarantine", /spamAction must be "disabled", "block" or "tag"/],
      ["empty string", "", /spamAction must be "disabled", "block" or "tag"/],
      ["a boolean", true, /spamAction must be "disabled", "block" or "tag"/],
    ],
    wildcard: [
      ["a string", "true", BOOL("wildcard")],
      ["a number", 1, BOOL("wildcard")],
    ],
    forceDkimAuthority: [["a string", "yes", BOOL("forceDkimAuthority")]],
    dkimKeySize: [
      ["unsupported size", 4096, /dkimKeySize must be 1024 or 2048/],
      ["too small", 512, /dkimKeySize must be 1024 or 2048/],
      ["a string", "2048", /dkimKeySize must be 1024 or 2048/],
    ],
    dkimSelector: [
      ["contains a dot", "mg.2025", /dkimSelector must be a single DNS label/],
      ["empty string", "", /dkimSelector must be a single DNS label/],
      ["over 63 characters", "k".repeat(64), /dkimSelector must be a single DNS label/],
      ["a number", 2025, /dkimSelector must be a string/],
    ],
    webScheme: [
      ["wrong case", "HTTPS", /webScheme must be "http" or "https"/],
      ["unknown scheme", "ftp", /webScheme must be "http" or "https"/],
      ["with ://", "https://", /webScheme must be "http" or "https"/],
    ],
    webPrefix: [
      ["contains a dot", "e.mail", /webPrefix must be a single DNS label/],
      ["trailing whitespace", "email ", /webPrefix must be a single DNS label/],
      ["underscore", "trk_", /webPrefix must be a single DNS label/],
      ["a number", 7, /webPrefix must be a string/],
    ],
    requireTls: [["a string", "yes", BOOL("requireTls")]],
    skipVerification: [["a number", 0, BOOL("skipVerification")]],
    useAutomaticSenderSecurity: [["a string", "false", BOOL("useAutomaticSenderSecurity")]],
    smtpPassword: [
      ["too short", "abc", /smtpPassword must be 5 to 32 characters long/],
      ["too long", "p".repeat(33), /smtpPassword must be 5 to 32 characters long/],
      ["empty string", "", /smtpPassword must be 5 to 32 characters long/],
      ["a number", 12345678, /smtpPassword must be a string/],
    ],
    openTracking: [["a string", "true", BOOL("openTracking")]],
    clickTracking: [
      ["unknown mode", "sometimes", /clickTracking must be true, false or "htmlonly"/],
      ["wrong case", "htmlOnly", /clickTracking must be true, false or "htmlonly"/],
      ["a number", 1, /clickTracking must be true, false or "htmlonly"/],
    ],
    unsubscribeTracking: [["a string", "on", BOOL("unsubscribeTracking")]],
    unsubscribeHtmlFooter: [
      ["without %unsubscribe_url%", "<p>Bye</p>", /unsubscribeHtmlFooter must contain %unsubscribe_url%/],
      ["a number", 42, /unsubscribeHtmlFooter must be a string/],
    ],
    unsubscribeTextFooter: [
      ["without %unsubscribe_url%", "Bye", /unsubscribeTextFooter must contain %unsubscribe_url%/],
    ],
    adopt: [["a string", "yes", BOOL("adopt")]],
    dkimRotation: [
      ["without useAutomaticSenderSecurity", { enabled: true }, /dkimRotation needs useAutomaticSenderSecurity: true/],
      ["interval while disabling", { enabled: false, interval: "7d" }, /dkimRotation.interval is only allowed with enabled: true/],
      ["interval under 5 days", { enabled: true, interval: "24h" }, /dkimRotation.interval must be at least 5 days/],
      ["interval in weeks", { enabled: true, interval: "1w" }, /dkimRotation.interval must be a number of days or hours such as "7d"/],
      ["snake_case key inside", { enabled: true, rotation_interval: "7d" }, /rotation_interval is not a field of dkimRotation; its fields are enabled, interval/],
    ],
    spam_action: [["unknown key (snake_case)", "tag", /spam_action is not a Domain input; did you mean spamAction\?/]],
    SpamAction: [["unknown key (wrong case)", "tag", /SpamAction is not a Domain input; did you mean spamAction\?/]],
    dkimKeysize: [["unknown key (wrong case)", 2048, /dkimKeysize is not a Domain input; did you mean dkimKeySize\?/]],
    tags: [["unknown key", ["a"], /tags is not a Domain input; the inputs are name, region, /]],
  },
  Route: {
    expression: [
      ["whitespace only", "   ", /expression must not be empty/],
      ["unquoted pattern", "match_recipient(.*@mg.example.com)", /is not a Mailgun filter; use match_recipient\("regex"\)/],
      ["joined with or", 'match_recipient("a@mg.example.com") or match_recipient("b@mg.example.com")', /is not a Mailgun filter/],
      ["invalid regular expression", 'match_recipient("(support@mg.example.com")', /is not a valid regular expression/],
    ],
    actions: [
      ["missing", OMIT, /actions must be a list/],
      ["empty list", [], /actions needs at least one action/],
      ["a string, not a list", 'forward("ops@example.com")', /actions must be a list/],
      ["unquoted destination", "forward(ops@example.com)", /is not a Mailgun action/, ITEM],
      ["destination neither address nor URL", 'forward("ops")', /forward destination "ops" is neither an email address nor an http\(s\) URL/, ITEM],
      ["empty destination", 'forward("")', /is neither an email address nor an http\(s\) URL/, ITEM],
      ["store notify not http(s)", 'store(notify="ftp://example.com/x")', /store\(notify=\.\.\.\) needs an http\(s\) URL/, ITEM],
      ["unknown action", "drop()", /is not a Mailgun action; use forward/, ITEM],
      ["wrong case", 'Forward("ops@example.com")', /is not a Mailgun action/, ITEM],
      ["no parentheses", "stop", /is not a Mailgun action/, ITEM],
      ["two actions in one string", 'forward("ops@example.com") stop()', /is not a Mailgun action/, ITEM],
      ["empty string", "", /is not a Mailgun action/, ITEM],
      ["over 4096 bytes", `forward("https://example.com/${"a".repeat(4100)}")`, /longer than Mailgun's limit of 4096 bytes/, ITEM],
      ["a number", 42, /each action must be a string/, ITEM],
    ],
    priority: [
      ["negative", -1, /priority must be 0 or more/],
      ["fraction", 1.5, /priority must be a whole number/],
      ["a string", "10", /priority must be a whole number/],
    ],
    description: [
      ["a number", 42, /description must be a string/],
      ["over 4096 characters", "d".repeat(4097), /description must be at most 4096 characters/],
    ],
    region: [["unknown region", "EU-west", /region must be "us" or "eu"/]],
    adopt: [["a string", "true", BOOL("adopt")]],
    filter: [["unknown key", 'match_recipient(".*")', /filter is not a Route input; the inputs are expression, actions, /]],
    Priority: [["unknown key (wrong case)", 1, /Priority is not a Route input; did you mean priority\?/]],
  },
  Webhook: {
    domain: [
      ["empty label", "mg..example.com", DOMAIN_NAME],
      ["a URL", "https://mg.example.com", DOMAIN_NAME],
      ["space inside", "mg example.com", DOMAIN_NAME],
      ["a number", 42, NAME_REQUIRED],
    ],
    url: [
      ["empty string", "", /url must be an absolute http:\/\/ or https:\/\/ URL/],
      ["no scheme", "example.com/hooks/mailgun", /url must be an absolute http:\/\/ or https:\/\/ URL/],
      ["ftp scheme", "ftp://example.com/hooks", /url must be an absolute http:\/\/ or https:\/\/ URL/],
      ["surrounding whitespace", " https://example.com/hooks/mailgun ", /the URL has leading or trailing whitespace; remove it/],
    ],
    events: [
      ["a string, not a list", "opened", /events must be a list of Mailgun event names/],
      ["empty list", [], /events needs at least one of/],
      ["duplicate event", ["opened", "opened"], /events lists "opened" more than once/],
      ["unknown event", "open", /"open" is not a Mailgun webhook event; use one of accepted, clicked/, ITEM],
      ["wrong case", "Opened", /"Opened" is not a Mailgun webhook event/, ITEM],
      ["legacy event name", "bounce", /"bounce" is not a Mailgun webhook event/, ITEM],
      ["surrounding whitespace", " delivered", /" delivered" is not a Mailgun webhook event/, ITEM],
      ["a number", 42, /is not a Mailgun webhook event/, ITEM],
    ],
    region: [["unknown region", "asia", /region must be "us" or "eu" \(got "asia"\)/]],
    adopt: [["a string", "no", BOOL("adopt")]],
    event: [["unknown key", ["opened"], /event is not a Webhook input; did you mean events\?/]],
  },
  SendingKey: {
    domain: [
      ["missing", OMIT, NAME_REQUIRED],
      ["leading hyphen", "-mg.example.com", DOMAIN_NAME],
      ["over 253 characters", `${Array.from({ length: 26 }, () => "abcdefghi").join(".")}.com`, DOMAIN_NAME],
      ["an email address", "postmaster@mg.example.com", DOMAIN_NAME],
    ],
    description: [
      ["a number", 42, /description must be a string/],
      ["over 200 characters", "k".repeat(201), /description must be at most 200 characters/],
    ],
    expiration: [
      ["zero", 0, /expiration must be more than 0 seconds/],
      ["fraction", 1.5, /expiration must be a whole number of seconds/],
      ["a duration string", "90d", /expiration must be a number of seconds/],
      ["over 10 years", 315_360_001, /expiration must be at most 315360000 seconds/],
    ],
    rotation: [["a number", 2, /rotation must be a string/]],
    region: [["empty string", "", /region must be "us" or "eu"/]],
    role: [["unknown key", "admin", /role is not a SendingKey input; the inputs are domain, description, /]],
    kind: [["unknown key", "user", /kind is not a SendingKey input; the inputs are domain, description, /]],
    Description: [["unknown key (wrong case)", "ci", /Description is not a SendingKey input; did you mean description\?/]],
  },
  DkimKey: {
    signingDomain: [
      ["missing", OMIT, NAME_REQUIRED],
      ["a URL", "https://mg.example.com", DOMAIN_NAME],
    ],
    selector: [
      ["missing", OMIT, /selector must be a string such as s2025/],
      ["underscore", "s_1", /selector must be one or more DNS labels/],
      ["with ._domainkey", "s1._domainkey", /selector must be one or more DNS labels/],
      ["empty string", "", /selector must be one or more DNS labels/],
    ],
    bits: [
      ["unsupported size", 4096, /bits must be 1024 or 2048/],
      ["a string", "2048", /bits must be 1024 or 2048/],
    ],
    pem: [
      ["not a PEM", "MIIEowIBAAKCAQEA", /pem must be an RSA private key in PEM form/],
      ["PKCS#8", PKCS8_PEM, /pem is in PKCS#8 form \(BEGIN PRIVATE KEY\); Mailgun takes PKCS#1 only .*openssl rsa/],
      ["a public key", PUBLIC_PEM, /pem holds a public key or certificate; Mailgun needs the private key/],
      ["an EC key", EC_PEM, /pem is not an RSA key \(it is ec\); Mailgun signs DKIM with RSA keys only/],
      ["a 512-bit key", SMALL_PEM, /pem holds a 512-bit key; DKIM verifiers reject keys under 1024 bits/],
      ["truncated", `${PKCS1_PEM.slice(0, 200)}\n-----END RSA PRIVATE KEY-----\n`, /pem could not be read as a private key/],
    ],
    active: [["a string", "yes", BOOL("active")]],
    region: [["unknown region", "ap", /region must be "us" or "eu"/]],
    adopt: [["a number", 1, BOOL("adopt")]],
    signing_domain: [["unknown key (snake_case)", "mg.example.com", /signing_domain is not a DkimKey input; did you mean signingDomain\?/]],
    key: [["unknown key", "x", /key is not a DkimKey input; the inputs are signingDomain, selector, /]],
  },
};

export const badInputs: BadInput[] = Object.entries(table).flatMap(([kind, fields]) =>
  Object.entries(fields).flatMap(([field, rows]) =>
    rows.map(([what, value, reason, options]) => ({ kind: kind as Kind, field, key: field, what, value, reason, item: options?.item ?? false })),
  ),
);

/** The case's arguments on its own: the kind's valid base with the one bad change. */
export function argsOf(c: BadInput): Record<string, unknown> {
  const args = { ...base[c.kind] };
  if (c.value === OMIT) delete args[c.key];
  else args[c.key] = c.item ? [c.value] : c.value;
  return args;
}
