/** Every kind's field definition, by kind. */
import type { KindDefinition } from "./define";
import { suppressionAllowlistFields } from "./suppressions";
import { unsubscribeFields } from "./suppressions";
import { complaintFields } from "./suppressions";
import { bounceFields } from "./suppressions";
import { accountWebhookFields } from "./webhook";
import { webhookFields } from "./webhook";
import { domainFields } from "./domain";
import { mailingListFields } from "./mailing-list";
import { routeFields } from "./route";

export const definitions: Record<string, KindDefinition> = {
  SuppressionAllowlist: suppressionAllowlistFields,
  Unsubscribe: unsubscribeFields,
  Complaint: complaintFields,
  Bounce: bounceFields,
  AccountWebhook: accountWebhookFields,
  Webhook: webhookFields,
  Domain: domainFields,
  Route: routeFields,
  MailingList: mailingListFields,
};
