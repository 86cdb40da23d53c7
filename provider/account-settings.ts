/**
 * The one place an account (a `mailgun.Account` on a resource or a lookup, or a lookup's plain
 * `account` object) becomes client settings. docs/accounts.md ("Where an account's settings come
 * from") is this function's table.
 */
import { MailgunConfigError } from "./client/errors";
import { parseBaseUrl, parseRegion, type ProviderConfig } from "./config";

/** What an account may set, as given (an empty value counts as unset, as in the stack configuration). */
export interface AccountFields {
  apiKey?: string;
  region?: string;
  apiUrlUs?: string;
  apiUrlEu?: string;
  subaccountId?: string;
}

/** How errors name a field: `mailgun.Account "eu" region`, `getDomain: account.region`. */
export type FieldName = (field: keyof AccountFields) => string;

/** Mailgun's subaccount ids are 24 hex digits; any id of letters, digits, `-` and `_` is let through. */
const SUBACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A subaccount id as given (trimmed), or MailgunConfigError naming `where`. Also what the plugin's
 * explicit providers check their `subaccountId` with (plugin/config.ts).
 */
export function checkSubaccountId(value: string, where: string): string {
  if (SUBACCOUNT_ID.test(value)) return value;
  throw new MailgunConfigError(
    `${where}: must be the id Mailgun gave the subaccount (letters and digits, e.g. 646d00a1b32c35364a2ad34f), got ${JSON.stringify(value.slice(0, 80))}`,
  );
}

function given(value: string | undefined): string | undefined {
  // String(): a JavaScript program may pass anything; the parsers then name the field.
  const v = value === undefined || value === null ? "" : String(value).trim();
  return v ? v : undefined;
}

/**
 * The settings of a call in `account`: its own key and subaccount (never the stack's); its region
 * and endpoints where it sets them, else the stack configuration's (`mailgun:*`, then `MAILGUN_*`,
 * then the built-in defaults: `stack` has them applied); retries, timeouts and concurrency always
 * the stack's. The endpoints inherit because they say how Mailgun is reached from here (the
 * emulator, a proxy), which holds for every account: an Account left without them in a stack
 * pointed at the emulator must not reach the real Mailgun. The region inherits so that a
 * subaccount of an EU stack's account is in the EU without saying so again.
 * Throws MailgunConfigError, naming the field with `name`, for a bad region, URL or subaccount id.
 */
export function settingsFor(account: AccountFields, stack: ProviderConfig, name: FieldName): ProviderConfig {
  const region = given(account.region);
  const us = given(account.apiUrlUs);
  const eu = given(account.apiUrlEu);
  const sub = given(account.subaccountId);
  const subaccountId = sub === undefined ? undefined : checkSubaccountId(sub, name("subaccountId"));
  return {
    ...stack,
    apiKey: given(account.apiKey),
    defaultRegion: region ? parseRegion(region, name("region")) : stack.defaultRegion,
    baseUrls: {
      us: us ? parseBaseUrl(us, name("apiUrlUs")) : stack.baseUrls.us,
      eu: eu ? parseBaseUrl(eu, name("apiUrlEu")) : stack.baseUrls.eu,
    },
    subaccountId,
  };
}

/** Field names of a `mailgun.Account`'s errors. */
export function accountFieldName(accountName: string): FieldName {
  return (field) => `mailgun.Account "${accountName}" ${field}`;
}
