/**
 * State a stack made with the TypeScript SDK's dynamic resources brings along when its program
 * moves onto the plugin's types (docs/languages.md, "Moving a TypeScript stack onto the plugin").
 *
 * A dynamic resource on a mailgun.Account stores the Account as its inputs `account` and, when no
 * config key holds the key, `accountApiKey` (provider/accounts.ts). Under the plugin an account is
 * the resource's provider (`pulumi:providers:mailgun`, with `subaccountId`), and the plugin cannot
 * read the Account's key from the stack configuration (the engine hands a provider only the
 * `mailgun` namespace). So the plugin takes those inputs off what the state holds, and the objects
 * are the provider's: the same objects when the Account's place (its subaccount and the endpoints
 * it set) is the provider's; another place is another account's object, a replace, as moving a
 * resource between Accounts is under TypeScript. The key is not compared: a rotated key or one
 * read from elsewhere reaches the same objects, as under TypeScript.
 */
import { ACCOUNT, ACCOUNT_KEY, type AccountRef, without } from "../provider/accounts";
import { providerConfig } from "../provider/runtime";
import type { Props } from "../provider/resources/types";

/** The Account a dynamic resource's state names, if any. */
export function movedAccount(props: Props | undefined): AccountRef | undefined {
  const a = props?.[ACCOUNT];
  return a && typeof a === "object" && !Array.isArray(a) ? (a as AccountRef) : undefined;
}

/** The state without the Account's inputs: what the kind's handler is given under the plugin. */
export function withoutAccount(props: Props): Props {
  return ACCOUNT in props || ACCOUNT_KEY in props ? without(props) : props;
}

const trimmed = (v: unknown) => (typeof v === "string" ? v.trim().replace(/\/+$/, "") : "");

/**
 * Whether the Account is somewhere else than this provider: another subaccount (or none), or an
 * endpoint it set that is not the provider's.
 */
export function accountElsewhere(account: AccountRef): boolean {
  const here = providerConfig();
  if (trimmed(account.subaccountId) !== (here.subaccountId ?? "")) return true;
  if (account.apiUrlUs && trimmed(account.apiUrlUs) !== trimmed(here.baseUrls.us)) return true;
  if (account.apiUrlEu && trimmed(account.apiUrlEu) !== trimmed(here.baseUrls.eu)) return true;
  return false;
}
