import * as pulumi from "@pulumi/pulumi";
import { webhookFields } from "../provider/resources/fields/webhook";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region, WebhookEvent } from "./types";

export interface WebhookArgs extends AccountOption {
  /** The Mailgun domain, e.g. `mg.example.com`. Changing it replaces the webhook. */
  domain: pulumi.Input<string>;
  /** The URL Mailgun calls. Changing it replaces the webhook. */
  url: pulumi.Input<string>;
  /** The events to subscribe `url` to: accepted, clicked, complained, delivered, opened, permanent_fail, temporary_fail, unsubscribed. Updates in place. */
  events: pulumi.Input<pulumi.Input<WebhookEvent>[]>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the webhook. */
  region?: pulumi.Input<Region>;
  /**
   * A webhook always takes over its own URL if it is already subscribed; with `adopt: true` it
   * reads the domain's webhooks first, so a URL already on exactly these events is not written.
   */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One URL subscribed to a set of events on a domain. It shares each event with any other URL
 * (from the dashboard or another Webhook resource): it adds and removes only its own URL.
 * Mailgun allows at most 3 URLs per event; going over fails with a message naming them.
 *
 * ```ts
 * new mailgun.Webhook("bounces", { domain: domain.name, url: "https://example.com/hooks/mailgun", events: ["permanent_fail", "complained"] });
 * ```
 */
export class Webhook extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly url: pulumi.Output<string>;
  declare public readonly events: pulumi.Output<WebhookEvent[]>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: MailgunResourceOptions) {
    super("Webhook", name, registration(webhookFields, name, args), opts);
  }
}
