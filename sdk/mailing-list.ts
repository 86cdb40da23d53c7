import * as pulumi from "@pulumi/pulumi";
import { type ACCESS_LEVELS, type REPLY_PREFERENCES, mailingListFields } from "../provider/resources/fields/mailing-list";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export type MailingListAccessLevel = (typeof ACCESS_LEVELS)[number];
export type MailingListReplyPreference = (typeof REPLY_PREFERENCES)[number];

export interface MailingListArgs extends AccountOption {
  /**
   * The list's e-mail address, e.g. `devs@mg.example.com` (case does not matter: it is stored in
   * lower case). Updates in place: Mailgun renames the list and it keeps all its members.
   */
  address: pulumi.Input<string>;
  /** Display name. Default `""`. Updates in place. */
  name?: pulumi.Input<string>;
  /** Free text. Default `""`. Updates in place. */
  description?: pulumi.Input<string>;
  /** Who may post to the list: `readonly` (only through the API), `members` or `everyone`. Default `readonly`. Updates in place. */
  accessLevel?: pulumi.Input<MailingListAccessLevel>;
  /** Where replies go: `list` or `sender`. Default `list`. Updates in place. */
  replyPreference?: pulumi.Input<MailingListReplyPreference>;
  /** `us` or `eu` (lists are per region). Defaults to `mailgun:region` config, else `us`. Changing it replaces the list. */
  region?: pulumi.Input<Region>;
  /**
   * Take over an existing list with this address instead of failing: its name, description and
   * settings are set to these, its members are kept. Default `false`.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Let a delete or a replacement (a new `region`) delete the list with its members. Default
   * `false`: while the list has members, a replacement is refused at preview and a delete fails
   * before it writes, naming them, so that no sign-up is lost by accident. State only: changing it
   * makes no call to Mailgun.
   */
  forceDestroy?: pulumi.Input<boolean>;
}

/**
 * A Mailgun mailing list. Add members with `MailingListMember` (up to a few thousand per
 * stack), or leave them to sign-ups and Mailgun's bulk upload.
 *
 * ```ts
 * const devs = new mailgun.MailingList("devs", { address: "devs@mg.example.com", name: "Developers", accessLevel: "members" });
 * new mailgun.MailingListMember("jane", { list: devs.address, address: "jane@example.com", name: "Jane" });
 * ```
 */
export class MailingList extends MailgunResource {
  declare public readonly address: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string>;
  declare public readonly accessLevel: pulumi.Output<MailingListAccessLevel>;
  declare public readonly replyPreference: pulumi.Output<MailingListReplyPreference>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;
  declare public readonly forceDestroy: pulumi.Output<boolean | undefined>;
  /** How many members the list had when Pulumi last read it (never a diff: members come and go). */
  declare public readonly membersCount: pulumi.Output<number>;
  /** When Mailgun created the list (RFC 2822). */
  declare public readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: MailingListArgs, opts?: MailgunResourceOptions) {
    super("MailingList", name, registration(mailingListFields, name, args), opts);
  }
}
