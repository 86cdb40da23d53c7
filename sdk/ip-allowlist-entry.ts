import * as pulumi from "@pulumi/pulumi";
import { ipAllowlistEntryFields } from "../provider/resources/fields/ip-allowlist-entry";
import { MailgunResource, registration, ownerTagOf, AccountOption, MailgunResourceOptions } from "./provider";

export interface IpAllowlistEntryArgs extends AccountOption {
  /**
   * An IPv4 or IPv6 address (`203.0.113.50`, `2001:db8::1`) or CIDR range written by its first
   * address (`203.0.113.0/24`, `2001:db8::/32`). Kept in canonical spelling (IPv6 compressed, lower
   * case). Changing it replaces the entry.
   */
  address: pulumi.Input<string>;
  /** Free text shown in the Mailgun dashboard. Default `""`. Updates in place. */
  description?: pulumi.Input<string>;
  /** Take over an entry for this address that already exists instead of failing; its description is then set to this one. Default `false`. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One address or range on the account's IP allowlist, which restricts where the account's API
 * keys and SMTP credentials may be used from. Account-wide (not per region). Once the list is
 * not empty, calls from elsewhere are refused: keep the address that runs `pulumi up` on it.
 *
 * ```ts
 * new mailgun.IpAllowlistEntry("office", { address: "203.0.113.0/24", description: "office network" });
 * ```
 */
export class IpAllowlistEntry extends MailgunResource {
  declare public readonly address: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: IpAllowlistEntryArgs, opts?: MailgunResourceOptions) {
    super("IpAllowlistEntry", name, registration(ipAllowlistEntryFields, name, args, ownerTagOf(name)), opts);
  }
}
