/** Every kind's field definition, by kind. */
import type { KindDefinition } from "./define";
import { domainFields } from "./domain";
import { mailingListFields } from "./mailing-list";
import { routeFields } from "./route";

export const definitions: Record<string, KindDefinition> = {
  Domain: domainFields,
  Route: routeFields,
  MailingList: mailingListFields,
};
