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

  test("a mailgun.Account: the settings its resources use (Mailgun's URLs and us unless it names others), not the stack's", async () => {
    process.env.MAILGUN_API_KEY = "stack-key-not-used";
    process.env.MAILGUN_REGION = "eu";
    process.env.MAILGUN_API_URL_US = "http://127.0.0.1:9";
    process.env.MAILGUN_MAX_RETRIES = "2";
    const c = await lookupConfig("getX", new Account("billing", { apiKey: pulumi.secret(KEY), subaccountId: "646d00a1b32c35364a2ad34f" }));
    expect(c).toMatchObject({ apiKey: KEY, defaultRegion: "us", baseUrls: { us: "https://api.mailgun.net", eu: "https://api.eu.mailgun.net" }, subaccountId: "646d00a1b32c35364a2ad34f", maxRetries: 2 });
  });
});
