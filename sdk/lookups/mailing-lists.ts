import type * as pulumi from "@pulumi/pulumi";
import type { MailingListAccessLevel, MailingListReplyPreference } from "../mailing-list";
import type { Region } from "../types";
import { type LookupCommonArgs, type OutputArgs, outputForm, regionsToSearch, runLookup } from "./common";

export interface GetMailingListsArgs extends LookupCommonArgs {
  /** `us` or `eu` (lists are per region); left out, both regions are listed. */
  region?: string;
}

/** A mailing list: the same fields as `mailgun.MailingList`'s outputs. */
export interface MailingListResult {
  address: string;
  name: string;
  description: string;
  accessLevel: MailingListAccessLevel;
  replyPreference: MailingListReplyPreference;
  region: Region;
  membersCount: number;
  createdAt: string;
}

export interface GetMailingListsResult {
  lists: MailingListResult[];
}

/**
 * Lists the account's mailing lists (not their members).
 *
 * API calls: `GET /v3/lists/pages` per region, one per 100 lists (at least 1).
 */
export function getMailingLists(args: GetMailingListsArgs = {}, _opts?: pulumi.InvokeOptions): Promise<GetMailingListsResult> {
  return runLookup("getMailingLists", args, async (ctx) => {
    const lists: MailingListResult[] = [];
    for (const region of regionsToSearch(ctx, args.region)) {
      for (const l of await ctx.client.mailingLists.list(region)) {
        lists.push({
          address: l.address, name: l.name ?? "", description: l.description ?? "",
          accessLevel: (l.access_level ?? "readonly") as MailingListAccessLevel, replyPreference: (l.reply_preference ?? "list") as MailingListReplyPreference,
          region, membersCount: l.members_count ?? 0, createdAt: l.created_at ?? "",
        });
      }
    }
    return { lists };
  });
}

export function getMailingListsOutput(args: OutputArgs<GetMailingListsArgs> = {}, opts?: pulumi.InvokeOptions): pulumi.Output<GetMailingListsResult> {
  return outputForm(getMailingLists, args, opts);
}
