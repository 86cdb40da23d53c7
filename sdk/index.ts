/**
 * pulumi-mailgun: Mailgun as Pulumi resources: domains, routes, webhooks (domain and account
 * level), sending and API keys, SMTP credentials, DKIM keys, the IP allowlist, templates and their
 * versions, mailing lists and their members, and suppressions.
 *
 * Provider settings come from stack config (`mailgun:apiKey` as a secret, `mailgun:region`,
 * `mailgun:apiUrlUs`, `mailgun:apiUrlEu`, ...) or the matching `MAILGUN_*` environment variables.
 */
import "../provider/node-guard";
import "../provider/compile-cache";
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
export * from "./lookups";
