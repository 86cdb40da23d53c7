/**
 * Shared setup for the client tests: a real emulator on port 0 and a client pointed at it, plus
 * small readers for the emulator's control API (request log, state dump, knobs).
 */
import { startEmulator, type Knobs, type RequestLogEntry, type RunningEmulator, type StateDump } from "../../emulator";
import { MailgunClient, type ClientOptions } from "../../provider/client/client";
import { makeConfig, type ProviderConfig } from "../../provider/config";
import { PacerRegistry } from "../../provider/client/pacer";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object | null ? DeepPartial<NonNullable<T[K]>> | null : T[K] };

export interface Harness {
  emu: RunningEmulator;
  config: ProviderConfig;
  /** A client with its own pacers, so tests do not share pacing state through the process registry. */
  client(overrides?: Partial<ProviderConfig>, options?: ClientOptions): MailgunClient;
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  state(): Promise<StateDump>;
  knobs(patch: DeepPartial<Knobs>): Promise<Knobs>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

async function control(emu: RunningEmulator, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${emu.urls.us}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

export async function startHarness(knobs?: DeepPartial<Knobs>): Promise<Harness> {
  const emu = await startEmulator({ knobs: knobs as Partial<Knobs> });
  const config = makeConfig({
    apiKey: emu.apiKey,
    baseUrls: { us: emu.urls.us, eu: emu.urls.eu },
    // Tests should fail in seconds, not minutes.
    retryBudgetMs: 15_000,
    consistencyBudgetMs: 10_000,
    requestTimeoutMs: 5_000,
  });
  const clients: MailgunClient[] = [];
  return {
    emu,
    config,
    client(overrides = {}, options = {}) {
      const c = new MailgunClient({ ...config, ...overrides }, { pacers: new PacerRegistry(), ...options });
      clients.push(c);
      return c;
    },
    requests: async () => (await control(emu, "GET", "requests")).requests,
    clearRequests: async () => void (await control(emu, "DELETE", "requests")),
    state: () => control(emu, "GET", "state"),
    knobs: (patch) => control(emu, "PUT", "knobs", patch),
    reset: async () => void (await control(emu, "POST", "reset")),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await emu.close();
    },
  };
}

let counter = 0;
/** A unique name per test run, so tests never collide on Mailgun's global domain namespace. */
export function uniqueDomain(tag: string): string {
  return `${tag}-${process.pid}-${++counter}.mgtest.example.com`;
}

/** Count of log entries per status (null = dropped connection). */
export function statusCounts(entries: RequestLogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[String(e.status)] = (out[String(e.status)] ?? 0) + 1;
  return out;
}

export const routeParams = (description: string) => ({
  priority: 10,
  description,
  expression: 'match_recipient(".*@mg.example.com")',
  actions: ['forward("https://hooks.example.com/in")', "stop()"],
});
