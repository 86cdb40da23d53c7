import type * as pulumi from "@pulumi/pulumi";
import type { Region } from "../types";
import { inRegionOf, type LookupCommonArgs, type OutputArgs, outputForm, runLookup, domainArg } from "./common";

export interface GetTemplatesArgs extends LookupCommonArgs {
  /** The domain, e.g. `mg.example.com`. */
  domain: string;
  /** The domain's region; left out, the configured region is tried first, then the other one. */
  region?: string;
}

/** A template: the same fields as `mailgun.Template`'s outputs. */
export interface TemplateResult {
  domain: string;
  /** Mailgun's (lower-case) name. */
  name: string;
  description: string;
  region: Region;
  templateId: string;
  createdAt: string;
  createdBy: string;
}

export interface GetTemplatesResult {
  domain: string;
  region: Region;
  templates: TemplateResult[];
}

/**
 * Lists a domain's templates (not their versions' content).
 *
 * API calls: `GET /v3/{domain}/templates` in the domain's region, one per 100 templates (at least
 * 1), plus 1 in the other region first when `region` is left out and the domain is not in the
 * configured region.
 */
export function getTemplates(args: GetTemplatesArgs, _opts?: pulumi.InvokeOptions): Promise<GetTemplatesResult> {
  return runLookup("getTemplates", args, async (ctx) => {
    domainArg("domain", args.domain);
    const { region, value } = await inRegionOf(ctx, `Mailgun domain ${JSON.stringify(args.domain)}`, args.region, (r) => ctx.client.templates.list(r, args.domain));
    const templates = value.map((t) => ({
      domain: args.domain, name: t.name, description: t.description ?? "", region, templateId: t.id ?? "", createdAt: t.createdAt ?? "", createdBy: t.createdBy ?? "",
    }));
    return { domain: args.domain, region, templates };
  });
}

export function getTemplatesOutput(args: OutputArgs<GetTemplatesArgs>, opts?: pulumi.InvokeOptions): pulumi.Output<GetTemplatesResult> {
  return outputForm(getTemplates, args, opts);
}
