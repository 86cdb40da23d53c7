import { AsyncLocalStorage } from "node:async_hooks";
import type { ProviderConfig } from "./config";

/**
 * The Mailgun account one provider call works in. One provider process serves every resource of
 * an operation, whatever account each one names, so the account travels with the call (not in
 * module state): every `client()` and `providerConfig()` under it answers for that account.
 */
export interface AccountScope {
  /** "" for the stack configuration's account; else the Account's name and subaccount. */
  key: string;
  config: ProviderConfig;
}

const current = new AsyncLocalStorage<AccountScope>();

export function inAccount<T>(scope: AccountScope | undefined, run: () => T): T {
  return scope ? current.run(scope, run) : current.exit(run);
}

export function accountScope(): AccountScope | undefined {
  return current.getStore();
}

/** Prefixes process-wide caches' keys, so one account's listing never answers for another's. */
export function scopeKey(): string {
  const key = current.getStore()?.key;
  return key ? `${key}#` : "";
}

/** A Map whose entries are per account (listings and the like), with Map's own calls. */
export class ScopedMap<K, V> {
  private readonly inner = new Map<string, V>();
  private k(key: K): string {
    return `${scopeKey()}${String(key)}`;
  }
  get(key: K): V | undefined {
    return this.inner.get(this.k(key));
  }
  has(key: K): boolean {
    return this.inner.has(this.k(key));
  }
  set(key: K, value: V): this {
    this.inner.set(this.k(key), value);
    return this;
  }
  delete(key: K): boolean {
    return this.inner.delete(this.k(key));
  }
  /** Every account's entries. */
  clear(): void {
    this.inner.clear();
  }
}
