/**
 * `pulumi import` hands the plugin a resource's id and nothing else (Read with no properties); the
 * handlers read from stored properties. Each importable kind therefore has an id grammar, parsed
 * here into the properties its handler's read needs.
 *
 * This slice has Domain only: `[<region>/]<name>`, e.g. `eu/mg.example.com` or `mg.example.com`
 * (the provider's default region). The other kinds' grammars (issue 22 item 4) are not built yet.
 */
import type { ResourceKind } from "../provider";
import { REGIONS } from "../provider/config";
import type { Props } from "../provider/resources/types";
import { defaultRegion } from "../provider/runtime";
import { dnsDigest } from "../provider/resources/dns";
import type { DomainOutputs } from "../provider/resources/domain-inputs";

export interface ImportTarget {
  id: string;
  props: Props;
}

interface Grammar {
  example: string;
  parse(id: string): ImportTarget | string;
  /** Bookkeeping outputs a read keeps from the stored properties, set as a first read would. */
  settle?(outs: Props): Props;
}

const GRAMMARS: Partial<Record<ResourceKind, Grammar>> = {
  Domain: {
    example: "eu/mg.example.com or mg.example.com",
    parse(id) {
      const parts = id.split("/");
      if (parts.length > 2 || parts.some((p) => !p)) return "expected [<region>/]<domain name>";
      const [region, name] = parts.length === 2 ? parts : [defaultRegion(), parts[0]];
      if (!(REGIONS as readonly string[]).includes(region)) return `unknown region "${region}" (one of ${REGIONS.join(", ")})`;
      // Mailgun cannot show whether DKIM authority was forced: its default, as adopt assumes.
      return { id: name, props: { name, region, forceDkimAuthority: false } };
    },
    // The records as imported are the ones the program has: not a change for its first preview.
    settle(outs) {
      const o = outs as unknown as DomainOutputs;
      return { ...outs, dnsDigest: dnsDigest(o.sendingDnsRecords ?? [], o.receivingDnsRecords ?? [], o.dkimSelector) };
    },
  },
};

/** The handler's id and properties for an import id; throws a message naming the grammar. */
export function importTarget(kind: ResourceKind, id: string): ImportTarget & { settle(outs: Props): Props } {
  const grammar = GRAMMARS[kind];
  if (!grammar) throw new Error(`mailgun:index:${kind} cannot be imported yet (this version of the plugin imports: ${Object.keys(GRAMMARS).join(", ")})`);
  const parsed = grammar.parse(id);
  if (typeof parsed === "string") throw new Error(`cannot import mailgun:index:${kind} "${id}": ${parsed}, e.g. ${grammar.example}`);
  return { ...parsed, settle: grammar.settle ?? ((outs) => outs) };
}
