import { ConfigSource, ProviderConfig, Region, resolveConfig } from "./config";
import { getClient, MailgunClient } from "./client/client";

/**
 * Per-process provider state. The serialized dynamic provider calls `configure` with the
 * stack configuration once per provider process; every handler then shares one client, so
 * pacing and retries see all of a `pulumi up`'s parallel operations.
 */
let config: ProviderConfig | undefined;
let source: ConfigSource | undefined;

export function configure(configSource?: ConfigSource): void {
  source = configSource;
  config = resolveConfig(configSource);
}

export function providerConfig(): ProviderConfig {
  config ??= resolveConfig(source);
  return config;
}

export function client(): MailgunClient {
  return getClient(providerConfig());
}

export function defaultRegion(): Region {
  return providerConfig().defaultRegion;
}

/** Provider settings that are not part of the client's configuration. */
export function setting(key: string, envName: string, fallback: number): number {
  const raw = source?.get(`mailgun:${key}`) ?? process.env[envName];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`mailgun:${key} (or ${envName}) must be a non-negative number, got "${raw}"`);
  }
  return value;
}
