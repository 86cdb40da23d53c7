import type { ResourceSpec } from "./mailgun-stack";
import { KINDS } from "../provider";

/**
 * Builds a mixed stack of Mailgun resources spread over both regions, plus a deterministic
 * "update" of it, so the fault suite, the crash suite and the benchmarks all exercise the
 * same shapes: domains with tracking, routes, webhooks sharing events on a domain, sending keys.
 */
export interface PlanSize {
  domains: number;
  routes: number;
  webhooks: number;
  keys: number;
}

export const SHORT_PLAN: PlanSize = { domains: 3, routes: 5, webhooks: 4, keys: 3 };
export const LONG_PLAN: PlanSize = { domains: 6, routes: 20, webhooks: 14, keys: 10 };

const EVENTS = ["accepted", "clicked", "complained", "delivered", "opened", "permanent_fail", "temporary_fail", "unsubscribed"] as const;
/** Mailgun allows 3 URLs per event; with at most 3 webhooks per domain no event can overflow. */
const MAX_WEBHOOKS_PER_DOMAIN = 3;

export function regionOf(i: number): "us" | "eu" {
  return i % 2 === 0 ? "us" : "eu";
}

export function domainName(tag: string, i: number): string {
  return `d${i}.${tag}.example.com`;
}

/** `tag` keeps names apart between stacks that share one emulator. */
export function mixedStack(size: PlanSize, tag = "faults"): ResourceSpec[] {
  if (size.domains < 1 && (size.webhooks > 0 || size.keys > 0)) throw new Error("webhooks and keys need at least one domain");
  const specs: ResourceSpec[] = [];
  for (let i = 0; i < size.domains; i++) {
    specs.push({ kind: "Domain", name: `domain${i}`, args: { name: domainName(tag, i), region: regionOf(i), clickTracking: i % 3 === 0 } });
  }
  for (let i = 0; i < size.routes; i++) {
    specs.push({
      kind: "Route",
      name: `route${i}`,
      args: {
        region: regionOf(i),
        expression: `match_recipient("r${i}@${domainName(tag, size.domains ? i % size.domains : 0)}")`,
        actions: [`forward("https://inbound.example.com/${tag}/r${i}")`, "stop()"],
        priority: i,
        description: `route ${i}`,
      },
    });
  }
  const webhooks = Math.min(size.webhooks, size.domains * MAX_WEBHOOKS_PER_DOMAIN);
  for (let i = 0; i < webhooks; i++) {
    const d = i % size.domains;
    specs.push({
      kind: "Webhook",
      name: `webhook${i}`,
      args: {
        domain: { $ref: `domain${d}.name` },
        region: regionOf(d),
        url: `https://hooks.example.com/${tag}/w${i}`,
        events: [EVENTS[i % EVENTS.length], EVENTS[(i + 3) % EVENTS.length]],
      },
    });
  }
  for (let i = 0; i < size.keys; i++) {
    const d = i % size.domains;
    specs.push({ kind: "SendingKey", name: `key${i}`, args: { domain: { $ref: `domain${d}.name` }, region: regionOf(d), description: `key ${i}` } });
  }
  return specs;
}

/**
 * The second run's program: every kind gets in-place updates and replacements.
 * Domains toggle tracking, every 3rd route gets new actions and priority, every 2nd webhook
 * moves to other events, every 3rd key is rotated (a replacement: create, then delete).
 */
export function updatedStack(specs: ResourceSpec[]): ResourceSpec[] {
  return specs.map((spec) => {
    const n = Number(/\d+$/.exec(spec.name)?.[0] ?? 0);
    const args = structuredClone(spec.args);
    switch (spec.kind) {
      case "Domain":
        if (n % 2 === 0) args.openTracking = true;
        break;
      case "Route":
        if (n % 3 === 0) {
          args.priority = 100 + n;
          args.actions = [`store(notify="https://inbound.example.com/r${n}/stored")`];
        }
        break;
      case "Webhook":
        if (n % 2 === 0) args.events = [EVENTS[(n + 1) % EVENTS.length], EVENTS[(n + 3) % EVENTS.length]];
        break;
      case "SendingKey":
        if (n % 3 === 0) args.rotation = "r2";
        break;
    }
    return { ...spec, args };
  });
}

export function countByKind(specs: ResourceSpec[]): Record<ResourceSpec["kind"], number> {
  const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<ResourceSpec["kind"], number>;
  for (const s of specs) counts[s.kind]++;
  return counts;
}
