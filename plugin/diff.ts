/**
 * The handler's diff as the engine's DiffResponse. The handlers answer changes/replaces only;
 * the detailed diff (which properties, added, deleted or updated, and which replace) is worked
 * out here from the old and new inputs, so `pulumi preview --diff` shows the properties and the
 * engine knows which changes replace.
 */
import { DiffResponse, PropertyDiff } from "@pulumi/pulumi/proto/provider_pb";
import type { DiffResult, Props } from "../provider/resources/types";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Keys the dynamic provider kept beside the inputs (`__provider`): never a change of the resource. */
const internal = (key: string) => key.startsWith("__");

/**
 * The properties that changed, as the handlers compare them: a value the program sets against the
 * stored output (what Mailgun holds), and a value the program stopped setting.
 */
export function changedKeys(olds: Props, oldInputs: Props, news: Props): Map<string, "add" | "delete" | "update"> {
  const changed = new Map<string, "add" | "delete" | "update">();
  for (const key of new Set([...Object.keys(oldInputs), ...Object.keys(news)])) {
    if (internal(key)) continue;
    if (news[key] !== undefined) {
      if (!same(olds[key], news[key])) changed.set(key, olds[key] === undefined ? "add" : "update");
    } else if (oldInputs[key] !== undefined) {
      changed.set(key, "delete");
    }
  }
  return changed;
}

const KIND = {
  add: [PropertyDiff.Kind.ADD, PropertyDiff.Kind.ADD_REPLACE],
  delete: [PropertyDiff.Kind.DELETE, PropertyDiff.Kind.DELETE_REPLACE],
  update: [PropertyDiff.Kind.UPDATE, PropertyDiff.Kind.UPDATE_REPLACE],
} as const;

export function diffResponse(result: DiffResult, olds: Props, oldInputs: Props, news: Props): DiffResponse {
  const resp = new DiffResponse();
  if (result.changes === false) {
    resp.setChanges(DiffResponse.DiffChanges.DIFF_NONE);
    return resp;
  }
  resp.setChanges(result.changes === true ? DiffResponse.DiffChanges.DIFF_SOME : DiffResponse.DiffChanges.DIFF_UNKNOWN);
  const replaces = result.replaces ?? [];
  resp.setReplacesList(replaces);
  resp.setDeletebeforereplace(!!result.deleteBeforeReplace);
  const changed = changedKeys(olds, oldInputs, news);
  for (const r of replaces) if (!changed.has(r)) changed.set(r, "update");
  if (changed.size) {
    resp.setDiffsList([...changed.keys()]);
    const detailed = resp.getDetaileddiffMap();
    for (const [key, how] of changed) {
      const d = new PropertyDiff();
      d.setKind(KIND[how][replaces.includes(key) ? 1 : 0]);
      d.setInputdiff(true);
      detailed.set(key, d);
    }
    resp.setHasdetaileddiff(true);
  }
  return resp;
}
