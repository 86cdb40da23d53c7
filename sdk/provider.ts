import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider";
import { providerSource } from "../provider/provider-source";

/**
 * What every resource class extends. Not `pulumi.dynamic.Resource`: that one serializes a
 * closure into every resource's state (inputs and outputs, 2.7 KB each here), and the engine
 * rewrites the whole state after every step. This passes the hand-written `providerSource`
 * (under 100 bytes) with the same type token, `pulumi-nodejs:dynamic/mailgun:<Kind>`, so the
 * same dynamic-provider plugin runs it and existing stacks keep their URNs.
 */
export abstract class MailgunResource extends pulumi.CustomResource {
  protected constructor(kind: ResourceKind, name: string, props: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    super(`pulumi-nodejs:dynamic/${MODULE}:${kind}`, name, { ...props, __provider: providerSource(kind) }, opts);
  }
}

/** The module part of every type token: `pulumi-nodejs:dynamic/mailgun:<Kind>`. Never change it (URNs depend on it). */
export const MODULE = "mailgun";

/**
 * Only keys present in a dynamic resource's props become its outputs; optional args the
 * program leaves out must still be listed, or outputs such as the defaulted region are lost.
 */
export function optionalKeys(keys: string[]): Record<string, undefined> {
  return Object.fromEntries(keys.map((k) => [k, undefined]));
}

export function withSecretOutputs<T extends pulumi.CustomResourceOptions>(opts: T | undefined, secrets: string[]): T {
  return { ...(opts ?? ({} as T)), additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

/**
 * The resource's logical name, for provider checks that span several resources (e.g. more than 3
 * URLs on one webhook event) so their errors can name them. The provider's check drops it, so it
 * never reaches the state.
 */
export function declaredAs(name: string): { __declaredAs: string } {
  // Not "__name": pulumi.Resource has a field of that name.
  return { __declaredAs: name };
}

/**
 * Identifies the Mailgun objects one resource of one stack made (in a marker Mailgun stores), so
 * the next create can tell what an interrupted create of this very resource left behind.
 */
export function ownerTagOf(name: string): { ownerTag: string } {
  return { ownerTag: createHash("sha256").update(`${pulumi.getProject()}/${pulumi.getStack()}/${name}`).digest("hex").slice(0, 16) };
}
