/**
 * A read-only key through the real Pulumi CLI: `pulumi up` of a Domain fails with a message that
 * says which permission is missing, creates nothing, and never prints the key.
 */
import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const NAME = "mg.permissions-test.example.com";
const domain: ResourceSpec = { kind: "Domain", name: "main", args: { name: NAME } };

describe("permissions through the real Pulumi engine", () => {
  const t = useMailgunStack([]);

  test("a basic key cannot create a Domain, and the error says what it needs", async () => {
    const { emulator, project, log } = t;
    const created = await emulator.api("us", "POST", "/v1/keys", { role: "basic", description: "read-only" });
    const secret: string = created.key.secret;
    await project.stack.setConfig("mailgun:apiKey", { value: secret, secret: true });
    await project.setResources([domain]);
    await emulator.clearRequests();

    const err = await project.stack.up({ onOutput: log.onOutput }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain(
      "POST /v4/domains in region us: 403 Forbidden: the API key (mailgun:apiKey) is not allowed to create domains; "
        + "it needs the admin or developer role (a basic key is read-only, a sending key can only send). "
        + "Use the account's primary key or an admin key.",
    );
    expect(err?.message).not.toContain(secret);
    expect(log.text).not.toContain(secret);

    expect(await objectCounts(emulator)).toMatchObject({ us: { domains: 0 }, eu: { domains: 0 } });
    const writes = (await emulator.requests()).filter((r) => r.method !== "GET");
    expect(writes.map((r) => [r.method, r.path, r.status, r.applied])).toEqual([["POST", "/v4/domains", 403, false]]);
    const outputs = await project.stack.outputs();
    expect(outputs.resources?.value ?? {}).not.toHaveProperty("main");
  }, 300_000);
});
