import { providerConfig } from "../runtime";

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

export function progress(message: string): void {
  // The dynamic-provider process's stderr is shown by the Pulumi CLI as diagnostics.
  process.stderr.write(`${message}\n`);
}
