import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";

export const repoRoot = path.resolve(__dirname, "..");
const workRoot = path.join(repoRoot, ".test-work");

let command: Promise<PulumiCommand> | undefined;
/** The CLI built by scripts/ensure-pulumi.sh (never downloaded). */
export function pulumiCommand(): Promise<PulumiCommand> {
  command ??= PulumiCommand.get({ root: path.join(repoRoot, ".toolchain") });
  return command;
}

export interface TestProject {
  dir: string;
  stack: Stack;
  env: Record<string, string>;
  /** The stack's state file exactly as the file backend stores it (secrets encrypted). */
  rawState(): string;
  cleanup(): Promise<void>;
}

function findFiles(dir: string, name: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && name.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Copies a fixture project (testkit/fixtures/<name> or any directory) into a fresh folder under
 * .test-work/ (inside the repo, so the program and the dynamic-provider process resolve
 * `pulumi-mailgun` and `@pulumi/pulumi` from the repo's node_modules) and creates a stack on
 * a private file backend with passphrase secrets: nothing touches the network.
 */
export async function createTestProject(
  fixture: string,
  options: { stackName?: string; config?: Record<string, { value: string; secret?: boolean }>; env?: Record<string, string> } = {},
): Promise<TestProject> {
  const source = path.isAbsolute(fixture) ? fixture : path.join(repoRoot, "testkit", "fixtures", fixture);
  fs.mkdirSync(workRoot, { recursive: true });
  const dir = fs.mkdtempSync(path.join(workRoot, `${path.basename(source)}-`));
  fs.cpSync(source, dir, { recursive: true, filter: (src) => !/node_modules|Pulumi\.[^/]+\.yaml$/.test(path.relative(source, src)) });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "pm-home-"));
  fs.mkdirSync(path.join(dir, ".state"), { recursive: true });
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...options.env,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName ?? "test", workDir: dir },
    { pulumiCommand: await pulumiCommand(), envVars: env },
  );
  if (options.config) await stack.setAllConfig(options.config);
  return {
    dir,
    stack,
    env,
    rawState() {
      const stackName = options.stackName ?? "test";
      const files = findFiles(path.join(dir, ".state"), new RegExp(`^${stackName}\\.json$`));
      if (files.length !== 1) throw new Error(`expected one state file for stack ${stackName}, found ${files.join(", ") || "none"}`);
      return fs.readFileSync(files[0], "utf8");
    },
    async cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The @pulumi/pulumi version package-lock.json pins; the CLI must report the same. */
export function lockedSdkVersion(): string {
  const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
  return lock.packages["node_modules/@pulumi/pulumi"].version;
}
