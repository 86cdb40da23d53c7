/**
 * One provider process serves one Pulumi operation, so what a run learns (which resources declare
 * which objects, replacements under way, objects made here) lives in module-level maps. Each is
 * registered here, so that tests, which play many runs in one process, can start a new one.
 */
const forgetters: Array<() => void> = [];

/** Registers a run-wide collection; returns it. */
export function runWide<T extends { clear(): void }>(collection: T): T {
  forgetters.push(() => collection.clear());
  return collection;
}

/** Forgets everything the run so far learned, as a new provider process would start. */
export function startNewRun(): void {
  for (const forget of forgetters) forget();
}
