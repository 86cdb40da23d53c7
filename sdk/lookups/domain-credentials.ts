import type * as pulumi from "@pulumi/pulumi";
import type { Region } from "../types";
import { inRegionOf, type LookupCommonArgs, type OutputArgs, outputForm, runLookup, domainArg } from "./common";

export interface GetDomainCredentialsArgs extends LookupCommonArgs {
  /** The domain, e.g. `mg.example.com`. */
  domain: string;
  /** The domain's region; left out, the configured region is tried first, then the other one. */
  region?: string;
}

/** An SMTP login: the same fields as `mailgun.DomainCredential`'s outputs, without the password (Mailgun never shows it). */
export interface DomainCredentialResult {
  domain: string;
  /** The local part, in lower case. */
  login: string;
  /** The full login, `<login>@<domain>`. */
  address: string;
  region: Region;
  createdAt: string;
}

export interface GetDomainCredentialsResult {
  domain: string;
  region: Region;
  credentials: DomainCredentialResult[];
}

/**
 * Lists a domain's SMTP logins (passwords are never shown by Mailgun).
 *
 * API calls: `GET /v3/domains/{domain}/credentials` in the domain's region, one per 1,000 logins
 * (at least 1), plus 1 in the other region first when `region` is left out and the domain is not
 * in the configured region.
 */
export function getDomainCredentials(args: GetDomainCredentialsArgs, _opts?: pulumi.InvokeOptions): Promise<GetDomainCredentialsResult> {
  return runLookup("getDomainCredentials", args, async (ctx) => {
    domainArg("domain", args.domain);
    const { region, value } = await inRegionOf(ctx, `Mailgun domain ${JSON.stringify(args.domain)}`, args.region, (r) => ctx.client.credentials.list(r, args.domain));
    const credentials = value.map((c) => {
      const address = c.login.toLowerCase();
      const at = address.lastIndexOf("@");
      return { domain: args.domain, login: at < 0 ? address : address.slice(0, at), address, region, createdAt: c.created_at ?? "" };
    });
    return { domain: args.domain, region, credentials };
  });
}

export function getDomainCredentialsOutput(args: OutputArgs<GetDomainCredentialsArgs>, opts?: pulumi.InvokeOptions): pulumi.Output<GetDomainCredentialsResult> {
  return outputForm(getDomainCredentials, args, opts);
}
