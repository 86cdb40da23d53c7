/** Every kind's field definition, by kind. */
import type { KindDefinition } from "./define";
import { domainCredentialFields } from "./domain-credential";
import { dkimKeyFields } from "./dkim-key";
import { sendingKeyFields } from "./keys";
import { apiKeyFields } from "./keys";
import { ipAllowlistEntryFields } from "./ip-allowlist-entry";
import { mailingListMemberFields } from "./mailing-list-member";
import { domainVerificationFields } from "./domain-verification";
import { templateVersionFields } from "./template";
import { templateFields } from "./template";
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
  DomainCredential: domainCredentialFields,
  DkimKey: dkimKeyFields,
  SendingKey: sendingKeyFields,
  ApiKey: apiKeyFields,
  IpAllowlistEntry: ipAllowlistEntryFields,
  MailingListMember: mailingListMemberFields,
  DomainVerification: domainVerificationFields,
  TemplateVersion: templateVersionFields,
  Template: templateFields,
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
