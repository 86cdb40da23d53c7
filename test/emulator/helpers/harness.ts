/**
 * Each test gets its own emulator on free ports, closed after the test. Every API response
 * it gives is checked against the OpenAPI contract (helpers/contract.ts) when the test ends.
 */
import { EmulatorOptions, RunningEmulator, startEmulator } from "../../../emulator";
import { Api, Control } from "./api";
import { contract, Exchange } from "./contract";

export interface Harness {
  emulator: RunningEmulator;
  us: Api;
  eu: Api;
  control: Control;
  exchanges: Exchange[];
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const exchanges: Exchange[] = [];
  const emulator = await startEmulator({ ...options, onExchange: (x) => exchanges.push(x) });
  return {
    emulator,
    us: new Api(emulator.urls.us, emulator.apiKey),
    eu: new Api(emulator.urls.eu, emulator.apiKey),
    control: new Control(emulator.urls.us),
    exchanges,
  };
}

export function contractProblems(h: Harness): string[] {
  const checker = contract();
  return h.exchanges.flatMap((x) => checker.check(x));
}

/** Registers beforeEach/afterEach; the returned object is filled in for each test. */
export function useEmulator(options: EmulatorOptions = {}): Harness {
  const h = {} as Harness;
  beforeEach(async () => {
    Object.assign(h, await startHarness(options));
  });
  afterEach(async () => {
    await h.emulator.close();
    expect(contractProblems(h)).toEqual([]);
  });
  return h;
}

let counter = 0;
/** Unique, valid domain names per test run. */
export function domainName(prefix = "mg"): string {
  return `${prefix}-${process.pid}-${++counter}.example.test`;
}

export async function createDomain(api: Api, name = domainName(), fields: Record<string, string> = {}) {
  const answer = await api.post("/v4/domains", { name, ...fields });
  if (answer.status !== 200) throw new Error(`creating ${name}: ${answer.status} ${answer.text}`);
  return name;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
