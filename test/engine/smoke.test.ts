import { createTestProject, lockedSdkVersion, pulumiCommand, TestProject } from "../../testkit/pulumi";

// The real Pulumi CLI, language host and dynamic-provider process on one tiny program.
describe("the real Pulumi engine", () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await createTestProject("smoke", { config: { "smoke:label": { value: "first" } } });
  }, 120_000);
  afterAll(async () => project?.cleanup());

  test("CLI version equals the @pulumi/pulumi version in package-lock.json", async () => {
    const cli = await pulumiCommand();
    const locked = lockedSdkVersion();
    console.log(`pulumi CLI ${cli.version?.toString()}, @pulumi/pulumi ${locked} (package-lock.json)`);
    expect(cli.version?.toString()).toBe(locked);
  });

  test("up, empty preview, refresh without changes, update, destroy", async () => {
    const { stack } = project;
    const up = await stack.up();
    console.log(`pulumi up: ${JSON.stringify(up.summary.resourceChanges)}`);
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(up.outputs.label.value).toBe("first");
    // The program ran on the provisioned Node, not the machine's older one.
    expect(Number(String(up.outputs.nodeVersion.value).slice(1).split(".")[0])).toBeGreaterThanOrEqual(22);

    const preview = await stack.preview({ expectNoChanges: true });
    expect(preview.changeSummary).toEqual({ same: 2 });

    const refresh = await stack.refresh({ expectNoChanges: true });
    console.log(`pulumi refresh: ${JSON.stringify(refresh.summary.resourceChanges)}`);
    expect(refresh.summary.result).toBe("succeeded");

    await stack.setConfig("smoke:label", { value: "second" });
    const update = await stack.up();
    expect(update.summary.resourceChanges).toMatchObject({ update: 1, same: 1 });
    expect(update.outputs.label.value).toBe("second");

    const destroy = await stack.destroy();
    console.log(`pulumi destroy: ${JSON.stringify(destroy.summary.resourceChanges)}`);
    expect(destroy.summary.resourceChanges).toMatchObject({ delete: 2 });
    const state = await stack.exportStack();
    expect(state.deployment.resources ?? []).toHaveLength(0);
  }, 300_000);
});
