import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { TestEmulator } from "./emulator";
import { createTestProject, repoRoot, TestProject } from "./pulumi";

/**
 * A stack of one of the repo's examples (examples/<name>), copied into .test-work/ and pointed
 * at the emulator the way a user points it at Mailgun: the key as a secret config value, plus
 * the emulator's URLs. `config` adds the example's own settings.
 */
export function exampleStack(emulator: TestEmulator, name: string, config: Record<string, string> = {}): Promise<TestProject> {
  return createTestProject(path.join(repoRoot, "examples", name), {
    config: {
      "mailgun:apiKey": { value: emulator.apiKey, secret: true },
      "mailgun:apiUrlUs": { value: emulator.urls.us },
      "mailgun:apiUrlEu": { value: emulator.urls.eu },
      "mailgun:consistencyBudgetMs": { value: "5000" },
      ...Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }])),
    },
  });
}

/** Every file of the project's state backend with a hash of its content: equal snapshots mean nothing was written. */
export function backendSnapshot(project: TestProject): Record<string, string> {
  const root = path.join(project.dir, ".state");
  const files = fs.readdirSync(root, { withFileTypes: true, recursive: true }).filter((e) => e.isFile());
  return Object.fromEntries(
    files.map((e) => {
      const file = path.join(e.parentPath, e.name);
      return [path.relative(root, file), crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex")];
    }),
  );
}

/** A request that can change Mailgun (anything but a read). */
export const isWrite = (r: { method: string }) => r.method !== "GET" && r.method !== "HEAD";

/**
 * Registers beforeAll/afterAll for a test file that runs one example: an emulator, and the
 * project the test sets on the returned object (cleaned up after the file).
 */
export function useExampleEmulator() {
  const ctx = {} as { emulator: TestEmulator; project?: TestProject };
  beforeAll(async () => {
    ctx.emulator = await TestEmulator.start();
  });
  afterAll(async () => {
    await ctx.project?.cleanup();
    await ctx.emulator?.close();
  });
  return ctx;
}
