/**
 * Issue 20 item 8: lookups check their arguments before calling Mailgun. A missing or malformed
 * domain fails at once, naming the argument and the fix, and the emulator sees no call.
 */
import { TestEmulator } from "../../testkit/emulator";
import { getApiKeys, getDomain, getDomainCredentials, getTemplates, getWebhooks, type LookupAccount } from "../../sdk/lookups";

let emu: TestEmulator;
let account: LookupAccount;
beforeAll(async () => {
  emu = await TestEmulator.start();
  account = { apiKey: emu.apiKey, apiUrlUs: emu.urls.us, apiUrlEu: emu.urls.eu };
});
afterAll(() => emu?.close());

test.each([
  ["getTemplates without domain", () => getTemplates({ account } as never), /^getTemplates: domain is required: the Mailgun domain, e\.g\. domain: "mg\.example\.com"/],
  ["getDomain with a name that is no domain", () => getDomain({ name: "not a domain", account }), /^getDomain: name "not a domain" is not a valid domain name/],
  ["getWebhooks with an empty domain", () => getWebhooks({ domain: "", account }), /^getWebhooks: domain is required/],
  ["getDomainCredentials with a single label", () => getDomainCredentials({ domain: "localhost", account }), /^getDomainCredentials: domain "localhost" is not a valid domain name/],
  ["getApiKeys with a bad domainName", () => getApiKeys({ domainName: "a b", account }), /^getApiKeys: domainName "a b" is not a valid domain name/],
])("%s: refused before any call", async (_what, call, message) => {
  await emu.clearRequests();
  await expect(call()).rejects.toThrow(message);
  expect(await emu.requests()).toEqual([]);
});
