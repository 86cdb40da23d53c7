import { checked, useHandlerEmulator } from "../../testkit/handler-harness";
import { domainHandler, DomainInputs } from "../../provider/resources/domain";
import { TestEmulator } from "../../testkit/emulator";

/** Domain dkimRotation through the handler, against an emulator that shows writes late. */
const harness = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "6000", "mailgun:maxRetries": "20" });
let emulator: TestEmulator;
beforeAll(() => {
  emulator = harness.emulator;
});

test("rotation set in the update that turns on Automatic Sender Security, while Mailgun still shows it off", async () => {
  const name = "mg.rotation-handler.example.com";
  const { outs } = await domainHandler.create(await checked<DomainInputs>(domainHandler, { name }));
  await emulator.setKnobs({ consistencyDelayMs: 1500 } as never);
  await emulator.clearRequests();
  const news = await checked<DomainInputs>(domainHandler, { name, useAutomaticSenderSecurity: true, dkimRotation: { enabled: true, interval: "7d" } });
  const updated = await domainHandler.update(name, outs, news);
  expect(updated.outs.dkimRotation).toEqual({ enabled: true, interval: "7d" });
  const rotationPuts = (await emulator.requests()).filter((r) => r.method === "PUT" && r.path.endsWith("/rotation")).map((r) => r.status);
  // The DKIM service answered 404 until it saw the domain's new setting; the provider waited that out.
  expect(rotationPuts[0]).toBe(404);
  expect(rotationPuts[rotationPuts.length - 1]).toBe(200);
  await emulator.setKnobs({ consistencyDelayMs: 0 } as never);
  expect((await emulator.state()).us.domains[0].dkim_rotation).toEqual({ enabled: true, interval: "7d" });

  // Read back: declared, so read (one GET more than a plain domain read); drift by hand shows.
  await emulator.api("us", "PUT", `/v1/dkim_management/domains/${name}/rotation`, { rotation_enabled: "false" });
  await emulator.clearRequests();
  const read = await domainHandler.read(name, { ...updated.outs, writtenAt: undefined });
  expect(read.props?.dkimRotation).toEqual({ enabled: false, interval: "7d" });
  expect((await emulator.requests()).map((r) => `${r.method} ${r.path}`).sort()).toEqual([
    `GET /v1/dkim_management/domains/${name}`,
    `GET /v3/domains/${name}/tracking`,
    `GET /v4/domains/${name}`,
  ]);
});
