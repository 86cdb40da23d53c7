import { handler } from "../../provider";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { sdkInputs } from "../../testkit/sdk-inputs";
import * as mailgun from "../../sdk";

/** Issue 20 item 8: `account` and another Account as `opts.provider` is a check failure naming [account], not an exception. */
describe("an account given twice", () => {
  const t = useHandlerEmulator({});

  test("two different accounts: refused at preview naming [account], no call, no key in the reason", async () => {
    const shop = new mailgun.Account("shop", { apiKey: "key-shop-secret" });
    const team = new mailgun.Account("team", { apiKey: "key-team-secret" });
    const inputs = await sdkInputs("Route", { expression: 'match_recipient("a@x.test")', actions: ["stop()"], account: shop }, "r", { provider: team });
    await t.emulator.clearRequests();
    const { failures } = await handler("Route").check({}, inputs);
    expect(failures?.map((f) => [f.property, f.reason])).toEqual([["", expect.stringMatching(/^Route: \[account\] .*one account in the args and another as `provider` in the options: give it once/)]]);
    expect(JSON.stringify(failures)).not.toMatch(/key-(shop|team)-secret/);
    expect(await t.emulator.requests()).toEqual([]);
  });

  test("the same account both ways is one account", async () => {
    const shop = new mailgun.Account("shop", { apiKey: "key-shop-secret" });
    const inputs = await sdkInputs("Route", { expression: 'match_recipient("a@x.test")', actions: ["stop()"], account: shop }, "r2", { provider: shop });
    expect((await handler("Route").check({}, inputs)).failures).toBeUndefined();
  });
});
