import type * as pulumi from "@pulumi/pulumi";
import type { Region, WebhookEvent } from "../types";
import { inRegionOf, type LookupCommonArgs, type OutputArgs, outputForm, runLookup, domainArg } from "./common";

export interface GetWebhooksArgs extends LookupCommonArgs {
  /** The domain, e.g. `mg.example.com`. */
  domain: string;
  /** The domain's region; left out, the configured region is tried first, then the other one. */
  region?: string;
}

/** One URL and the events it is subscribed to: the same fields as `mailgun.Webhook`'s outputs. */
export interface WebhookResult {
  domain: string;
  url: string;
  events: WebhookEvent[];
  region: Region;
}

/** One event's URLs, in `@pulumi/mailgun`'s Webhook shape (`kind`, `urls`). */
export interface WebhookKindResult {
  domain: string;
  kind: WebhookEvent;
  urls: string[];
  region: Region;
}

export interface GetWebhooksResult {
  domain: string;
  region: Region;
  /** By URL, as `mailgun.Webhook` declares them (URLs in first-seen order, events sorted). */
  webhooks: WebhookResult[];
  /** By event, as `@pulumi/mailgun`'s Webhook declares them (events sorted). */
  kinds: WebhookKindResult[];
}

/**
 * Lists a domain's webhooks. A webhook URL may carry a token: treat the result with the same care
 * as the program's own webhook URLs.
 *
 * API calls: `GET /v3/domains/{domain}/webhooks` in each region tried (1, or 2 when the domain is
 * not in the configured region and `region` is left out).
 */
export function getWebhooks(args: GetWebhooksArgs, _opts?: pulumi.InvokeOptions): Promise<GetWebhooksResult> {
  return runLookup("getWebhooks", args, async (ctx) => {
    domainArg("domain", args.domain);
    const { region, value: map } = await inRegionOf(ctx, `Mailgun domain ${JSON.stringify(args.domain)}`, args.region, (r) => ctx.client.webhooks.list(r, args.domain));
    const byUrl = new Map<string, WebhookEvent[]>();
    const kinds: WebhookKindResult[] = [];
    for (const event of Object.keys(map).sort()) {
      kinds.push({ domain: args.domain, kind: event as WebhookEvent, urls: map[event], region });
      for (const url of map[event]) byUrl.set(url, [...(byUrl.get(url) ?? []), event as WebhookEvent]);
    }
    const webhooks = [...byUrl].map(([url, events]) => ({ domain: args.domain, url, events, region }));
    return { domain: args.domain, region, webhooks, kinds };
  });
}

export function getWebhooksOutput(args: OutputArgs<GetWebhooksArgs>, opts?: pulumi.InvokeOptions): pulumi.Output<GetWebhooksResult> {
  return outputForm(getWebhooks, args, opts);
}
