import * as pulumi from "@pulumi/pulumi";
import { routeFields } from "../provider/resources/fields/route";
import { MailgunResource, registration, AccountOption, MailgunResourceOptions } from "./provider";
import type { Region } from "./types";

export interface RouteArgs extends AccountOption {
  /** The filter, e.g. `match_recipient("support@mg.example.com")`; filters can be joined with `and`. Updates in place. */
  expression: pulumi.Input<string>;
  /** What to do with matching mail, in order: `forward("address or URL")`, `store()`, `store(notify="URL")`, `stop()`. Updates in place. */
  actions: pulumi.Input<pulumi.Input<string>[]>;
  /** Lower numbers are evaluated first. Default `0`. Updates in place. */
  priority?: pulumi.Input<number>;
  /** Free text. Default `""`. Updates in place. */
  description?: pulumi.Input<string>;
  /** `us` or `eu` (routes are per region). Defaults to `mailgun:region` config, else `us`. Changing it replaces the route. */
  region?: pulumi.Input<Region>;
  /**
   * Take over an existing route with the same expression instead of creating another one; its
   * actions, priority and description are updated to match. Default `false`. (An identical route
   * left behind by an interrupted run is always taken over, never duplicated.)
   */
  adopt?: pulumi.Input<boolean>;
}

/**
 * An inbound route: a filter on incoming mail and the actions to take.
 *
 * ```ts
 * new mailgun.Route("support", {
 *   expression: 'match_recipient("support@mg.example.com")',
 *   actions: ['forward("https://example.com/inbound")', "stop()"],
 *   priority: 10,
 * });
 * ```
 */
export class Route extends MailgunResource {
  declare public readonly expression: pulumi.Output<string>;
  declare public readonly actions: pulumi.Output<string[]>;
  declare public readonly priority: pulumi.Output<number>;
  declare public readonly description: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<Region>;
  declare public readonly adopt: pulumi.Output<boolean | undefined>;
  /** Mailgun's id of the route (also the resource id). */
  declare public readonly routeId: pulumi.Output<string>;
  /** When Mailgun created the route (RFC 1123). */
  declare public readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: RouteArgs, opts?: MailgunResourceOptions) {
    super("Route", name, registration(routeFields, name, args), opts);
  }
}
