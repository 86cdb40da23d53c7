/**
 * The fewest Mailgun API calls an operation on a stack needs: what the measured calls of the
 * wall-time benchmark are compared with. Per-kind minimums are those of bench/api-calls.ts.
 */
import type { ResourceSpec } from "../testkit/mailgun-stack";

export interface MinimumCalls {
  up: number;
  refresh: number;
  destroy: number;
  /** How the refresh minimum is counted, for the report. */
  refreshRule: string;
}

export const REFRESH_RULE =
  "one read per distinct object: 2 per domain (the domain, its tracking settings), 1 per route, " +
  "1 webhook list per domain with webhooks, 1 key list per region with sending keys (GET /v1/keys lists every domain's keys)";

/** The region a key belongs to. */
function regionOf(spec: ResourceSpec): string {
  return String(spec.args.region ?? "us");
}

/** The domain a webhook belongs to: the `$ref` of the fixture, or a literal name. */
function domainOf(spec: ResourceSpec): string {
  const d = spec.args.domain as { $ref?: string } | string | undefined;
  const name = typeof d === "object" && d?.$ref ? d.$ref.split(".")[0] : String(d);
  return `${spec.args.region ?? "us"}/${name}`;
}

export function minimumCalls(specs: ResourceSpec[]): MinimumCalls {
  const count = (kind: ResourceSpec["kind"]) => specs.filter((s) => s.kind === kind).length;
  const lists = (kind: ResourceSpec["kind"], by: (s: ResourceSpec) => string) => new Set(specs.filter((s) => s.kind === kind).map(by)).size;
  return {
    up: specs.length,
    refresh: 2 * count("Domain") + count("Route") + lists("Webhook", domainOf) + lists("SendingKey", regionOf),
    // A domain's delete first lists what Mailgun would delete with it (8 GETs: templates, credentials,
    // webhooks, sending keys, 4 suppression tables), so no object that no resource manages goes with it.
    destroy: specs.length + 8 * count("Domain"),
    refreshRule: REFRESH_RULE,
  };
}
