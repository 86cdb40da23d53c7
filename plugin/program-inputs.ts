import type { ResourceKind } from "../provider";
import { ownerTagFor } from "../provider/owner-tag";
import { definitions } from "../provider/resources/fields";
import { DECLARED_AS } from "../provider/resources/validation";
import type { Props } from "../provider/resources/types";

/**
 * What the TypeScript SDK class adds to a resource's inputs from its name (sdk/provider.ts:
 * `registration`'s declared name, `ownerTagOf`), derived here from the URN
 * (`urn:pulumi:<stack>::<project>::<type>::<name>`), so the handlers see the same inputs under both
 * front ends: the ownership guard names resources and refuses duplicates by the declared name, and
 * interrupted creates are recognised by the owner tag.
 */
export function programInputs(kind: ResourceKind, urn: string): Props {
  const [stack, project, , name] = urn.replace(/^urn:pulumi:/, "").split("::");
  const d = definitions[kind];
  const added: Props = {};
  if (d.declaredAs) added[DECLARED_AS] = name;
  if ("ownerTag" in d.inputs) added.ownerTag = ownerTagFor(project, stack, name);
  return added;
}
