/**
 * Mailgun errors as data: one class per error the emulator can answer, each with its HTTP
 * status and the message Mailgun sends. Models throw them; `routes/respond.ts` renders them.
 * Messages marked "recorded" come from real captures (shared/mailgun-reference/recordings),
 * "spec" from Mailgun's OpenAPI examples; the rest are our choice where no source exists
 * (listed in the emulator README section of the branch report).
 */
export class MailgunError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = new.target.name;
  }
  /** Body sent to the client. Every in-scope family answers `{"message": ...}` on the wire. */
  body(): Record<string, unknown> {
    return { message: this.message };
  }
}

/** 401 is plain text, not JSON (recorded: exceptions-invalid-api-key.yml, exceptions.yml 2025). */
export class Forbidden extends MailgunError {
  constructor() { super(401, "Forbidden"); }
}

/**
 * 403: the key is valid but its role may not make this call. JSON `{"message":"Forbidden"}` as
 * the spec's 403 examples (GET/POST /v1/webhooks, GET /v2/ip_whitelist) show.
 */
export class NotPermitted extends MailgunError {
  constructor() { super(403, "Forbidden"); }
}

export class BadRequest extends MailgunError {
  constructor(message: string) { super(400, message); }
}

export class NotFound extends MailgunError {
  constructor(message: string) { super(404, message); }
}

/** spec: 404 examples of the domains service. */
export class DomainNotFound extends NotFound {
  constructor() { super("Domain not found"); }
}

/** recorded: domains.todo.yml (v3 create of an existing name). */
export class DomainNameTaken extends BadRequest {
  constructor() { super("This domain name is already taken"); }
}

/** recorded by mailgun.js issues #154/#177: `Missing parameter 'id'`, `Missing parameter 'name'`. */
export class MissingParameter extends BadRequest {
  constructor(name: string) { super(`Missing parameter '${name}'`); }
}

/** Our wording for malformed values (no source shows Mailgun's). */
export class InvalidParameter extends BadRequest {
  constructor(name: string, value: string, expected?: string) {
    super(`Invalid value for parameter '${name}': '${value}'${expected ? `; expected ${expected}` : ""}`);
  }
}

/** spec op=POST-v4-domains 400 example; the only wording known, used for both bounds. */
export class PasswordLength extends BadRequest {
  constructor() { super("Password is too short. It must be between 5 and 32 characters."); }
}

/** wgebis/terraform-provider-mailgun PR #17 (2021). */
export class SamePassword extends BadRequest {
  constructor() { super("New password cannot be the same as old password."); }
}

/** spec op=POST-v3-domains--domain-name--credentials. */
export class LoginMissing extends BadRequest {
  constructor() { super("Parameter 'login' is missing"); }
}

/** spec op=PUT-v3-domains--domain-name--credentials--spec-. */
export class CredentialsNotFound extends NotFound {
  constructor() { super("Credentials not found"); }
}

/** spec op=DELETE-v3-domains--domain-name--credentials--spec-. */
export class SystemMailbox extends BadRequest {
  constructor(login: string) { super(`Cannot delete system mailbox: ${login}`); }
}

/** spec op=GET-v3-domains--domain-name--credentials. */
export class CredentialsLimit extends BadRequest {
  constructor() { super("Limit parameter can't be larger than 1000"); }
}

/** Our wording: Mailgun's answer to a second create of the same login is not captured. */
export class CredentialsExist extends BadRequest {
  constructor(login: string) { super(`Credentials for ${login} already exist`); }
}

/** spec op=get-v3-routes-id and friends; real for GET (wgebis/terraform-provider-mailgun #49). */
export class RouteNotFound extends NotFound {
  constructor() { super("Route not found"); }
}

/** spec op=get-v3-routes. */
export class RoutesLimit extends BadRequest {
  constructor() { super("The 'limit' parameter can't be larger than 1000"); }
}

/** spec: 404 examples on v3/v4 webhooks ("Webhook not found"). */
export class WebhookNotFound extends NotFound {
  constructor() { super("Webhook not found"); }
}

/** Our wording: Notifuse/notifuse #340 shows the 400 but not its text. */
export class WebhookExists extends BadRequest {
  constructor(event: string) { super(`Webhook for event type '${event}' already exists`); }
}

/** spec op=POST-v4-domains--domain--webhooks 400 example. */
export class WebhookUrlExists extends BadRequest {
  constructor(event: string, url: string) {
    super(`Webhook for event type '${event}' with URL '${url}' already exists`);
  }
}

/** Wording from the v1 webhooks 409 example (spec); v3/v4 answer 400 for this. */
export class TooManyWebhookUrls extends BadRequest {
  constructor(event: string) { super(`unable to add more than 3 urls for event type ${event}`); }
}

/** spec op=DELETE-v1-keys--key-id-. */
export class KeyNotFound extends NotFound {
  constructor() { super("no key matching id"); }
}

/** spec op=GET-v1-keys 400 example. */
export class InvalidKeyKind extends BadRequest {
  constructor() { super("expected `kind` param to be one of [domain user web] or absent"); }
}

/** spec (lists, 429 examples). */
export class TooManyRequests extends MailgunError {
  constructor() { super(429, "Too Many Requests"); }
}

/** wgebis/terraform-provider-mailgun #36. */
export class InternalServerError extends MailgunError {
  constructor(status: 500 | 502 | 503 = 500) { super(status, "Internal server error"); }
}

/** recorded: exceptions-invalid-data.yml. */
export class InvalidRecipient extends BadRequest {
  constructor() { super("to parameter is not a valid address. please check documentation"); }
}

