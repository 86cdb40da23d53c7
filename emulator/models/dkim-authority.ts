/**
 * Which domain signs a domain's mail (its DKIM authority). Spec (`force_dkim_authority`,
 * `PUT /v3/domains/{name}/dkim_authority` `self`): a domain that is not its own authority shares
 * the authority of its root domain when that root is registered on the same account; otherwise
 * it signs for itself. We take the nearest registered parent domain in the same region as the
 * root and follow its own authority in turn.
 */
import type { DomainRecord } from "../store";

export type DomainLookup = (name: string) => DomainRecord | undefined;

export function dkimAuthority(domain: DomainRecord, lookup: DomainLookup): DomainRecord {
  let current = domain;
  const seen = new Set<string>();
  while (!current.dkim.self_authority && !seen.has(current.name)) {
    seen.add(current.name);
    const parent = registeredParent(current.name, lookup);
    if (!parent) break;
    current = parent;
  }
  return current;
}

function registeredParent(name: string, lookup: DomainLookup): DomainRecord | undefined {
  const labels = name.split(".");
  // A parent needs at least two labels: `example.test`, never the bare TLD.
  for (let i = 1; labels.length - i >= 2; i++) {
    const parent = lookup(labels.slice(i).join("."));
    if (parent) return parent;
  }
  return undefined;
}
