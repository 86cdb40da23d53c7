/**
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
export { DkimKey, DkimKeyArgs } from "./dkim-key";
export type { DnsRecord, DnsRecords, Region, WebhookEvent } from "./types";

warnAboutUnknownSettings();
