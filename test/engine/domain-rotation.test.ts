import { objectCounts } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const NAME = "mg.rotation-test.example.com";
const domain = (dkimRotation?: Record<string, unknown>): ResourceSpec => ({
  kind: "Domain",
  name: "d",
  args: { name: NAME, useAutomaticSenderSecurity: true, ...(dkimRotation ? { dkimRotation } : {}) },
});
const ROTATION_PATH = `/v1/dkim_management/domains/${NAME}`;

describe("Domain dkimRotation through the real Pulumi engine", () => {
  const t = useMailgunStack([domain({ enabled: true, interval: "7d" })]);
  const live = async () => (await t.emulator.state()).us.domains.find((d: { name: string }) => d.name === NAME)?.dkim_rotation;
  const rotationCalls = async () => (await t.emulator.requests()).filter((r) => r.path.startsWith(ROTATION_PATH)).map((r) => r.method);

  test("set, change, drift by hand, same duration spelled otherwise, remove", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    // Set at creation: the domain, then its rotation.
    expect((await emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /v4/domains",
      `PUT ${ROTATION_PATH}/rotation`,
    ]);
    expect(up.outputs.resources.value.d.dkimRotation).toEqual({ enabled: true, interval: "7d" });
    expect(await live()).toEqual({ enabled: true, interval: "7d" });
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await emulator.clearRequests();
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
    // Declared: the refresh reads the setting back (one GET).
    expect(await rotationCalls()).toEqual(["GET"]);

    // In place: a new interval, one PUT.
    await project.setResources([domain({ enabled: true, interval: "10d" })]);
    await emulator.clearRequests();
    const change = await stack.up({ onOutput: log.onOutput });
    expect(change.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await rotationCalls()).toEqual(["PUT"]);
    expect(await live()).toEqual({ enabled: true, interval: "10d" });

    // Drift: rotation switched off in the dashboard; a refreshing preview shows it, up puts it back.
    await emulator.api("us", "PUT", `${ROTATION_PATH}/rotation`, { rotation_enabled: "false" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(await live()).toEqual({ enabled: true, interval: "10d" });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // The same duration in other words is not drift; another duration is.
    await emulator.api("us", "PUT", `${ROTATION_PATH}/rotation`, { rotation_enabled: "true", rotation_interval: "240h" });
    await stack.preview({ refresh: true, expectNoChanges: true });
    await emulator.api("us", "PUT", `${ROTATION_PATH}/rotation`, { rotation_enabled: "true", rotation_interval: "14d" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(await live()).toEqual({ enabled: true, interval: "10d" });

    // Removed from the program: no longer managed. Mailgun keeps its setting; nothing is sent, and reads stop asking.
    await project.setResources([domain()]);
    await emulator.clearRequests();
    await stack.up({ onOutput: log.onOutput });
    expect(await rotationCalls()).toEqual([]);
    expect(await live()).toEqual({ enabled: true, interval: "10d" });
    await emulator.clearRequests();
    await stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
    expect(await rotationCalls()).toEqual([]);
    const state = JSON.parse(project.rawState()).checkpoint.latest.resources.find((r: { type: string }) => r.type.endsWith(":Domain"));
    expect(state.outputs.dkimRotation).toBeUndefined();

    await stack.destroy({ onOutput: log.onOutput });
    expect(await objectCounts(emulator)).toMatchObject({ us: { domains: 0 } });
  }, 600_000);
});
