import { configure } from "../provider/runtime";
import { forgetListings } from "../provider/resources/listings";
import { startNewRun } from "../provider/run-state";
import { TestEmulator } from "./emulator";

type EmulatorOptions = NonNullable<Parameters<typeof TestEmulator.start>[0]>;

/**
 * For tests that call the resource handlers directly, as one provider process would: starts an
 * emulator, points the provider at it with `settings` added to the connection config, and before
 * each test resets it and forgets the listings (each test stands for a new provider process).
 */
export function useHandlerEmulator(settings: Record<string, string>, options: EmulatorOptions = {}): { emulator: TestEmulator } {
  const ctx = {} as { emulator: TestEmulator };
  beforeAll(async () => {
    ctx.emulator = await TestEmulator.start(options);
    const config: Record<string, string> = {
      "mailgun:apiKey": ctx.emulator.apiKey,
      "mailgun:apiUrlUs": ctx.emulator.urls.us,
      "mailgun:apiUrlEu": ctx.emulator.urls.eu,
      ...settings,
    };
    configure({ get: (k: string) => config[k] });
  });
  afterAll(() => ctx.emulator?.close());
  beforeEach(async () => {
    await ctx.emulator.reset();
    forgetListings();
    startNewRun();
  });
  return ctx;
}

/** A handler's check, which must pass: the normalized inputs. */
export async function checked<T>(handler: { check(o: object, n: object): Promise<{ inputs?: object; failures?: unknown[] }> }, args: object): Promise<T> {
  const { inputs, failures } = await handler.check({}, args);
  expect(failures).toBeUndefined();
  return inputs as T;
}
