import * as pulumi from "@pulumi/pulumi";
import { templateVersionFields } from "../provider/resources/fields/template";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

/** The headers a template version may set; Mailgun takes no others (set those when sending). */
export interface TemplateHeaders {
  From?: pulumi.Input<string>;
  Subject?: pulumi.Input<string>;
  "Reply-To"?: pulumi.Input<string>;
}

export interface TemplateVersionArgs extends AccountOption {
  /** The template's domain, e.g. `mg.example.com`. Changing it replaces the version. */
  domain: pulumi.Input<string>;
  /** The template's name; pass `myTemplate.name` so Pulumi creates the template first. Case does not matter. Changing it replaces the version. */
  template: pulumi.Input<string>;
  /** The version's tag, unique in its template, e.g. `v1`. Mailgun stores it in lower case; changing only the case changes nothing. Changing it replaces the version. */
  tag: pulumi.Input<string>;
  /** The template body (HTML with handlebars placeholders, e.g. `<p>Hello {{name}}</p>`). Updates in place. */
  content: pulumi.Input<string>;
  /** The rendering engine: `handlebars`, the only one Mailgun's template API takes. Default `handlebars`. */
  engine?: pulumi.Input<"handlebars">;
  /** Free text about the version. Default `""`. Updates in place. */
  comment?: pulumi.Input<string>;
  /** `From`, `Subject` and `Reply-To` to put on messages sent with this version (handlebars allowed). Default none. Updates in place. */
  headers?: pulumi.Input<TemplateHeaders>;
  /**
   * `true` makes this the template's active version (the one sent), which deactivates the others;
   * at most one version of a template may say `true`. `false` or unset asks for nothing: Mailgun
   * makes a template's first version active anyway, and `false` never deactivates a version.
   * Updates in place. The `active` output always says what Mailgun serves now.
   */
  active?: pulumi.Input<boolean>;
  /** The domain's region, `us` or `eu`. Defaults to `mailgun:region` config, else `us`. Changing it replaces the version. */
  region?: pulumi.Input<Region>;
  /** Take over a version with this tag made outside this stack (its content, comment and headers are set to the program's). Default `false`. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One version of a template: its content, headers and whether it is the one sent.
 *
 * ```ts
 * new mailgun.TemplateVersion("shipped-v2", {
 *   domain: shipped.domain, template: shipped.name, tag: "v2",
 *   content: "<p>Order {{id}} ships today</p>", headers: { Subject: "Order {{id}} shipped" }, active: true,
 * });
 * ```
 */
export class TemplateVersion extends MailgunResource {
  declare public readonly domain: pulumi.Output<string>;
  declare public readonly template: pulumi.Output<string>;
  declare public readonly tag: pulumi.Output<string>;
  declare public readonly content: pulumi.Output<string>;
  declare public readonly engine: pulumi.Output<string>;
  declare public readonly comment: pulumi.Output<string>;
  declare public readonly headers: pulumi.Output<Record<string, string>>;
  /** Whether Mailgun serves this version now (as of the last create, update or refresh). */
  declare public readonly active: pulumi.Output<boolean>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;
  /** Mailgun's id of the version (a UUID). */
  declare public readonly versionId: pulumi.Output<string>;
  /** When Mailgun created it, e.g. `Sun, 15 Oct 2023 17:19:10 UTC`. */
  declare public readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: TemplateVersionArgs, opts?: MailgunResourceOptions) {
    super("TemplateVersion", name, registration(templateVersionFields, name, args), opts);
  }
}
