/**
 * The implementation the serialized dynamic providers load by package name
 * (`require("pulumi-mailgun/provider")`), so it is never serialized into Pulumi state.
 */
import "./node-guard";
import { configure } from "./runtime";
import { refusingInvalidConfig } from "./config-gate";
import { domainHandler } from "./resources/domain";
import { routeHandler } from "./resources/route";
import { sendingKeyHandler } from "./resources/sending-key";
import { ResourceHandler } from "./resources/types";
import { webhookHandler } from "./resources/webhook";
import { withOwnershipGuard } from "./resources/ownership";

export const handlers = {
  Domain: withOwnershipGuard("Domain", domainHandler),
  Route: withOwnershipGuard("Route", routeHandler),
  Webhook: withOwnershipGuard("Webhook", webhookHandler),
  // Keys have no natural key and are never taken over: every create makes a new key.
  SendingKey: sendingKeyHandler,
} as const satisfies Record<string, ResourceHandler<any, any>>;

export type ResourceKind = keyof typeof handlers;

export function handler(kind: ResourceKind): ResourceHandler<any, any> {
  const h: ResourceHandler<any, any> | undefined = handlers[kind];
  if (!h) throw new Error(`pulumi-mailgun/provider has no resource "${String(kind)}"; upgrade pulumi-mailgun to match the program`);
  return refusingInvalidConfig(h);
}

export { configure };
export type { DomainInputs, DomainOutputs } from "./resources/domain";
export type { RouteInputs, RouteOutputs } from "./resources/route";
export type { WebhookInputs, WebhookOutputs } from "./resources/webhook";
export type { SendingKeyInputs, SendingKeyOutputs } from "./resources/sending-key";
export { WEBHOOK_EVENTS } from "./resources/webhook";
