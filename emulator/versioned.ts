/**
 * Eventual consistency, built once for every kind of object (moto's ManagedState idea):
 * each stored object remembers when it becomes visible and, after an update, the version
 * readers keep seeing until the update settles. Both instants are fixed when the write
 * happens (from the `consistencyDelayMs` knob then), so changing the knob later does not
 * hide objects retroactively. Plain data, so JSON persistence round-trips it unchanged.
 */
export interface Versioned<T> {
  value: T;
  /** Epoch ms from which readers see the object at all. */
  visibleAt: number;
  /** The version before the last update, served to readers until `staleUntil`. */
  previous?: T;
  staleUntil?: number;
}

export function fresh<T>(value: T, now: number, delayMs: number): Versioned<T> {
  return { value, visibleAt: now + delayMs };
}

/** Whether a newly created object has become visible yet. */
export function settled(entry: Versioned<unknown>, now: number): boolean {
  return now >= entry.visibleAt;
}

/** What a reader sees now: undefined while the object is too new, the old version while an update settles. */
export function observe<T>(entry: Versioned<T>, now: number): T | undefined {
  if (!settled(entry, now)) return undefined;
  if (entry.previous !== undefined && entry.staleUntil !== undefined && now < entry.staleUntil) return entry.previous;
  return entry.value;
}

/** Replace the value, keeping the old one for stale reads during `delayMs`. */
export function replace<T>(entry: Versioned<T>, next: T, now: number, delayMs: number): void {
  if (delayMs > 0) {
    // While an earlier update is still settling, readers keep the version they already see.
    if (!(entry.staleUntil !== undefined && now < entry.staleUntil)) entry.previous = entry.value;
    entry.staleUntil = now + delayMs;
  } else {
    delete entry.previous;
    delete entry.staleUntil;
  }
  entry.value = next;
}
