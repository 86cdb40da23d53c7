import * as pulumi from "@pulumi/pulumi";
import { templateFields } from "../provider/resources/fields/template";
import { MailgunResource, registration, ownerTagOf, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export interface TemplateArgs extends AccountOption {
  /** The Mailgun domain the template belongs to, e.g. `mg.example.com`. Changing it replaces the template. */
  domain: pulumi.Input<string>;
  /**
   * The template's name, the one messages are sent with (`template: "order-shipped"`). Mailgun
   * stores it in lower case: any spelling names the same template, and changing only the case
   * changes nothing. Must not contain `/` or control characters. Changing it replaces the template.
   */
  name: pulumi.Input<string>;
  /** Free text. Default `""`. Updates in place. */
  description?: pulumi.Input<string>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the template. */
  region?: pulumi.Input<Region>;
  /**
   * Take over a template of that name made outside this stack instead of failing; its description
   * is set to the program's, its versions are kept, and `pulumi destroy` deletes it with all its
   * versions. Default `false`.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Let a delete or a replacement (a new name, domain or region) delete the template with all its
   * versions. Default `false`: while the template has versions, a replacement is refused at
   * preview and a delete fails before it writes, naming them. State only: no call to Mailgun.
   */
  forceDestroy?: pulumi.Input<boolean>;
}

/**
 * A stored template of a domain. It holds no content itself: declare its versions with
 * `TemplateVersion`, passing `template: tmpl.name` so that Pulumi creates the template first.
 *
 * ```ts
 * const shipped = new mailgun.Template("shipped", { domain: "mg.example.com", name: "order-shipped", description: "Shipping notice" });
 * new mailgun.TemplateVersion("shipped-v1", { domain: shipped.domain, template: shipped.name, tag: "v1", content: "<p>Order {{id}} is on its way</p>", active: true });
 * ```
 */
export class Template extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  /** The name as the program spells it (Mailgun's is its lower case). */
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;
  declare public readonly forceDestroy: pulumi.Output<boolean | undefined>;
  /** Mailgun's id of the template (a UUID). */
  declare public readonly templateId: pulumi.Output<string>;
  /** When Mailgun created it, e.g. `Sun, 15 Oct 2023 15:33:22 UTC`. */
  declare public readonly createdAt: pulumi.Output<string>;
  /** Mailgun's `createdBy`: this provider's marker (`pulumi-mailgun/<tag>`) for templates it made. */
  declare public readonly createdBy: pulumi.Output<string>;

  constructor(name: string, args: TemplateArgs, opts?: MailgunResourceOptions) {
    super("Template", name, registration(templateFields, name, args, ownerTagOf(name)), opts);
  }
}
