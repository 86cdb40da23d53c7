import { PartialCreateError } from "../../provider/resources/types";
import { objectCounts } from "../../testkit/emulator";
import { newRun, up, useEngineSteps, withProgress } from "./engine-runs";

/** A read-only key: an up of a Domain fails saying which permission is missing, creates nothing, and never shows the key. */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "5000" });

test("a basic key cannot create a Domain, and the error says what it needs", async () => {
  const created = await h.emulator.api("us", "POST", "/v1/keys", { role: "basic", description: "read-only" });
  const secret: string = created.key.secret;
  newRun({ "mailgun:apiKey": secret });
  await h.emulator.clearRequests();

  const { result: err, lines } = await withProgress(() => up("Domain", "main", { name: "mg.permissions-test.example.com" }).then(() => undefined, (e: Error) => e));
  expect(err?.message).toContain(
    "POST /v4/domains in region us: 403 Forbidden: the API key (mailgun:apiKey) is not allowed to create domains; "
      + "it needs the admin or developer role (a basic key is read-only, a sending key can only send). "
      + "Use the account's primary key or an admin key.",
  );
  expect(err?.message).not.toContain(secret);
  // A plain failure: the engine records nothing for it (a PartialCreateError would be recorded).
  expect(err).not.toBeInstanceOf(PartialCreateError);
  expect(lines).not.toContain(secret);

  expect(await objectCounts(h.emulator)).toMatchObject({ us: { domains: 0 }, eu: { domains: 0 } });
  const writes = (await h.emulator.requests()).filter((r) => r.method !== "GET");
  expect(writes.map((r) => [r.method, r.path, r.status, r.applied])).toEqual([["POST", "/v4/domains", 403, false]]);
});
