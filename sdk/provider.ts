import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider";

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The dynamic provider Pulumi serializes into state. It must stay thin: every method loads
 * the implementation by package name in the provider process, so no client, schema or key is
 * ever captured (the only captured value is the resource kind), and upgrading the installed
 * package upgrades the behaviour of existing stacks too.
 */
export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (!provider) {
    provider = {
      async configure(req) {
        require("pulumi-mailgun/provider").configure(req.config);
      },
      async check(olds, news) {
        return require("pulumi-mailgun/provider").handler(kind).check(olds, news);
      },
      async diff(id, olds, news) {
        return require("pulumi-mailgun/provider").handler(kind).diff(id, olds, news);
      },
      async create(inputs) {
        return require("pulumi-mailgun/provider").handler(kind).create(inputs);
      },
      async read(id, props) {
        return require("pulumi-mailgun/provider").handler(kind).read(id, props);
      },
      async update(id, olds, news) {
        return require("pulumi-mailgun/provider").handler(kind).update(id, olds, news);
      },
      async delete(id, props) {
        return require("pulumi-mailgun/provider").handler(kind).delete(id, props);
      },
    };
    providers.set(kind, provider);
  }
  return provider;
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
