/**
 * The provider process's Mailgun client: one for every handler, so pacing and retries see all of a
 * `pulumi up`'s parallel operations. Its configuration (and `configure`) is in process-config.ts.
 */
import { getClient, MailgunClient } from "./client/client";
import { providerConfig } from "./process-config";

export * from "./process-config";

export function client(): MailgunClient {
  return getClient(providerConfig());
}
