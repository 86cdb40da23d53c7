/**
 * Eventual consistency, built once for every kind of object (moto's ManagedState idea):
 * each stored object remembers when it was created and the version it replaced, and reads
 * decide what a client would see given the `consistencyDelayMs` knob at read time.
 * Plain data (no class) so that the JSON persistence round-trips it unchanged.
 */
export interface Versioned<T> {
  value: T;
  createdAt: number;
  updatedAt?: number;
  /** The version before the last update, served to readers until the update settles. */
  previous?: T;
}

export function fresh<T>(value: T, now: number): Versioned<T> {
  return { value, createdAt: now };
}

/** Whether a newly created object has become visible yet. */
export function settled(entry: Versioned<unknown>, now: number, delayMs: number): boolean {
  return now >= entry.createdAt + delayMs;
}

/** What a reader sees now: undefined while the object is too new, the old version while an update settles. */
export function observe<T>(entry: Versioned<T>, now: number, delayMs: number): T | undefined {
  if (!settled(entry, now, delayMs)) return undefined;
  if (entry.previous !== undefined && entry.updatedAt !== undefined && now < entry.updatedAt + delayMs) {
    return entry.previous;
  }
  return entry.value;
}

/** Replace the value, keeping the old one for stale reads. */
export function replace<T>(entry: Versioned<T>, next: T, now: number): void {
  entry.previous = entry.value;
  entry.updatedAt = now;
  entry.value = next;
}