/**
 * The `/v1/webhooks` service (spec) answers 404 and 409 as `{"Description": ...}` and field
 * problems as `{"Field": ..., "Value": ...}`, not `{"message": ...}`.
 */
export class DescribedError extends MailgunError {
  override body(): Record<string, unknown> {
    return { Description: this.message };
  }
}

export class FieldError extends MailgunError {
  constructor(readonly field: string, readonly value: string) { super(400, `${field}: ${value}`); }
  override body(): Record<string, unknown> {
    return { Field: this.field, Value: this.value };
  }
}

/** spec op=GET-v1-webhooks--webhook-id- 404 example. */
export class AccountWebhookNotFound extends DescribedError {
  constructor() { super(404, "webhook not found"); }
}

/** spec op=PUT/DELETE-v1-webhooks--webhook-id- 404 example. */
export class AccountWebhookIdNotFound extends DescribedError {
  constructor(id: string) { super(404, `webhook_id not found: ${id}`); }
}

/** spec op=DELETE-v1-webhooks 404 example. */
export class NoAccountWebhooks extends DescribedError {
  constructor() { super(404, "no webhooks found for account"); }
}

/** spec op=POST-v1-webhooks 404 example: an unknown event type is a 404 (sic). */
export class InvalidEventType extends DescribedError {
  constructor(event: string) { super(404, `event_type '${event}' is invalid`); }
}

/** spec op=PUT-v1-webhooks--webhook-id- 409 example. */
export class AccountWebhookUrlExists extends DescribedError {
  constructor(url: string, event: string) { super(409, `url ${url} already exists for event type ${event}`); }
}

/** spec op=POST-v1-webhooks 409 example. */
export class AccountWebhookUrlLimit extends DescribedError {
  constructor(event: string) { super(409, `unable to add more than 3 urls for event type ${event}`); }
}

/** spec op=POST-v2-ip-whitelist 400 example. */
export class InvalidIpAddress extends BadRequest {
  constructor() { super("Invalid IP Address or CIDR"); }
}

/** spec op=DELETE-v2-ip-whitelist 400 example; used for a missing address on every method (our choice). */
export class IpAddressBlank extends BadRequest {
  constructor() { super("IP address can not be blank"); }
}

/** spec op=PUT-v2-ip-whitelist 400 example (a 400, not a 404); DELETE of an unknown address answers it too (our choice). */
export class IpNotFound extends BadRequest {
  constructor() { super("IP not found"); }
}

/** Our wording: no source shows Mailgun's answer to adding an address that is already listed. */
export class IpAddressExists extends BadRequest {
  constructor() { super("IP address already exists"); }
}

/** api-notes §2.8 (mailgun-python live tests): a second key with the same signing domain and selector. */
export class DuplicateDkimKey extends BadRequest {
  constructor() { super("failed to create domain key: duplicate key"); }
}

/** api-notes §2.8: the start is recorded by mailgun-python's live tests; what follows the colon is ours. */
export class DkimPemUnreadable extends BadRequest {
  constructor() { super("failed to import domain key: failed to parse PEM block containing the key"); }
}

/** api-notes §2.8 (mailgun-python live tests): a PEM that is not an RSA key in PKCS#1 form. */
export class DkimPemNotPkcs1 extends BadRequest {
  constructor() { super("failed to parse private key: key must be PKCS1 format"); }
}

/** spec op=PUT-v4-domains--authority-name--keys--selector--activate (and deactivate) 404 example. */
export class DkimKeyNotFound extends NotFound {
  constructor() { super("domain key not found"); }
}

/** spec op=DELETE-v1-dkim-keys 400 example. */
export class LastActiveDkimKey extends BadRequest {
  constructor() { super("cannot delete domain key: must have at least one active domain key"); }
}

/** The DKIM management service answers errors as `{"Reason": ...}` (spec op=PUT-v1-dkim-management-domains--name--rotation). */
export class ReasonError extends MailgunError {
  constructor(message: string, status = 400) { super(status, message); }
  override body(): Record<string, unknown> {
    return { Reason: this.message };
  }
}

/** ... and 404 as `{"Description": "domain not found"}` (same operation). */
export class DkimManagementDomainNotFound extends MailgunError {
  constructor() { super(404, "domain not found"); }
  override body(): Record<string, unknown> {
    return { Description: this.message };
  }
}

// ---------------------------------------------------------------- Templates (api-notes §7.1)
// Only `domain not found` is recorded (templates.yml); the other wordings are ours.

/** recorded: templates.yml (lower-case, unlike the domains service). */
export class TemplatesDomainNotFound extends NotFound {
  constructor() { super("domain not found"); }
}

export class TemplateNotFound extends NotFound {
  constructor() { super("template not found"); }
}

export class TemplateVersionNotFound extends NotFound {
  constructor() { super("version not found"); }
}

export class TemplateExists extends BadRequest {
  constructor() { super("template already exists"); }
}

export class TemplateVersionExists extends BadRequest {
  constructor() { super("version with this tag already exists"); }
}

export class TemplatesLimit extends BadRequest {
  constructor() { super("template limit reached: a domain can store up to 100 templates"); }
}

export class TemplateVersionsLimit extends BadRequest {
  constructor() { super("version limit reached: a template can store up to 40 versions"); }
}

export class TemplateHeaderUnsupported extends BadRequest {
  constructor(name: string) { super(`header '${name}' is not supported; supported headers: From, Subject, Reply-To`); }
}
