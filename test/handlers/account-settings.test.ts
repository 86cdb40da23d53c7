/**
 * Issue 21 item 3: an Account's settings are its own where it sets them, else the stack
 * configuration's (provider/account-settings.ts). Here the stack points at the emulator with
 * `mailgun:region` eu; the Accounts are the SDK's own, so the handlers get what a program sends.
 */
import { handler } from "../../provider";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { sdkInputs } from "../../testkit/sdk-inputs";
import * as mailgun from "../../sdk";

const routeArgs = (who: string) => ({ expression: `match_recipient("${who}@x.test")`, actions: ["stop()"], description: who });

describe("an Account's region and URLs: its own, else the stack configuration's", () => {
  const t = useHandlerEmulator({ "mailgun:region": "eu", "mailgun:maxRetries": "0" });
  const route = handler("Route");

  test("an Account that sets neither works where the stack's configuration points: the emulator, in the stack's region", async () => {
    const team = new mailgun.Account("team", { apiKey: t.emulator.apiKey });
    const inputs = await sdkInputs("Route", { ...routeArgs("team"), account: team }, "r-team");
    expect(inputs.account).toEqual({ name: "team" });
    const checked = await route.check({}, inputs);
    expect(checked.failures).toBeUndefined();
    expect(checked.inputs).toMatchObject({ region: "eu" });
    await t.emulator.clearRequests();
    const { outs } = await route.create(checked.inputs as any);
    expect(outs).toMatchObject({ region: "eu", account: { name: "team" } });
    const calls = await t.emulator.requests();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.map((c) => c.region)).toEqual(calls.map(() => "eu"));
    expect((await t.emulator.api("eu", "GET", "/v3/routes")).items.map((r: { description: string }) => r.description)).toEqual(["team"]);
  });

  test("what the Account sets wins over the stack's", async () => {
    const us = new mailgun.Account("us-team", { apiKey: t.emulator.apiKey, region: "us", apiUrlUs: `${t.emulator.urls.us}/` });
    const checked = await route.check({}, await sdkInputs("Route", { ...routeArgs("us-team"), account: us }, "r-us"));
    expect(checked.inputs).toMatchObject({ region: "us" });
    await t.emulator.clearRequests();
    await route.create(checked.inputs as any);
    expect(new Set((await t.emulator.requests()).map((c) => c.region))).toEqual(new Set(["us"]));
    // An endpoint of its own that is not the emulator: the call goes there, not to the stack's.
    const elsewhere = new mailgun.Account("elsewhere", { apiKey: t.emulator.apiKey, apiUrlEu: "http://127.0.0.1:9" });
    const inputs = (await route.check({}, await sdkInputs("Route", { ...routeArgs("elsewhere"), account: elsewhere }, "r-else"))).inputs as any;
    await t.emulator.clearRequests();
    await expect(route.create(inputs)).rejects.toThrow();
    expect(await t.emulator.requests()).toEqual([]);
  });

  test("the identity uses the same endpoints: spelling out the stack's is the same account, Mailgun's own another", async () => {
    const outs = { ...routeArgs("x"), region: "eu", routeId: "r1", account: { name: "team" }, accountApiKey: t.emulator.apiKey };
    const withAccount = (account: object) => ({ ...outs, account: { name: "team", ...account } });
    // A state-only update (the stored settings change), no replacement.
    expect(await route.diff("r1", outs as any, withAccount({ apiUrlEu: t.emulator.urls.eu, apiUrlUs: `${t.emulator.urls.us}/` }) as any)).toEqual({ changes: true });
    expect(await route.diff("r1", outs as any, withAccount({ apiUrlEu: "https://api.eu.mailgun.net" }) as any)).toMatchObject({ replaces: ["account"], deleteBeforeReplace: true });
  });
});
