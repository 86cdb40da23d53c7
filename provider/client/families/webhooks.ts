/**
 * A domain's webhooks: v3 (one event, its URLs) and v4 (one URL, its events). A webhook URL can
 * carry a token: every call that sends one keeps it out of logs and errors.
 */
import type { Region } from "../../config";
import { createOnce, get, ignoreNotFound, orUndefined, type RequestCore, sameSet } from "../core";
import { path } from "../encoding";
import { isNotFound, saysAlreadyExists } from "../errors";
import type { CallOptions } from "../request-loop";
import { IgnoredBodySchema, WebhookMapSchema, WebhookResponseSchema } from "../schemas";

/** A domain's webhooks: event -> URLs, only events that have some. */
export type WebhookMap = Record<string, string[]>;

export class WebhookCalls {
  constructor(private readonly core: RequestCore) {}

  /** v3, event -> urls ({} when none). */
  list(region: Region, domain: string, o?: CallOptions): Promise<WebhookMap> {
    return get(this.core, region, path`/v3/domains/${domain}/webhooks`, WebhookMapSchema, o);
  }

  /** v3 POST; Mailgun refuses it (400) when the event already has URLs: use update then. */
  create(region: Region, domain: string, event: string, urls: string[], o?: CallOptions): Promise<string[]> {
    return this.core.request({
      ...o,
      region,
      method: "POST",
      path: path`/v3/domains/${domain}/webhooks`,
      form: { id: event, url: urls },
      schema: WebhookResponseSchema,
      sensitive: urls,
      recover: async () => {
        const now = (await this.list(region, domain))[event];
        return now && sameSet(now, urls) ? now : undefined;
      },
    });
  }

  /** v3 PUT: replaces the event's URL list. */
  update(region: Region, domain: string, event: string, urls: string[], o?: CallOptions): Promise<string[]> {
    return this.core.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v3/domains/${domain}/webhooks/${event}`,
      form: { url: urls },
      schema: WebhookResponseSchema,
      sensitive: urls,
    });
  }

  /** A 404 resolves (already gone). */
  delete(region: Region, domain: string, event: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v3/domains/${domain}/webhooks/${event}`, schema: IgnoredBodySchema }));
  }

  /**
   * v4 POST: adds `url` to each of `events`; answers the whole map after the change. Mailgun
   * refuses it (400 "... already exists") when the URL is on any of those events already.
   * After an ambiguous failure it lists before sending again; a re-sent POST that answers
   * "already exists" means an earlier attempt took effect, so it resolves with a fresh listing.
   * That listing may not show the write yet: callers that need the URL on exactly `events`
   * compare and follow up with replaceUrlV4.
   */
  addUrlV4(region: Region, domain: string, url: string, events: string[], o?: CallOptions): Promise<WebhookMap> {
    const recover = async () => {
      const map = await this.list(region, domain).catch((e: unknown) => {
        // A domain too new to be listed: sending again is safe, "already exists" then counts as success.
        if (isNotFound(e)) return {} as WebhookMap;
        throw e;
      });
      return events.every((e) => map[e]?.includes(url)) ? map : undefined;
    };
    return createOnce(
      this.core,
      { ...o, region, method: "POST", path: path`/v4/domains/${domain}/webhooks`, form: { url, event_types: events }, schema: WebhookMapSchema, sensitive: [url], recover },
      { is: saysAlreadyExists, lookUp: () => this.list(region, domain) },
    );
  }

  /** v4 PUT: the URL ends up on exactly `events`; 404 when the domain has the URL on no event. Answers the whole map. */
  replaceUrlV4(region: Region, domain: string, url: string, events: string[], o?: CallOptions): Promise<WebhookMap> {
    return this.core.request({
      ...o,
      region,
      method: "PUT",
      path: path`/v4/domains/${domain}/webhooks`,
      form: { url, event_types: events },
      schema: WebhookMapSchema,
      sensitive: [url],
    });
  }

  /**
   * v4 DELETE ?url=a,b: removes each URL from every event; answers the whole map. A URL on no
   * event changes nothing; a 404 (the domain is gone, its webhooks with it) resolves to {}.
   * Mailgun splits the parameter at commas, so a URL containing one cannot be sent: it would
   * remove the URLs on either side of the comma instead, possibly someone else's.
   */
  async removeUrlsV4(region: Region, domain: string, urls: string[], o?: CallOptions): Promise<WebhookMap> {
    if (urls.some((u) => u.includes(","))) {
      throw new Error("a webhook URL containing a comma cannot be removed through the v4 API (Mailgun splits its url parameter at commas); remove it event by event (v3)");
    }
    const map = await orUndefined(
      this.core.request({ ...o, region, method: "DELETE", path: path`/v4/domains/${domain}/webhooks`, query: { url: urls.join(",") }, schema: WebhookMapSchema, sensitive: urls }),
    );
    return map ?? {};
  }
}
