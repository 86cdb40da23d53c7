import * as pulumi from "@pulumi/pulumi";
import { mailingListMemberFields } from "../provider/resources/fields/mailing-list-member";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export interface MailingListMemberArgs extends AccountOption {
  /** The list's address; pass `list.address` of a `MailingList` so the list is made first. Changing it replaces the member. */
  list: pulumi.Input<string>;
  /** The member's e-mail address (stored in lower case). Changing it replaces the member. */
  address: pulumi.Input<string>;
  /** Display name. Default `""`. Updates in place. */
  name?: pulumi.Input<string>;
  /** Any JSON object, for templates (`%recipient.plan%`). Default `{}`. Compared as JSON (key order does not matter). Updates in place. */
  vars?: pulumi.Input<Record<string, unknown>>;
  /** Whether mail to the list reaches this member. Default `true`. Updates in place. */
  subscribed?: pulumi.Input<boolean>;
  /** `us` or `eu`: the list's region. Defaults to `mailgun:region` config, else `us`. Changing it replaces the member. */
  region?: pulumi.Input<Region>;
  /**
   * Take over the member if the address is already on the list (Mailgun's upsert): its name,
   * vars and subscription are set to these. Default `false`: an existing member is an error.
   */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One member of a Mailgun mailing list. Meant for up to a few thousand members per stack;
 * larger lists belong in Mailgun's bulk upload (`members.json`/`members.csv`), not one resource
 * per member.
 *
 * ```ts
 * new mailgun.MailingListMember("jane", { list: devs.address, address: "jane@example.com", name: "Jane", vars: { plan: "pro" } });
 * ```
 */
export class MailingListMember extends MailgunResource {
  declare public readonly list: pulumi.Output<string>;
  declare public readonly address: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly vars: pulumi.Output<Record<string, unknown>>;
  declare public readonly subscribed: pulumi.Output<boolean>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: MailingListMemberArgs, opts?: MailgunResourceOptions) {
    super("MailingListMember", name, registration(mailingListMemberFields, name, args, plainVars(args?.vars)), opts);
  }
}

/**
 * Pulumi serializes a Date, a Map or a class instance as `{}` (their own fields only), so the
 * provider would store nothing: such vars are sent as a text that fails its check, naming vars.
 */
function plainVars(vars: unknown): { vars?: unknown } {
  if (vars === undefined || vars === null || typeof vars !== "object" || Array.isArray(vars)) return {};
  if (pulumi.Output.isInstance(vars) || typeof (vars as { then?: unknown }).then === "function") return {};
  const proto = Object.getPrototypeOf(vars);
  if (proto === Object.prototype || proto === null) return {};
  return { vars: `a ${(vars as object).constructor?.name ?? "non-plain object"}, not a plain object` };
}
