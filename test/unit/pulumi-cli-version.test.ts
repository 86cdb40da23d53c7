import { lockedSdkVersion, pulumiCommand } from "../../testkit/pulumi";

// The engine tests drive this CLI with this SDK: a CLI older or newer than the SDK would test another engine.
test("the Pulumi CLI in .toolchain reports the @pulumi/pulumi version package-lock.json pins", async () => {
  const cli = await pulumiCommand();
  expect(cli.version?.toString()).toBe(lockedSdkVersion());
});
