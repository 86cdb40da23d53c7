import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorOptions } from "../emulator";
import type { ResourceKind } from "../provider";
import { TestEmulator } from "./emulator";
import { createTestProject, TestProject } from "./pulumi";

export interface ResourceSpec {
  kind: ResourceKind;
  name: string;
  args: Record<string, unknown>;
  /** Resource options the fixture passes through as they are (aliases, deleteBeforeReplace, retainOnDelete...). */
  opts?: Record<string, unknown>;
}

/** A stack of the mailgun-stack fixture pointed at the emulator (key as a secret config value). */
export async function mailgunStack(emulator: TestEmulator, resources: ResourceSpec[], options: { region?: "us" | "eu"; stackName?: string; secrets?: Record<string, string> } = {}): Promise<TestProject & { setResources(r: ResourceSpec[]): Promise<void> }> {
  const project = await createTestProject("mailgun-stack", {
    stackName: options.stackName,
    config: {
      "mailgun:apiKey": { value: emulator.apiKey, secret: true },
      "mailgun:apiUrlUs": { value: emulator.urls.us },
      "mailgun:apiUrlEu": { value: emulator.urls.eu },
      "mailgun:region": { value: options.region ?? "us" },
      // The emulator is consistent unless a test turns consistencyDelayMs on.
      "mailgun:consistencyBudgetMs": { value: "5000" },
      ...Object.fromEntries(Object.entries(options.secrets ?? {}).map(([k, v]) => [`fixture:${k}`, { value: v, secret: true }])),
    },
  });
  await setFixtureResources(project, resources);
  return {
    ...project,
    setResources: (r: ResourceSpec[]) => setFixtureResources(project, r),
  };
}

/** Over this, the list goes in a file: config reaches the program in one environment variable, and 1,000 resources overflow it (E2BIG). */
const LARGEST_CONFIG_VALUE = 64 * 1024;

/** Sets the resources of a mailgun-stack or noop-stack fixture: in its config, or in a file the config names when large. */
export async function setFixtureResources(project: TestProject, resources: unknown[]): Promise<void> {
  const json = JSON.stringify(resources);
  if (json.length <= LARGEST_CONFIG_VALUE) {
    await project.stack.removeConfig("fixture:resourcesFile").catch(() => undefined);
    await project.stack.setConfig("fixture:resources", { value: json });
    return;
  }
  const file = path.join(project.dir, "resources.json");
  fs.writeFileSync(file, json);
  await project.stack.removeConfig("fixture:resources").catch(() => undefined);
  await project.stack.setConfig("fixture:resourcesFile", { value: file });
}

/** Collects everything the CLI printed, to scan it for secrets. */
export class OutputLog {
  text = "";
  readonly onOutput = (line: string) => {
    this.text += line;
  };
}

export type MailgunTestProject = Awaited<ReturnType<typeof mailgunStack>>;

/**
 * Registers beforeAll/afterAll that start an emulator and a mailgun-stack project for one test
 * file; the returned object is filled in before the tests run.
 */
export function useMailgunStack(resources: ResourceSpec[], options: Parameters<typeof mailgunStack>[2] & { emulator?: EmulatorOptions } = {}) {
  const ctx = { log: new OutputLog() } as { emulator: TestEmulator; project: MailgunTestProject; log: OutputLog };
  beforeAll(async () => {
    ctx.emulator = await TestEmulator.start(options.emulator);
    ctx.project = await mailgunStack(ctx.emulator, resources, options);
  }, 60_000);
  afterAll(async () => {
    await ctx.project?.cleanup();
    await ctx.emulator?.close();
  });
  return ctx;
}
