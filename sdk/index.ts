/**
 * pulumi-mailgun: Mailgun domains, routes, webhooks (domain and account level), domain sending keys and API keys as Pulumi resources.
 * pulumi-mailgun: Mailgun domains, routes, webhooks, domain sending keys, SMTP credentials and
 * IP allowlist entries as Pulumi resources.
 * pulumi-mailgun: Mailgun domains, routes, webhooks, domain sending keys and DKIM keys as Pulumi resources.
 *
 * Provider settings come from stack config (`mailgun:apiKey` as a secret, `mailgun:region`,
 * `mailgun:apiUrlUs`, `mailgun:apiUrlEu`, ...) or the matching `MAILGUN_*` environment variables.
 */
import "../provider/node-guard";
import { warnAboutUnknownSettings } from "./unknown-settings";
export { Domain, DomainArgs, DkimRotationArgs } from "./domain";
export { Route, RouteArgs } from "./route";
export { Webhook, WebhookArgs } from "./webhook";
export { SendingKey, SendingKeyArgs } from "./sending-key";
export { DomainVerification, DomainVerificationArgs, VerificationRecord } from "./domain-verification";
export { ApiKey, ApiKeyArgs, ApiKeyKind, ApiKeyRole } from "./api-key";
export { AccountWebhook, AccountWebhookArgs } from "./account-webhook";
export { DomainCredential, DomainCredentialArgs } from "./domain-credential";
export { IpAllowlistEntry, IpAllowlistEntryArgs } from "./ip-allowlist-entry";
export { DkimKey, DkimKeyArgs } from "./dkim-key";
export { Bounce, BounceArgs } from "./bounce";
export { Unsubscribe, UnsubscribeArgs } from "./unsubscribe";
export { Complaint, ComplaintArgs } from "./complaint";
export { SuppressionAllowlist, SuppressionAllowlistArgs } from "./suppression-allowlist";
export { MailingList, MailingListArgs, MailingListAccessLevel, MailingListReplyPreference } from "./mailing-list";
export { MailingListMember, MailingListMemberArgs } from "./mailing-list-member";
export { Template, TemplateArgs } from "./template";
export { TemplateVersion, TemplateVersionArgs, TemplateHeaders } from "./template-version";
export { Account, AccountArgs, AccountOption, Provider } from "./account";
export type { MailgunResourceOptions } from "./provider";
export type { DnsRecord, DnsRecords, Region, WebhookEvent } from "./types";

warnAboutUnknownSettings();
