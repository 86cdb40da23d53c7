import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { mailgunStack, MailgunTestProject, OutputLog, ResourceSpec } from "../../testkit/mailgun-stack";
import { repoRoot } from "../../testkit/pulumi";

/**
 * Stacks made by the previous release upgrade in place: the last commit that landed before the
 * hand-written provider, built from git, makes the stack; the current package then takes over.
 */
const PREVIOUS_RELEASE = "81417e1";
const NAME = "mg.upgrade-test.example.com";
const SPECS: ResourceSpec[] = [
  { kind: "Domain", name: "main", args: { name: NAME, openTracking: true } },
  { kind: "Route", name: "inbox", args: { expression: `match_recipient("support@${NAME}")`, actions: ["stop()"] } },
  { kind: "Webhook", name: "hook", args: { domain: { $ref: "main.name" }, url: "https://hooks.example.com/mailgun", events: ["delivered"] } },
  { kind: "SendingKey", name: "key", args: { domain: { $ref: "main.name" }, description: "app" } },
];

/** Whether this clone has the previous release's commit (a shallow clone does not). */
function previousReleaseAvailable(): boolean {
  try {
    execFileSync("git", ["-C", repoRoot, "cat-file", "-e", `${PREVIOUS_RELEASE}^{commit}`], { stdio: "ignore" });
    return true;
  } catch {
    console.warn(`[upgrade] commit ${PREVIOUS_RELEASE} is not in this clone (shallow?): the upgrade test is skipped; run it in a full clone`);
    return false;
  }
}

/**
 * Extracts and compiles the previous release under .test-work (its dependencies resolve from the
 * repo's node_modules: undici, its HTTP client, is a devDependency pinned to its version for this).
 */
function buildPreviousRelease(): string {
  const dir = path.join(repoRoot, ".test-work", `previous-release-${PREVIOUS_RELEASE}`);
  if (fs.existsSync(path.join(dir, "dist", "provider", "index.js"))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["-C", repoRoot, "archive", PREVIOUS_RELEASE], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  execFileSync(path.join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], { cwd: dir, stdio: "inherit" });
  return dir;
}

interface StoredResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

function mailgunResources(project: MailgunTestProject): StoredResource[] {
  return (JSON.parse(project.rawState()).checkpoint.latest.resources as StoredResource[]).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/mailgun:"));
}

function providerBytes(resources: StoredResource[]): { inputs: number; outputs: number } {
  const size = (v: unknown) => (typeof v === "string" ? v.length : 0);
  return {
    inputs: Math.max(...resources.map((r) => size(r.inputs?.__provider))),
    outputs: Math.max(...resources.map((r) => size(r.outputs?.__provider))),
  };
}

function usePackage(project: MailgunTestProject, packageDir: string): void {
  const link = path.join(project.dir, "node_modules", "pulumi-mailgun");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { force: true });
  fs.symlinkSync(packageDir, link, "dir");
}

describe("upgrading a stack made by the previous release", () => {
  let emulator: TestEmulator;
  let project: MailgunTestProject;
  const log = new OutputLog();
  beforeAll(async () => {
    emulator = await TestEmulator.start();
    project = await mailgunStack(emulator, SPECS);
  }, 60_000);
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
  });

  (previousReleaseAvailable() ? test : test.skip)("up shows no changes and shrinks the state; refresh shrinks the rest; nothing is written at Mailgun", async () => {
    usePackage(project, buildPreviousRelease());
    await project.stack.up({ onOutput: log.onOutput });
    const before = project.rawState().length;
    const old = providerBytes(mailgunResources(project));
    expect(old.inputs).toBeGreaterThan(2000); // the serialized closure of the previous release

    usePackage(project, repoRoot);
    await emulator.clearRequests();
    const up = await project.stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toEqual({ same: SPECS.length + 1 });
    const afterUp = project.rawState().length;
    expect(providerBytes(mailgunResources(project)).inputs).toBeLessThanOrEqual(400);
    expect(afterUp).toBeLessThan(before);

    await project.stack.refresh({ onOutput: log.onOutput });
    const afterRefresh = project.rawState().length;
    const lean = providerBytes(mailgunResources(project));
    expect(lean.outputs).toBeLessThanOrEqual(400);
    expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);
    console.log(`[upgrade] state bytes: previous release ${before}, after up ${afterUp}, after refresh ${afterRefresh} (${SPECS.length} resources); __provider ${old.inputs} -> ${lean.inputs} bytes`);

    await project.stack.preview({ expectNoChanges: true, refresh: true, onOutput: log.onOutput });
    await project.stack.destroy({ onOutput: log.onOutput });
    const us = (await emulator.state()).us;
    expect([us.domains.length, us.routes.length]).toEqual([0, 0]);
  }, 600_000);
});
