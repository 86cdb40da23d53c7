import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { KINDS, type ResourceKind } from "../../provider";
import { definitions } from "../../provider/resources/fields";
import { exampleInputs } from "../../provider/resources/fields/define";

/**
 * Bad inputs a new user tries (issue 10), listed by resource kind and field. Every one must be
 * refused by the kind's check, so at `pulumi preview`, with a failure that reads
 * `<Kind>: [<field>] <reason>`, before any call to Mailgun. bad-inputs.test.ts runs each row
 * through the handler as the provider process runs it; test/engine/check-failures.test.ts shows
 * the engine printing such failures.
 *
 * A case is the valid `base` args of its kind with one change: `value` set on `key` (an unknown
 * key is a field of its own), as the whole value or as the one item of a list (`item`), or the key
 * left out (`OMIT`). A rule between fields names another field (`names`) or needs other fields
 * set (`with`); a rule across the resources of a run needs others checked before it (`earlier`).
 * `reason` is matched against the text after `[field] ` (or `[field.<index>] ` for a list item).
 */
export type Kind = ResourceKind;

export const OMIT = Symbol("omit");

/** A resource of the same run, declared (and checked) before the case's own. */
export interface Declared {
  name: string;
  args: Record<string, unknown>;
}

export interface BadInput {
  kind: Kind;
  /** The field the failure must name in brackets. */
  field: string;
  /** The argument key the case sets. */
  key: string;
  /** What is wrong, in a few words (the test's name). */
  what: string;
  value: unknown;
  /** Matched against the failure text after `<Kind>: [<field>] `. */
  reason: RegExp;
  /** `value` is one item of the list field `key`. */
  item: boolean;
  /** Valid values of other fields that the rule needs besides the change. */
  with: Record<string, unknown>;
  /** Resources of the kind checked earlier in the same run (they pass). */
  earlier: Declared[];
  /** The resource's name in the program, when the failure names resources. */
  name?: string;
}

/** Valid arguments of each kind (the examples of its field definition); a case changes one field of these. */
export const base = Object.fromEntries(KINDS.map((k) => [k, exampleInputs(definitions[k])])) as Record<Kind, Record<string, unknown>>;

interface RowOptions {
  /** The value is one item of a list field. */
  item?: true;
  /** The field the failure names, when the rule concerns another field than the one set. */
  names?: string;
  with?: Record<string, unknown>;
  earlier?: Declared[];
  name?: string;
}
type Row = [what: string, value: unknown, reason: RegExp, options?: RowOptions];
const ITEM = { item: true } as const;

const DOMAIN_NAME = /not a valid domain name; use lower-case labels separated by dots/;
const NAME_REQUIRED = /must be a domain name such as mg\.example\.com/;
const BOOL = (f: string) => new RegExp(`${f} must be true or false`);
const WAIT_FOR = /waitFor must be a non-empty list of "sending", "receiving" and "tracking", e\.g\. \["sending"\]/;

/** Keys made once per run, for the pem cases (never real secrets). */
const pemOf = (type: "rsa" | "ec", options: object, encoding: object) =>
  (generateKeyPairSync as (t: string, o: object) => { privateKey: KeyObject; publicKey: KeyObject })(type, options)
    .privateKey.export(encoding as never).toString();
const PKCS1_PEM = pemOf("rsa", { modulusLength: 1024 }, { type: "pkcs1", format: "pem" });
const PKCS8_PEM = pemOf("rsa", { modulusLength: 1024 }, { type: "pkcs8", format: "pem" });
const SMALL_PEM = pemOf("rsa", { modulusLength: 512 }, { type: "pkcs1", format: "pem" });
const EC_PEM = pemOf("ec", { namedCurve: "prime256v1" }, { type: "sec1", format: "pem" });
const PUBLIC_PEM = createPublicKey(PKCS1_PEM).export({ type: "spki", format: "pem" }).toString();

/**
 * Run-wide rules (provider/resources/template-slots.ts): the provider process keeps what the
 * run declared so far, so each such row puts its resources on a domain of its own.
 */
