import { z } from "zod";

/** RFC 5322 atoms joined by dots: what an address's local part may hold (no quoted forms). */
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Why `s` (already trimmed and lower-cased) is not a plain e-mail address, or undefined when it is one. */
export function addressProblem(s: string): string | undefined {
  const at = s.lastIndexOf("@");
  if (at <= 0) return "it has no @ with a mailbox before it";
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return "the part before the @ is not a mailbox name (letters, digits, ._+- and other address characters, at most 64)";
  const labels = domain.split(".");
  if (domain.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l))) return "the part after the @ is not a domain name such as example.com";
  return undefined;
}

/**
 * A plain e-mail address (`devs@mg.example.com`), trimmed and lower-cased: Mailgun matches list
 * and member addresses without regard to case, so two spellings never differ. `Name <addr>`
 * forms are refused: the display name has its own field.
 */
export function emailAddress(field: string, example: string) {
  return z
    .string({ error: (iss) => `${field} ${iss.input === undefined ? "is required" : "must be a string"}: an e-mail address such as ${example}` })
    .transform((s) => s.trim().toLowerCase())
    .superRefine((s, ctx) => {
      const problem = addressProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: `${field} "${s}" is not an e-mail address: ${problem}; use one such as ${example}` });
    });
}
