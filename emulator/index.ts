/**
 * Local Mailgun API emulator (package export `pulumi-mailgun/emulator`).
 *
 *   const emulator = await startEmulator();
 *   // point a client at emulator.urls.us / emulator.urls.eu with user `api`, key emulator.apiKey
 *   await emulator.close();
 *
 * Tests inspect and steer it over HTTP under `/_emulator/` (knobs, reset, request log, state
 * dump, simulated DNS): see docs/emulator-control-api.md. Two listeners share one route table and
 * one account: data is kept per region, domain names and API keys are global.
 */
import "../provider/node-guard";
import { secret as newSecret } from "./formats";
import { Knobs, KnobsPatch, mergeKnobs } from "./knobs";
import { addPrimaryKey } from "./models/keys";
import { DebouncedSaver, load } from "./persistence";
import type { RequestLogEntry } from "./request-log";
import { RequestLog } from "./request-log";
import { ExchangeObserver, listen } from "./server";
import { World } from "./store";
import type { stateDump } from "./control";

export interface EmulatorOptions {
  /** default "127.0.0.1" */
  host?: string;
  /** default 0 (any free port) */
  usPort?: number;
  /** default 0 (any free port) */
  euPort?: number;
  /** Primary account key (admin). Default: the one in `dataFile`, else random, Mailgun format `<32hex>-<8hex>-<8hex>`. */
  apiKey?: string;
  /** JSON persistence: loaded at start if present, written after each change (debounced) and on close. */
  dataFile?: string;
  knobs?: Partial<Knobs> | KnobsPatch;
  /** Print one line per API request to stderr. default false */
  logRequests?: boolean;
  /**
   * Test hook (an addition to the contract): called with every API response the emulator
   * sends, body included, e.g. to validate responses against Mailgun's OpenAPI document.
   */
  onExchange?: ExchangeObserver;
}

export interface RunningEmulator {
  urls: { us: string; eu: string };
  apiKey: string;
  close(): Promise<void>;
}

export type StateDump = ReturnType<typeof stateDump>;
export type { Knobs, RequestLogEntry };

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const world = new World();
  const now = Date.now();
  if (options.dataFile) load(world, options.dataFile);

  const saver = options.dataFile ? new DebouncedSaver(world, options.dataFile) : undefined;
  // The primary key survives restarts through the data file unless another one is asked for.
  const primary = world.primaryKey();
  const apiKey = options.apiKey ?? primary?.secret ?? newSecret();
  if (primary?.secret !== apiKey) {
    if (primary) world.keys.delete(primary.id);
    addPrimaryKey(world, apiKey, now);
    world.changed();
  }
  saver?.flush();
  if (options.knobs) world.setKnobs(mergeKnobs(world.knobs, options.knobs as KnobsPatch));

  const log = new RequestLog();
  const listeners = await listen(world, log, {
    host: options.host ?? "127.0.0.1",
    usPort: options.usPort ?? 0,
    euPort: options.euPort ?? 0,
    verbose: options.logRequests ?? false,
    onExchange: options.onExchange,
  });

  let closing: Promise<void> | undefined;
  return {
    urls: listeners.urls,
    apiKey,
    close: () => (closing ??= listeners.close().then(() => saver?.flush())),
  };
}
