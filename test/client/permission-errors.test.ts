/**
 * A 403 (valid key, missing permission) names what the call tried to do and which role it needs,
 * against the emulator's role rules, without ever showing the key.
 */
import { MailgunAuthError } from "../../provider/client/errors";
import { routeParams, startHarness, uniqueDomain, type Harness } from "./emulator-harness";

describe("403 messages say which permission is missing", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const keyWithRole = async (role: "basic" | "developer") => (await h.client().keys.create("us", { role })).secret;

  it("creating a domain with a basic key", async () => {
    const secret = await keyWithRole("basic");
    const name = uniqueDomain("perm");
    const err = await h.client({ apiKey: secret }).domains.create("us", { name }).catch((e) => e);
    expect(err).toBeInstanceOf(MailgunAuthError);
    expect(err.status).toBe(403);
    expect(err.message).toBe(
      "POST /v4/domains in region us: 403 Forbidden: the API key (mailgun:apiKey) is not allowed to create domains; "
        + "it needs the admin or developer role (a basic key is read-only, a sending key can only send). "
        + "Use the account's primary key or an admin key.",
    );
    expect(err.message).not.toContain(secret);
    expect((await h.state()).us.domains.map((d: any) => d.name)).not.toContain(name);
  });

  it("updating and deleting name the object kind from the path", async () => {
    const name = uniqueDomain("perm");
    await h.client().domains.create("eu", { name });
    const basic = h.client({ apiKey: await keyWithRole("basic") });
    const tracking = await basic.tracking.updateOpen("eu", name, { active: true }).catch((e) => e);
    expect(tracking.message).toContain(`PUT /v3/domains/${name}/tracking/open in region eu: 403 Forbidden: the API key (mailgun:apiKey) is not allowed to update tracking settings of domains;`);
    const deleted = await basic.domains.delete("eu", name).catch((e) => e);
    expect(deleted.message).toMatch(/403 Forbidden: the API key \(mailgun:apiKey\) is not allowed to delete domains; it needs the admin or developer role/);
    const route = await basic.routes.create("eu", routeParams("x")).catch((e) => e);
    expect(route.message).toMatch(/^POST \/v3\/routes in region eu: 403 Forbidden: the API key \(mailgun:apiKey\) is not allowed to create routes;/);
    // Reads still work with the same key.
    expect((await basic.domains.get("eu", name)).domain.name).toBe(name);
  });

  it("managing API keys needs the admin role, which a developer key lacks", async () => {
    const developer = h.client({ apiKey: await keyWithRole("developer") });
    const err = await developer.keys.create("us", { role: "basic" }).catch((e) => e);
    expect(err.message).toBe(
      "POST /v1/keys in region us: 403 Forbidden: the API key (mailgun:apiKey) is not allowed to create API keys; "
        + "it needs the admin role (a developer key cannot manage API keys, a basic key is read-only, a sending key can only send). "
        + "Use the account's primary key or an admin key.",
    );
    // The same key may manage domains.
    const name = uniqueDomain("perm");
    expect((await developer.domains.create("us", { name })).domain.name).toBe(name);
  });
});