const templates = (domain: string, n: number): Declared[] => Array.from({ length: n }, (_, i) => ({ name: `t${i}`, args: { domain, name: `t${i}` } }));
const versions = (domain: string, n: number): Declared[] =>
  Array.from({ length: n }, (_, i) => ({ name: `x${i}`, args: { domain, template: "news", tag: `x${i}`, content: "x" } }));

/** Webhooks named `names` subscribing their own URLs to "opened" (provider/resources/webhook-slots.ts). */
const openedHooks = (domain: string, names: string[]): Declared[] =>
  names.map((name) => ({ name, args: { domain, url: `https://${name}.example.com/mailgun`, events: ["opened"] } }));
const accountHooks = (names: string[]): Declared[] => names.map((name) => ({ name, args: { url: `https://${name}.example.com/h`, eventTypes: ["opened"] } }));

const table: Record<Kind, Record<string, Row[]>> = {
  Domain: {
    name: [
      ["missing", OMIT, NAME_REQUIRED],
      ["whitespace only", "   ", DOMAIN_NAME],
      ["single label", "localhost", DOMAIN_NAME],
      ["words with spaces", "not a domain", /"not a domain" is not a valid domain name/],
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
      ["without %unsubscribe_url%, unsubscribe tracking on", "<p>bye</p>", /unsubscribeHtmlFooter must contain %unsubscribe_url%/, { with: { unsubscribeTracking: true } }],
      ["a number", 42, /unsubscribeHtmlFooter must be a string/],
    ],
    unsubscribeTextFooter: [
      ["without %unsubscribe_url%", "Bye", /unsubscribeTextFooter must contain %unsubscribe_url%/],
      ["without %unsubscribe_url%, unsubscribe tracking on", "bye", /unsubscribeTextFooter must contain %unsubscribe_url%/, { with: { unsubscribeTracking: true } }],
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
      ["unknown filter function", "match_everything()", /"match_everything\(\)" is not a Mailgun filter/],
    ],
    actions: [
      ["missing", OMIT, /actions must be a list/],
      ["empty list", [], /actions needs at least one action/],
      ["a string, not a list", 'forward("ops@example.com")', /actions must be a list/],
      ["unquoted destination", "forward(ops@example.com)", /is not a Mailgun action/, ITEM],
      ["unquoted word as destination", "forward(nowhere)", /"forward\(nowhere\)" is not a Mailgun action/, ITEM],
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
      ["the URL of another Webhook of the run, on the same event", "https://a.example.com/mailgun", /Webhooks "a", "a-again" both subscribe the same URL to "opened" on same-url\.example\.com/, {
        names: "events", name: "a-again", with: { domain: "same-url.example.com", events: ["opened"] }, earlier: openedHooks("same-url.example.com", ["a"]),
      }],
    ],
    events: [
      ["a string, not a list", "opened", /events must be a list of Mailgun event names/],
      ["empty list", [], /events needs at least one of/],
      ["duplicate event", ["opened", "delivered", "opened"], /events lists "opened" more than once; list each event once/],
      ["a 4th URL on one event in a run", ["opened"], /"opened" on limits\.example\.com would get 4 URLs in region us: Webhooks "a", "b", "c" and this one \("d"\) subscribe to it, and Mailgun allows at most 3 URLs per event/, {
        name: "d", with: { domain: "limits.example.com", url: "https://d.example.com/mailgun" }, earlier: openedHooks("limits.example.com", ["a", "b", "c"]),
      }],
      ["unknown event", "open", /"open" is not a Mailgun webhook event; use one of accepted, clicked/, ITEM],
      ["wrong case", "Opened", /"Opened" is not a Mailgun webhook event/, ITEM],
      ["legacy event name", "bounce", /"bounce" is not a Mailgun webhook event/, ITEM],
      ["past tense of a legacy name", "bounced", /"bounced" is not a Mailgun webhook event/, ITEM],
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
  DomainVerification: {
    domain: [
      ["missing", OMIT, NAME_REQUIRED],
      ["a URL", "https://mg.example.com/", DOMAIN_NAME],
    ],
    region: [["unknown region", "ap", /region must be "us" or "eu" \(got "ap"\)/]],
    waitFor: [
      ["a single string, not a list", "sending", WAIT_FOR],
      ["empty list", [], WAIT_FOR],
      ["unknown category", "dns", WAIT_FOR, ITEM],
      ["a record type instead of its category", "MX", WAIT_FOR, ITEM],
      ["a category twice", ["sending", "sending"], /waitFor lists "sending" more than once; list each category once/],
    ],
    timeoutSeconds: [
      ["below 5 s", 1, /timeoutSeconds must be at least 5 \(seconds\)/],
      ["over 2 hours", 86_400, /timeoutSeconds must be at most 7200 \(2 hours\): a longer wait holds the whole pulumi up/],
      ["fraction", 30.5, /timeoutSeconds must be a whole number of seconds/],
      ["a duration string", "10m", /timeoutSeconds must be a number of seconds from 5 to 7200, e\.g\. 600/],
    ],
    timeout: [["unknown key", 60, /timeout is not a DomainVerification input; the inputs are domain, region, waitFor, timeoutSeconds/]],
    wait_for: [["unknown key (snake case)", ["sending"], /wait_for is not a DomainVerification input; did you mean waitFor\?/]],
  },
  // Rules between fields: the base is a kind "user" key (the default), so each row changes one thing against it.
  ApiKey: {
    role: [
      ["sending on a user key", "sending", /role "sending" is only for kind "domain" keys/],
      ["missing", OMIT, /role is required: one of admin, basic, sending, developer/],
      ["Mailgun user role, not a key role", "billing", /role "billing" is not a Mailgun key role; use one of admin, basic, sending, developer/],
    ],
    kind: [
      ["unknown kind", "account", /kind "account" is not a Mailgun key kind; use one of user, domain, web/],
      ["web without email", "web", /email is required for kind "web" keys/, { names: "email" }],
      ["web without userId", "web", /userId is required for kind "web" keys/, { names: "userId" }],
      ["domain with a role other than sending", "domain", /kind "domain" keys are domain sending keys: set role: "sending"/, { names: "role" }],
      ["domain without domainName", "domain", /domainName is required for kind "domain"/, { names: "domainName" }],
      ["a number", 1, /kind "1" is not a Mailgun key kind/],
    ],
    domainName: [
      ["a URL", "https://mg.example.com", DOMAIN_NAME],
      ["a number", 7, NAME_REQUIRED],
      ["on a user key", "mg.example.com", /domainName applies only to kind "domain" keys/],
    ],
    description: [["over 200 characters", "k".repeat(201), /description must be at most 200 characters/]],
    expiration: [
      ["negative", -60, /expiration must be more than 0 seconds/],
      ["a duration string", "1d", /expiration must be a number of seconds/],
      ["over a day on a web key", 172_800, /expiration of a kind "web" key is at most 86400 seconds/, { with: { kind: "web", email: "jane@example.com", userId: "u1" } }],
    ],
    email: [
      ["not an address", "jane", /email "jane" is not an email address/],
      ["a list", ["a@example.com"], /email must be a string/],
      ["on a user key", "jane@example.com", /email applies only to kind "web" keys/],
    ],
    userId: [
      ["empty", "", /userId must not be empty/],
      ["on a user key", "u1", /userId applies only to kind "web" keys/],
    ],
    userName: [["a number", 5, /userName must be a string/]],
    rotation: [["a boolean", true, /rotation must be a string/]],
    region: [["unknown region", "ap", /region must be "us" or "eu" \(got "ap"\)/]],
    domain: [["unknown key (SendingKey's spelling)", "mg.example.com", /domain is not an ApiKey input; the inputs are role, kind, domainName, /]],
    domain_name: [["unknown key (Mailgun's spelling)", "mg.example.com", /domain_name is not an ApiKey input; did you mean domainName\?/]],
  },
  AccountWebhook: {
    url: [
      ["missing", OMIT, /must be an http\(s\) URL/],
      ["mailto", "mailto:ops@example.com", /url must be an absolute http:\/\/ or https:\/\/ URL/],
    ],
    eventTypes: [
      ["missing", OMIT, /eventTypes must be a list of Mailgun event names/],
      ["duplicate event", ["clicked", "clicked"], /eventTypes lists "clicked" more than once/],
      ["a 4th account-level URL on one event in a run", ["opened"], /"opened" would get 4 account-level URLs in region us: AccountWebhooks "w1", "w2", "w3" and this one \("w4"\)/, {
        name: "w4", with: { url: "https://w4.example.com/h" }, earlier: accountHooks(["w1", "w2", "w3"]),
      }],
      ["unknown event", "bounced", /"bounced" is not a Mailgun webhook event; use one of accepted, clicked/, ITEM],
      ["wrong case", "Delivered", /"Delivered" is not a Mailgun webhook event/, ITEM],
    ],
    description: [
      ["a number", 3, /description must be a string/],
      ["over 1024 characters", "d".repeat(1025), /description must be at most 1024 characters/],
    ],
    region: [["unknown region", "global", /region must be "us" or "eu" \(got "global"\)/]],
    adopt: [["a string", "yes", BOOL("adopt")]],
    events: [["unknown key (Webhook's spelling)", ["delivered"], /events is not an AccountWebhook input; the inputs are url, eventTypes, /]],
    event_types: [["unknown key (Mailgun's spelling)", ["delivered"], /event_types is not an AccountWebhook input; did you mean eventTypes\?/]],
  },
  DomainCredential: {
    domain: [
      ["missing", OMIT, NAME_REQUIRED],
      ["a URL", "https://mg.example.com", DOMAIN_NAME],
    ],
    login: [
      ["missing", OMIT, /login must be a string: the SMTP user name/],
      ["with a space", "al ice", /"al ice" is not an SMTP login; use a user name such as "alice"/],
      ["over 64 characters", "a".repeat(65), /is not an SMTP login/],
      ["address on another domain", "alice@other.example.com", /login "alice@other\.example\.com" is an address on other\.example\.com, not on domain mg\.example\.com; use "alice" or "alice@mg\.example\.com"/],
      // Issue 20 item 6: the domain's own login is managed through the Domain's smtpPassword.
      ["the domain's postmaster", "postmaster", /login "postmaster" is the domain's own SMTP login, .*set its password with the Domain's smtpPassword/],
      ["postmaster as an address", "Postmaster@mg.example.com", /login "postmaster" is the domain's own SMTP login/],
    ],
    password: [
      ["too short", "abcd", /password must be 5 to 32 characters long \(Mailgun's rule\)/],
      ["too long", "p".repeat(33), /password must be 5 to 32 characters long/],
      ["empty string", "", /password must be 5 to 32 characters long/],
      ["a number", 12345678, /password must be a string/],
    ],
    region: [["unknown region", "ap", /region must be "us" or "eu" \(got "ap"\)/]],
    adopt: [["a string", "true", BOOL("adopt")]],
    mailbox: [["unknown key", "alice", /mailbox is not a DomainCredential input; the inputs are domain, login, password, region, adopt/]],
    Password: [["unknown key (wrong case)", "secret-1", /Password is not a DomainCredential input; did you mean password\?/]],
  },
  IpAllowlistEntry: {
    // More address cases (prefix lengths, zone ids, IPv6): test/unit/ip-address.test.ts.
    address: [
      ["missing", OMIT, /address must be a string: an IP address or CIDR range/],
      ["a host name", "office.example.com", /"office\.example\.com" is not an IP address or CIDR range; use one such as 203\.0\.113\.50/],
      ["range not at its first address", "203.0.113.5/24", /write the range by its first address: 203\.0\.113\.0\/24/],
      ["surrounding whitespace", " 203.0.113.50", /has leading or trailing whitespace; remove it/],
    ],
    description: [["a number", 42, /description must be a string/]],
    adopt: [["a string", "yes", BOOL("adopt")]],
    region: [["unknown key (account-wide, no region)", "eu", /region is not an IpAllowlistEntry input; the inputs are address, description, adopt/]],
    Address: [["unknown key (wrong case)", "203.0.113.50", /Address is not an IpAllowlistEntry input; did you mean address\?/]],
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
  Bounce: {
    domain: [
      ["missing", OMIT, NAME_REQUIRED],
      ["an address", "mg@example.com", DOMAIN_NAME],
    ],
    address: [
      ["missing", OMIT, /address must be an email address, e\.g\. alice@example\.com/],
      ["no @", "bounced.example.com", /"bounced\.example\.com" is not an email address; write it as local-part@domain/],
      ["with a space", "bad guy@example.com", /the part before @ may hold letters, digits/],
      ["host not a domain", "alice@localhost", /"localhost" is not a domain name/],
    ],
    code: [
      ["not an error code", 250, /code must be an SMTP error code from 400 to 599, e\.g\. 550/],
      ["a string", "550", /code must be a number: the SMTP error code/],
      ["not whole", 550.5, /code must be a whole number/],
    ],
    error: [
      ["a number", 550, /error must be a string: the SMTP error message/],
      ["10,000 characters", "e".repeat(10_000), /error must be at most 512 characters \(an SMTP reply line's limit\)/],
    ],
    region: [["unknown region", "ap", /region must be "us" or "eu" \(got "ap"\)/]],
    adopt: [["a string", "yes", BOOL("adopt")]],
    message: [["unknown key", "x", /message is not a Bounce input; the inputs are domain, address, code, error, region, adopt/]],
  },
  Unsubscribe: {
    address: [["no domain part", "left@", /"left@" is not an email address/]],
    tags: [
      ["empty list", [], /tags needs at least one tag; \["\*"\] \(the default\)/],
      ["a string", "newsletter", /tags must be a list of tag names/],
      ["a tag twice", ["news", "news"], /tags lists "news" more than once/],
      ['"*" with another tag', ["*", "news"], /tags has "\*" \(all of the domain's mail\) and other tags; give either \["\*"\] or the tags/],
      ["a blank tag", "  ", /a tag cannot be blank or have leading or trailing spaces/, ITEM],
    ],
    tag: [["unknown key (Mailgun's form field)", "news", /tag is not an Unsubscribe input; the inputs are domain, address, tags, region, adopt/]],
  },
  Complaint: {
    address: [["missing", OMIT, /address must be an email address/]],
    tags: [["unknown key", ["x"], /tags is not a Complaint input; the inputs are domain, address, region, adopt/]],
  },
  SuppressionAllowlist: {
    // The base sets address: "both" adds allowedDomain, "neither" leaves address out.
    address: [
      ["not an address", "qa.example.com", /"qa\.example\.com" is not an email address/],
      ["neither address nor allowedDomain", OMIT, /set exactly one of address \(one email address, e\.g\. qa@example\.com\) and allowedDomain .*; this entry sets neither/],
    ],
    allowedDomain: [["both address and allowedDomain", "example.com", /set exactly one of address .* and allowedDomain .*; this entry sets both/]],
    region: [["unknown region", "mars", /region must be "us" or "eu" \(got "mars"\)/]],
    value: [["unknown key (Mailgun's field)", "qa@example.com", /value is not a SuppressionAllowlist input; the inputs are domain, address, allowedDomain, region, adopt/]],
  },
  MailingList: {
    address: [
      ["missing", OMIT, /address is required: an e-mail address such as devs@mg\.example\.com/],
      ["no @", "devs", /address "devs" is not an e-mail address: it has no @ with a mailbox before it/],
      ["at written out", "devs at lists.example.com", /address "devs at lists\.example\.com" is not an e-mail address/],
      ["with a display name", "Devs <devs@mg.example.com>", /is not an e-mail address: the part before the @ is not a mailbox name/],
      ["single-label domain", "devs@localhost", /address "devs@localhost" is not an e-mail address: the part after the @ is not a domain name/],
    ],
    name: [
      ["a number", 7, /name must be a string/],
      ["10,000 characters", "n".repeat(10_000), /name must be at most 255 characters/],
    ],
    description: [
      ["a list", ["a"], /description must be a string/],
      ["10,000 characters", "d".repeat(10_000), /description must be at most 1024 characters/],
    ],
    accessLevel: [
      ["unknown level", "public", /accessLevel must be "readonly", "members" or "everyone"/],
      ["wrong case", "Members", /accessLevel must be "readonly", "members" or "everyone"/],
    ],
    replyPreference: [["unknown preference", "all", /replyPreference must be "list" or "sender"/]],
    region: [["unknown region", "ap", /region must be "us" or "eu" \(got "ap"\)/]],
    adopt: [["a string", "yes", BOOL("adopt")]],
    access_level: [["unknown key (Mailgun's spelling)", "members", /access_level is not a MailingList input; did you mean accessLevel\?/]],
    // (membersCount, an output, cannot be passed: the SDK class sets it, as every class does its outputs.)
    members: [["unknown key (members belong in MailingListMember)", ["jane@example.com"], /members is not a MailingList input; the inputs are address, name, /]],
  },
  MailingListMember: {
    list: [
      ["missing", OMIT, /list is required: an e-mail address such as devs@mg\.example\.com/],
      ["a list name, not its address", "devs", /list "devs" is not an e-mail address/],
    ],
    address: [
      ["missing", OMIT, /address is required: an e-mail address such as jane@example\.com/],
      ["with a space", "jane doe@example.com", /address "jane doe@example\.com" is not an e-mail address/],
      ["no @", "not-an-address", /address "not-an-address" is not an e-mail address/],
    ],
    name: [["a number", 1, /name must be a string/]],
    vars: [
      ["a JSON string", '{"plan":"pro"}', /vars must be an object, e\.g\. \{ plan: "pro", age: 27 \}/],
      ["a list", ["pro"], /vars must be an object/],
      ["a Date (Pulumi would store it as {})", new Date(0), /vars must be an object/],
    ],
    subscribed: [["a string", "yes", BOOL("subscribed")]],
    region: [["unknown region", "apac", /region must be "us" or "eu"/]],
    adopt: [["a number", 1, BOOL("adopt")]],
    upsert: [["unknown key (Mailgun's word)", true, /upsert is not a MailingListMember input; the inputs are list, address, /]],
  },
  Template: {
    domain: [
      ["missing", OMIT, NAME_REQUIRED],
      ["a URL", "https://mg.example.com", DOMAIN_NAME],
    ],
    name: [
      ["missing", OMIT, /name must be a string, e\.g\. "order-shipped"/],
      ["empty string", "", /name must not be empty/],
      ["with a slash", "orders/shipped", /name "orders\/shipped" cannot be used: Mailgun takes it in the URL path, so it must not contain "\/"/],
      ["surrounding whitespace", " order-shipped", /name has leading or trailing whitespace; remove it/],
      ["declared twice in a run (Mailgun lower-cases names)", "order-shipped", /Templates "a", "b" both declare template "order-shipped" on twice\.example\.com/, {
        name: "b", with: { domain: "twice.example.com" }, earlier: [{ name: "a", args: { domain: "twice.example.com", name: "Order-Shipped" } }],
      }],
      ["the 101st of a run on one domain", "t100", /the program declares 101 Templates on many\.example\.com in region us \(.* and this one, "t100"\), and Mailgun stores at most 100 templates per domain/, {
        name: "t100", with: { domain: "many.example.com" }, earlier: templates("many.example.com", 100),
      }],
    ],
    description: [["a number", 7, /description must be a string/]],
    region: [["unknown region", "ap", /region must be "us" or "eu" \(got "ap"\)/]],
    adopt: [["a string", "yes", BOOL("adopt")]],
    content: [["unknown key (content lives in versions)", "<p>x</p>", /content is not a Template input; the inputs are domain, name, description, region, adopt/]],
    Name: [["unknown key (wrong case)", "order-shipped", /Name is not a Template input; did you mean name\?/]],
  },
  TemplateVersion: {
    domain: [["a URL", "https://mg.example.com", DOMAIN_NAME]],
    template: [
      ["missing", OMIT, /template must be a string, e\.g\. "order-shipped"/],
      ["with a slash", "a/b", /template "a\/b" cannot be used: Mailgun takes it in the URL path/],
    ],
    tag: [
      ["missing", OMIT, /tag must be a string, e\.g\. "v1"/],
      ["empty string", "", /tag must not be empty/],
      ["a bare dot", ".", /tag "\." cannot be used/],
      ["the 41st version of a template in a run", "x40", /the program declares 41 versions of template "news" on versions\.example\.com .* and Mailgun stores at most 40 versions per template/, {
        name: "x40", with: { domain: "versions.example.com", template: "news" }, earlier: versions("versions.example.com", 40),
      }],
    ],
    content: [
      ["missing", OMIT, /content must be a string: the template body/],
      ["empty string", "", /content must not be empty: Mailgun requires the template body/],
      ["whitespace only", "  \n\t ", /content must not be only whitespace/],
      ["an {{#if}} never closed", "{{#if vip}}<p>Hi</p>", /content opens \{\{#if\}\} and never closes it; add \{\{\/if\}\}/],
      ["blocks closed out of order", "{{#if a}}{{#each b}}x{{/if}}{{/each}}", /content closes \{\{\/if\}\} while \{\{#each\}\} is open/],
      ["a close with no open", "<p>x</p>{{/if}}", /content closes \{\{\/if\}\} where no block is open/],
    ],
    engine: [["not handlebars", "mjml", /engine must be "handlebars" \(got "mjml"\): it is the one engine Mailgun's template API renders/]],
    headers: [
      ["a header Mailgun does not take", { "X-Campaign": "spring" }, /header "X-Campaign" is not one Mailgun templates take; only From, Subject, Reply-To/],
      ["wrong spelling", { reply_to: "help@example.com" }, /header "reply_to" must be spelled "Reply-To"/],
      ["a string", "Subject: hi", /headers must be an object such as \{ Subject: "Your order \{\{id\}\}" \}/],
      ["a From that is no address", { From: "Shop" }, /header "From" must be an address such as "Shop <shop@mg\.example\.com>"/],
    ],
    comment: [["a number", 1, /comment must be a string/]],
    active: [
      ["a string", "yes", BOOL("active")],
      ["a second active version of one template in a run", true, /TemplateVersions "v1", "v2" both set active: true for template "news" on active\.example\.com/, {
        name: "v2", with: { domain: "active.example.com", template: "news", tag: "v2" },
        earlier: [{ name: "v1", args: { domain: "active.example.com", template: "news", tag: "V1", content: "<p>one</p>", active: true } }],
      }],
    ],
    region: [["unknown region", "ap", /region must be "us" or "eu"/]],
    adopt: [["a number", 1, BOOL("adopt")]],
    body: [["unknown key", "<p>x</p>", /body is not a TemplateVersion input; the inputs are domain, template, tag, content, /]],
  },
};

// Every kind takes `account` (provider/accounts.ts); a value that is no mailgun.Account is refused.
for (const fields of Object.values(table)) fields.account = [["not a mailgun.Account", "eu-account", /pass a mailgun\.Account \(`new mailgun\.Account\(name, /]];

export const badInputs: BadInput[] = Object.entries(table).flatMap(([kind, fields]) =>
  Object.entries(fields).flatMap(([key, rows]) =>
    rows.map(([what, value, reason, o = {}]) => ({
      kind: kind as Kind, field: o.names ?? key, key, what, value, reason, item: o.item ?? false, with: o.with ?? {}, earlier: o.earlier ?? [], name: o.name,
    })),
  ),
);

/** The case's arguments on its own: the kind's valid base with the bad change (and the fields its rule needs). */
export function argsOf(c: BadInput): Record<string, unknown> {
  const args = { ...base[c.kind], ...c.with };
  if (c.value === OMIT) delete args[c.key];
  else args[c.key] = c.item ? [c.value] : c.value;
  return args;
}
