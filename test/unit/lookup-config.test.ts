/** How a lookup's settings are put together: the stack configuration, an account over it, and errors that name the field. */
import * as pulumi from "@pulumi/pulumi";
import { Account } from "../../sdk/account";
import { lookupConfig } from "../../sdk/lookups/common";

const KEY = "0123456789abcdef0123456789abcdef-01234567-89abcdef";

describe("lookupConfig", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("without an account: the provider's settings, with its environment fallbacks", async () => {
    process.env.MAILGUN_API_KEY = KEY;
    process.env.MAILGUN_REGION = "eu";
    process.env.MAILGUN_MAX_RETRIES = "3";
    const c = await lookupConfig("getX");
    expect(c).toMatchObject({ apiKey: KEY, defaultRegion: "eu", maxRetries: 3 });
    expect(c.subaccountId).toBeUndefined();
  });

  test("an account replaces key, region, URLs and subaccount; the rest stays the stack's", async () => {
    process.env.MAILGUN_API_KEY = "stack-key-not-used";
    process.env.MAILGUN_MAX_RETRIES = "2";
    const c = await lookupConfig("getX", {
      apiKey: pulumi.secret(KEY), region: "EU", apiUrlUs: "http://127.0.0.1:9/", apiUrlEu: pulumi.output("http://localhost:10"), subaccountId: "sub-1",
    });
    expect(c).toMatchObject({ apiKey: KEY, defaultRegion: "eu", baseUrls: { us: "http://127.0.0.1:9", eu: "http://localhost:10" }, subaccountId: "sub-1", maxRetries: 2 });
  });

  test("bad account fields are named, and the key is never shown", async () => {
    await expect(lookupConfig("getX", { apiKey: KEY, region: "mars" })).rejects.toThrow(/^getX: account.region: invalid region "mars"/);
    await expect(lookupConfig("getX", { apiKey: KEY, apiUrlEu: "https://api.eu.mailgun.net/v3" })).rejects.toThrow(/getX: account.apiUrlEu: .*version path/);
    await expect(lookupConfig("getX", { apiKey: "" })).rejects.toThrow(/getX: account.apiKey is empty or not known yet/);
    const err = await lookupConfig("getX", { apiKey: KEY, region: "mars" }).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain(KEY);
  });

  test("a mailgun.Account: its own key and subaccount; the region and URLs it leaves out are the stack's (issue 21 item 3)", async () => {
    process.env.MAILGUN_API_KEY = "stack-key-not-used";
    process.env.MAILGUN_REGION = "eu";
    process.env.MAILGUN_API_URL_US = "http://127.0.0.1:9";
    process.env.MAILGUN_MAX_RETRIES = "2";
    const c = await lookupConfig("getX", new Account("billing", { apiKey: pulumi.secret(KEY), subaccountId: "646d00a1b32c35364a2ad34f" }));
    expect(c).toMatchObject({ apiKey: KEY, defaultRegion: "eu", baseUrls: { us: "http://127.0.0.1:9", eu: "https://api.eu.mailgun.net" }, subaccountId: "646d00a1b32c35364a2ad34f", maxRetries: 2 });
    await expect(lookupConfig("getX", new Account("billing", { apiKey: KEY, region: "ap" as "us" }))).rejects.toThrow(/^mailgun.Account "billing" region: invalid region "ap"/);
  });

  test("a mailgun.Account and a plain object of the same fields get the same settings", async () => {
    process.env.MAILGUN_REGION = "eu";
    process.env.MAILGUN_API_URL_EU = "http://127.0.0.1:8";
    const cases = [{}, { region: "us" }, { apiUrlUs: "http://localhost:7/" }, { region: "", apiUrlEu: "" }, { subaccountId: "646d00a1b32c35364a2ad34f", apiUrlEu: "https://api.eu.mailgun.net" }];
    for (const fields of cases) {
      const plain = await lookupConfig("getX", { apiKey: KEY, ...fields });
      expect(await lookupConfig("getX", new Account("a", { apiKey: KEY, ...(fields as { region?: "us" }) }))).toEqual(plain);
    }
  });

  test("a plain object: an empty field counts as unset, a bad subaccount id is refused before any call", async () => {
    process.env.MAILGUN_REGION = "eu";
    expect(await lookupConfig("getX", { apiKey: KEY, region: "", apiUrlUs: " " })).toMatchObject({ defaultRegion: "eu", baseUrls: { us: "https://api.mailgun.net" } });
    await expect(lookupConfig("getX", { apiKey: KEY, subaccountId: "not an id" })).rejects.toThrow(/^getX: account.subaccountId: must be the id Mailgun gave the subaccount/);
  });
});
