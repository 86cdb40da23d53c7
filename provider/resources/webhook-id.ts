import { createHash } from "node:crypto";

/**
 * The resource id: the domain and a digest of the URL. Not the URL itself: ids are stored in
 * plain text, and webhook URLs often carry a token (a program passes such a URL as a secret).
 * `pulumi-mailgun recover` derives ids of interrupted creates with this same function.
 */
export function webhookId(domain: string, url: string): string {
  return `${domain}/url-sha256:${createHash("sha256").update(url).digest("hex").slice(0, 32)}`;
}
