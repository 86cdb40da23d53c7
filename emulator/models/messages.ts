/**
 * Sending, minimally: enough for domain sending keys to have something to call. Messages are
 * accepted and forgotten. A domain the account does not have answers 401 `Forbidden`
 * (recorded in exceptions.yml, 2025; the 2016 capture of the same call showed 404).
 */
import { BadRequest, Forbidden, InvalidRecipient } from "../errors";
import { messageId } from "../formats";
import { Params } from "../params";
import { Ctx } from "./context";
import { readDomain } from "./domains";

const ADDRESS = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

function validAddress(entry: string): boolean {
  const trimmed = entry.trim();
  const angle = /<([^>]*)>\s*$/.exec(trimmed);
  return ADDRESS.test(angle ? angle[1] : trimmed);
}

export function sendMessage(ctx: Ctx, domainName: string, params: Params, mime: boolean): string {
  let domain: string;
  try {
    domain = readDomain(ctx, domainName).name;
  } catch {
    throw new Forbidden();
  }
  const to = params.all("to").flatMap((t) => t.split(","));
  if (to.length === 0) throw new BadRequest("to parameter is missing");
  if (!to.every(validAddress)) throw new InvalidRecipient();
  if (mime) {
    if (!params.get("message")) throw new BadRequest("message parameter is missing");
  } else {
    if (!params.get("from")) throw new BadRequest("from parameter is missing");
    if (!["text", "html", "template", "amp-html"].some((f) => params.get(f))) {
      throw new BadRequest("Need at least one of 'text', 'html' or 'template' parameters specified");
    }
  }
  return messageId(ctx.now, domain);
}
