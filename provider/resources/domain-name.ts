/**
 * A domain name is unique across regions and stays taken while Mailgun deletes the domain in the
 * background: what a create of a taken name waits for, or tells the operator.
 */
import { isNotFound } from "../client/errors";
import { client, providerConfig } from "../runtime";
import type { Region } from "../config";
import { progress } from "./freshness";
import { declaredBy } from "./ownership";
import { runWide } from "../run-state";
import type { DomainInputs } from "./domain-inputs";

const DELETE_WAIT_S_DEFAULT = 300;

/** The rename fix comes first: following the adopt advice after a rename used to lose the domain. */
function alreadyExistsAdvice(inputs: DomainInputs): string {
  const resource = declaredBy("Domain", inputs.name) ?? "<this resource>";
  return [
    `domain ${inputs.name} already exists in region ${inputs.region}.`,
    `If you renamed this Domain resource in the program (its first argument), tell Pulumi it is the same resource, so that nothing changes at Mailgun:`,
    `    new mailgun.Domain("${resource}", { name: "${inputs.name}", ... }, { aliases: [{ name: "<the old resource name>" }] });`,
    `If the domain was made outside this stack, set adopt: true on this Domain to bring it under Pulumi: its settings are then updated to match the program, and pulumi destroy deletes it at Mailgun (add the resource option retainOnDelete: true to keep it).`,
    `Otherwise choose another name.`,
    `(If this stack deleted the domain moments ago, Mailgun is still finishing that delete and keeps the name meanwhile: run pulumi up again in a few minutes.)`,
  ].join("\n");
}

export async function explainCreateFailure(err: unknown, inputs: DomainInputs): Promise<Error> {
  const status = (err as { status?: number }).status;
  if (status !== 400 || !/taken|exist/i.test(String((err as Error).message))) return err as Error;
  const c = client();
  for (const r of ["us", "eu"] as Region[]) {
    try {
      await c.domains.get(r, inputs.name);
      return new Error(r === inputs.region ? alreadyExistsAdvice(inputs) : `domain ${inputs.name} already exists in region ${r}, not ${inputs.region}: a Mailgun domain name is unique across regions. Set region: "${r}" (and adopt: true to manage it), or delete it there first.`);
    } catch (e) {
      if (!isNotFound(e)) break;
    }
  }
  return new Error(`domain name ${inputs.name} is still taken (${(err as Error).message}); a domain deleted moments ago keeps its name reserved for a while. Try again in a few minutes.`);
}

/**
 * Names this process deleted, with their region. Mailgun deletes a domain in the background and
 * keeps its name taken until it has finished, so only a create of the same name (a replacement
 * that keeps the name) has to wait: a plain delete is one call.
 */
export const deletedHere = runWide(new Map<string, Region>());

/**
 * Polls until Mailgun has released the name. Before the create, not by retrying it: while the
 * old domain is still being deleted, a GET finds it, and the create's recovery after an
 * ambiguous failure (a GET by name) would take the old domain for the new one.
 */
export async function waitUntilGone(r: Region, name: string): Promise<void> {
  const limitMs = (providerConfig().domainDeleteTimeoutSeconds ?? DELETE_WAIT_S_DEFAULT) * 1000;
  const started = Date.now();
  let delay = 500;
  let lastReport = started;
  for (;;) {
    try {
      await client().domains.get(r, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const waited = Date.now() - started;
    if (waited >= limitMs) {
      throw new Error(
        `domain ${name} was deleted in region ${r} to be created again, but Mailgun still reports it after ${Math.round(waited / 1000)} s; its name stays reserved until Mailgun finishes. Run the operation again later, or raise mailgun:domainDeleteTimeoutSeconds.`,
      );
    }
    if (Date.now() - lastReport >= 10_000) {
      progress(`waiting for Mailgun to finish deleting domain ${name} in region ${r} before creating it again (${Math.round(waited / 1000)} s so far)`);
      lastReport = Date.now();
    }
    await new Promise((res) => setTimeout(res, Math.min(delay, limitMs - waited)));
    delay = Math.min(delay * 2, 5_000);
  }
}
