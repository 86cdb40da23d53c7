import { isAhead } from "../client/early-answers";
import type { CallOptions } from "../client/request-loop";
import { pollWithin } from "../poll";
import { providerConfig } from "../runtime";
import { showLine } from "../user-lines";

/**
 * Mailgun is eventually consistent: an object written moments ago can read as 404. A read of
 * an object whose last write is within the consistency budget treats a 404 as "not yet"
 * (the client retries it); an older object that reads as 404 was deleted.
 */
export function writtenRecently(timestamp: string | number | undefined): boolean {
  if (timestamp === undefined) return false;
  const t = typeof timestamp === "number" ? timestamp : Date.parse(timestamp);
  return Number.isFinite(t) && Date.now() - t < providerConfig().consistencyBudgetMs;
}

/** When the consistency budget after this provider's write at `writtenAt` runs out (epoch ms; 0 when unknown). */
export function consistentAfter(writtenAt: number | undefined): number {
  return typeof writtenAt === "number" && Number.isFinite(writtenAt) ? writtenAt + providerConfig().consistencyBudgetMs : 0;
}

/**
 * Options for a call about an object this provider last wrote at `writtenAt`. Only within the
 * consistency budget after that write can a 404 be Mailgun not showing the write yet, so only
 * then is it waited out, and only for what is left of the budget. Anything older is read once:
 * a 404 means it is gone.
 */
export function afterOwnWrite(writtenAt: number | undefined): CallOptions {
  const left = consistentAfter(writtenAt) - Date.now();
  return left > 0 ? { expectExists: true, consistencyBudgetMs: left } : {};
}

export function progress(message: string): void {
  showLine(message);
}

/**
 * Read-your-writes on top of an eventually consistent API. `writtenAt` (epoch ms, kept in the
 * outputs by create and update) says when this provider last wrote the object. Within the
 * consistency budget after that write, a read that does not show the write yet (`showsWrite`
 * false) is Mailgun's stale view, not drift: read again until it does or the budget since the
 * write runs out. Older objects are read once, so real drift is reported at once.
 */
export async function readAfterWrite<T>(writtenAt: number | undefined, read: () => Promise<T>, showsWrite: (value: T) => boolean): Promise<T> {
  let value = await read();
  // Sent ahead, a read makes one attempt: the engine's read of the resource waits on for itself.
  if (isAhead()) return value;
  const until = consistentAfter(writtenAt);
  for (let delay = 250; !showsWrite(value) && Date.now() < until; delay = Math.min(delay * 2, 2_000)) {
    await new Promise((res) => setTimeout(res, Math.min(delay, Math.max(0, until - Date.now()))));
    value = await read();
  }
  return value;
}

/**
 * After Mailgun said an object "already exists", finds it, waiting (within the consistency
 * budget) while reads still answer that it is missing: when a create's earlier attempt was
 * applied but its answer lost, the object exists before Mailgun's reads show it. Undefined when
 * it never shows in the budget.
 */
export function findOnceShown<T>(find: () => Promise<T | undefined>): Promise<T | undefined> {
  return pollWithin(providerConfig().consistencyBudgetMs, find);
}
