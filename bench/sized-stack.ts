import type { ResourceSpec } from "../testkit/mailgun-stack";
import { mixedStack } from "../testkit/mixed-stack";

/** A mixed stack of about `n` resources: 10% domains, 20% webhooks, 20% sending keys, the rest routes. */
export function sizedStack(n: number, tag: string): ResourceSpec[] {
  const domains = Math.max(1, Math.round(n * 0.1));
  const webhooks = Math.round(n * 0.2);
  const keys = Math.round(n * 0.2);
  return mixedStack({ domains, webhooks, keys, routes: Math.max(0, n - domains - webhooks - keys) }, tag);
}

/** The same stack with every resource in one region (a rate limit is per region). */
export function inOneRegion(specs: ResourceSpec[], region: "us" | "eu"): ResourceSpec[] {
  return specs.map((s) => ({ ...s, args: { ...s.args, region } }));
}
