/**
 * The whole dynamic provider as Pulumi stores it in every resource's state (twice: inputs and
 * outputs). Hand-written instead of serialized from a closure (2.7 KB a resource before): it
 * captures nothing, and in the provider process it loads this package's implementation by name,
 * so upgrading the installed package upgrades what existing stacks run.
 */
export function providerSource(kind: string): string {
  return `exports.handler=()=>require("pulumi-mailgun/provider").dynamicProvider(${JSON.stringify(kind)});`;
}
