import { configure } from "../../provider/runtime";
import { domainHandler, DomainInputs } from "../../provider/resources/domain";
import { TestEmulator } from "../helpers/emulator";

/**
 * Regression tests for bugs the fault suite found, one per bug, calling the resource handlers
 * directly against the emulator (fast and deterministic: no engine, one request at a time).
 */
let emulator: TestEmulator;

beforeAll(async () => {
  emulator = await TestEmulator.start();
  const config: Record<string, string> = {
    "mailgun:apiKey": emulator.apiKey,
    "mailgun:apiUrlUs": emulator.urls.us,
    "mailgun:apiUrlEu": emulator.urls.eu,
    "mailgun:consistencyBudgetMs": "10000",
    "mailgun:maxRetries": "20",
  };
  configure({ get: (k: string) => config[k] });
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());

async function checked<T>(handler: { check(o: object, n: object): Promise<{ inputs?: object; failures?: unknown[] }> }, args: object): Promise<T> {
  const { inputs, failures } = await handler.check({}, args);
  expect(failures).toBeUndefined();
  return inputs as T;
}

test("a new domain's tracking is set even while Mailgun does not show the domain yet", async () => {
  await emulator.setKnobs({ consistencyDelayMs: 1_500 });
  const inputs = await checked<DomainInputs>(domainHandler, { name: "mg.fresh.example.com", clickTracking: true, openTracking: true });
  const { outs } = await domainHandler.create(inputs);
  expect(outs).toMatchObject({ clickTracking: true, openTracking: true });
  const tracking = (await emulator.state()).us.domains[0].tracking;
  expect(tracking.click.active).toBe(true);
  expect(tracking.open.active).toBe(true);
});
