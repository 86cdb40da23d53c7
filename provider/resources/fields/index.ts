/** Every kind's field definition, by kind (the registry's order, provider/index.ts). */
import type { ResourceKind } from "../..";
import type { KindDefinition } from "./define";
import { dkimKeyFields } from "./dkim-key";
import { domainFields } from "./domain";
import { domainCredentialFields } from "./domain-credential";
import { domainVerificationFields } from "./domain-verification";
import { ipAllowlistEntryFields } from "./ip-allowlist-entry";
import { apiKeyFields, sendingKeyFields } from "./keys";
import { mailingListFields } from "./mailing-list";
import { mailingListMemberFields } from "./mailing-list-member";
import { routeFields } from "./route";
import { bounceFields, complaintFields, suppressionAllowlistFields, unsubscribeFields } from "./suppressions";
import { templateFields, templateVersionFields } from "./template";
import { accountWebhookFields, webhookFields } from "./webhook";

export const definitions: Record<ResourceKind, KindDefinition> = {
  Domain: domainFields,
  Route: routeFields,
  Webhook: webhookFields,
  SendingKey: sendingKeyFields,
  DomainVerification: domainVerificationFields,
  ApiKey: apiKeyFields,
  AccountWebhook: accountWebhookFields,
  DomainCredential: domainCredentialFields,
  IpAllowlistEntry: ipAllowlistEntryFields,
  DkimKey: dkimKeyFields,
  Bounce: bounceFields,
  Unsubscribe: unsubscribeFields,
  Complaint: complaintFields,
  SuppressionAllowlist: suppressionAllowlistFields,
  MailingList: mailingListFields,
  MailingListMember: mailingListMemberFields,
  Template: templateFields,
  TemplateVersion: templateVersionFields,
};
