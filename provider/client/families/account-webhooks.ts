/**
 * Account webhooks (`/v1/webhooks`), per region. The URL can carry a token, so every call that
 * sends one keeps it out of logs and errors.
 */
import type { Region } from "../../config";
import { pollWithin } from "../../poll";
import { createOnce, get, ignoreNotFound, type RecoverOptions, type RequestCore, sameSet } from "../core";
import { path } from "../encoding";
import { MailgunConflictError } from "../errors";
import type { AccountWebhookParams } from "../params";
import type { CallOptions } from "../request-loop";
import { type AccountWebhook, AccountWebhookCreatedSchema, AccountWebhookListSchema, AccountWebhookSchema, IgnoredBodySchema } from "../schemas";

function webhookForm(p: AccountWebhookParams) {
  return { url: p.url, event_types: p.event_types, description: p.description };
}

export class AccountWebhookCalls {
  constructor(private readonly core: RequestCore) {}

  list(region: Region, o?: CallOptions): Promise<AccountWebhook[]> {
    return get(this.core, region, "/v1/webhooks", AccountWebhookListSchema, o);
  }

  get(region: Region, id: string, o?: CallOptions): Promise<AccountWebhook> {
    return get(this.core, region, path`/v1/webhooks/${id}`, AccountWebhookSchema, o);
  }

  /**
   * POST /v1/webhooks; answers the new webhook's id. A URL is on an event type at most once in a
   * region, so after an ambiguous failure the listing tells whether the earlier attempt took
   * effect (`recover` overrides how); a re-sent POST refused with 409 "already exists" means it
   * did, and the webhook is looked up again.
   */
  create(region: Region, p: AccountWebhookParams, o: RecoverOptions<string> = {}): Promise<string> {
    const find = async () => (await this.list(region)).find((w) => w.url === p.url && sameSet(w.event_types, p.event_types))?.id;
    return createOnce(
      this.core,
      { ...o, region, method: "POST", path: "/v1/webhooks", form: webhookForm(p), schema: AccountWebhookCreatedSchema, sensitive: [p.url], recover: o.recover ?? find },
      {
        is: (err) => err instanceof MailgunConflictError && /already exists/i.test(err.mailgunMessage),
        // The earlier attempt made it; Mailgun's listing may not show it yet: wait within the budget.
        lookUp: () => pollWithin(this.core.config.consistencyBudgetMs, find),
      },
    );
  }

  /** PUT /v1/webhooks/{id}: replaces url, event types and description (204). */
  async update(region: Region, id: string, p: AccountWebhookParams, o?: CallOptions): Promise<void> {
    await this.core.request({ ...o, region, method: "PUT", path: path`/v1/webhooks/${id}`, form: webhookForm(p), schema: IgnoredBodySchema, sensitive: [p.url] });
  }

  /** A 404 resolves (already gone). */
  delete(region: Region, id: string, o?: CallOptions): Promise<void> {
    return ignoreNotFound(this.core.request({ ...o, region, method: "DELETE", path: path`/v1/webhooks/${id}`, schema: IgnoredBodySchema }));
  }
}
