/**
 * Serializes async work per key inside one provider process. Pulumi runs up to --parallel
 * operations at once in the same process; read-merge-write sequences on one shared Mailgun
 * object (a domain's webhook map) must not interleave.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === current) this.tails.delete(key);
    }
  }
}
