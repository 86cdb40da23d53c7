/**
 * What a family of calls (families/*.ts) needs from the client: its settings and the one request
 * loop. Families hold this rather than the client class, so none of them imports client.ts, and
 * every Mailgun request, whichever family sends it, gets the same routing, retries and pacing.
 */
import type { z } from "zod";
import type { ProviderConfig, Region } from "../config";
import { isNotFound } from "./errors";
import type { CallOptions, RequestSpec } from "./request-loop";

export interface RequestCore {
  readonly config: ProviderConfig;
  /** The generic call every family method makes; see RequestSpec for recover(). */
  request<T>(req: RequestSpec<T>): Promise<T>;
}

/** Options of a create that Mailgun cannot de-duplicate. */
export interface RecoverOptions<T> extends CallOptions {
  /** Called after an ambiguous failure: return the object if the earlier attempt took effect, else undefined. */
  recover?: () => Promise<T | undefined>;
}

/**
 * A create that recover() checks before it is sent again. Mailgun may refuse the re-sent create as
 * a duplicate because the earlier attempt did take effect after all, later than recover() could
 * see: `duplicate.is` tells that refusal apart and `duplicate.lookUp` fetches what the earlier
 * attempt made (undefined: the refusal stands).
 */
export async function createOnce<T>(
  core: RequestCore,
  spec: RequestSpec<T> & { recover: () => Promise<T | undefined> },
  duplicate: { is(err: unknown): boolean; lookUp(): Promise<T | undefined> },
): Promise<T> {
  let resent = false;
  try {
    return await core.request({
      ...spec,
      recover: async () => {
        const found = await spec.recover();
        if (found === undefined) resent = true;
        return found;
      },
    });
  } catch (err) {
    if (!resent || !duplicate.is(err)) throw err;
    const found = await duplicate.lookUp();
    if (found === undefined) throw err;
    return found;
  }
}

export function get<T>(core: RequestCore, region: Region, p: string, schema: z.ZodType<T>, o?: CallOptions, query?: RequestSpec<T>["query"]): Promise<T> {
  return core.request({ ...o, region, method: "GET", path: p, schema, query });
}

/**
 * Deletes treat 404 as "already gone". Right after a create, Mailgun may still answer 404 for an
 * object that exists: pass `expectExists` to a delete then, so the 404 is waited out first.
 */
export async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  await orUndefined(p);
}

/** The answer, or undefined for a 404 (the find* calls). */
export async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}
