/**
 * The read of `pulumi import`: the object found by its import id (import-ids.ts), read by the
 * kind's own handler as a refresh reads it, so the outputs and inputs are the ones a refresh
 * would hand back, and a program stating the object as it is previews with no change. Reads only.
 */
import { handler, type ResourceKind } from "../provider";
import type { Props, ReadResult } from "../provider/resources/types";
import { importTarget } from "./import-ids";

/** The object's id, outputs and inputs; no id when there is no such object. */
export async function importRead(kind: ResourceKind, importId: string): Promise<ReadResult<Props, Props>> {
  const target = importTarget(kind, importId);
  const result = await handler(kind).read(target.id, target.props as never);
  if (!result.id || !result.props) return {};
  return { id: result.id, props: target.settle(result.props as Props), inputs: result.inputs && target.inputs(result.inputs as Props) };
}
