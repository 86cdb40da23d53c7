import * as pulumi from "@pulumi/pulumi";
import { accountWebhookFields } from "../provider/resources/fields/webhook";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region, WebhookEvent } from "./types";

export interface AccountWebhookArgs extends AccountOption {
  /** The URL Mailgun calls, for events of every domain of the account in the region. Updates in place. Pass it as a secret if it carries a token. */
  url: pulumi.Input<string>;
  /** The events to send: accepted, clicked, complained, delivered, opened, permanent_fail, temporary_fail, unsubscribed. Updates in place. */
  eventTypes: pulumi.Input<pulumi.Input<WebhookEvent>[]>;
  /** Free text shown in the Mailgun dashboard. Default `""`. Updates in place. */
  description?: pulumi.Input<string>;
  /** `us` or `eu`: account webhooks are set per region. Defaults to `mailgun:region` config, else `us`. Changing it replaces the webhook. */
  region?: pulumi.Input<Region>;
  /** Take over an account webhook that already sends to `url` in the region (made outside this stack) instead of failing. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * An account-level webhook (`/v1/webhooks`): one URL called for the chosen events of every domain
 * of the account in one region. Mailgun allows a URL once per event in a region and at most 3 URLs
 * per event. The URL identifies the webhook: an existing one with the same URL is taken over
 * with `adopt: true`.
 *
 * ```ts
 * new mailgun.AccountWebhook("bounces", { url: "https://example.com/hooks/mailgun", eventTypes: ["permanent_fail", "complained"] });
 * ```
 */
export class AccountWebhook extends MailgunResource {
  declare public readonly url: pulumi.Output<string>;
  declare public readonly eventTypes: pulumi.Output<WebhookEvent[]>;
  declare public readonly description: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;
  /** Mailgun's id of the webhook (also the resource id). */
  declare public readonly webhookId: pulumi.Output<string>;

  constructor(name: string, args: AccountWebhookArgs, opts?: MailgunResourceOptions) {
    super("AccountWebhook", name, registration(accountWebhookFields, name, args), opts);
  }
}
