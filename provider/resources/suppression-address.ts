/**
 * A suppression's address (Bounce, Unsubscribe, Complaint, SuppressionAllowlist): its own module,
 * without the handler's client, because the SDK's field definitions load it in the program.
 * Mailing lists check theirs with email-address.ts, whose messages differ.
 */
import { z } from "zod";

const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;
const hostLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Why `s` is not an email address Mailgun can suppress, or undefined. */
export function emailProblem(s: string): string | undefined {
  const at = s.lastIndexOf("@");
  const local = s.slice(0, at);
  const host = s.slice(at + 1);
  const example = "e.g. alice@example.com";
  if (at <= 0 || at === s.length - 1) return `"${s}" is not an email address; write it as local-part@domain, ${example}`;
  if (!localPart.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")) {
    return `"${s}" is not an email address: the part before @ may hold letters, digits and !#$%&'*+/=?^_\`{|}~.- (no spaces, no leading, trailing or double dots), ${example}`;
  }
  const labels = host.split(".");
  if (host.length > 253 || labels.length < 2 || !labels.every((l) => hostLabel.test(l))) {
    return `"${s}" is not an email address: "${host}" is not a domain name, ${example}`;
  }
  return undefined;
}

/** An email address, trimmed and in lower case: Mailgun matches suppressions without regard to case. */
export const emailAddress = (field: string) =>
  z
    .string({ error: `${field} must be an email address, e.g. alice@example.com` })
    .transform((s) => s.trim().toLowerCase())
    .superRefine((s, ctx) => {
      const problem = emailProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
