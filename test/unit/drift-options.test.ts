import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runDrift } from "../../cli/drift/command";
import { CliError } from "../../cli/errors";
import { DRIFT_USAGE, parseDriftOptions } from "../../cli/drift/options";
import { checkPrerequisites, findOnPath } from "../../cli/drift/preflight";

/**
 * What `pulumi-mailgun drift` decides before it runs Pulumi: its arguments and its preflight.
 * The CLI prints a CliError as "pulumi-mailgun: <message>", then its hint, and exits 1; that path
 * through the real process is proven by test/engine/drift.test.ts (unknown stack, no passphrase).
 */
function cliError(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error("expected a CliError, nothing was thrown");
}

describe("drift arguments", () => {
  test("defaults: table format in the current directory, the selected stack", () => {
    expect(parseDriftOptions([])).toEqual({ stack: undefined, cwd: process.cwd(), format: "table", help: false });
    expect(parseDriftOptions(["--stack", "prod", "--format", "json", "--cwd", "/tmp"])).toEqual({ stack: "prod", cwd: "/tmp", format: "json", help: false });
  });

  test("a format it does not have is named with the ones it has", () => {
    expect(cliError(() => parseDriftOptions(["--format", "yaml"])).message).toBe('--format must be one of table, json, markdown (got "yaml")');
  });

  test("an unknown option is named, with the usage as the hint", () => {
    const error = cliError(() => parseDriftOptions(["--stak", "x"]));
    expect(error.message).toMatch(/Unknown option '--stak'/);
    expect(error.hint).toBe(DRIFT_USAGE);
    expect(error.hint).toContain("usage: pulumi-mailgun drift");
  });

  test("--help prints the usage with the exit codes and returns 0 without running anything", async () => {
    let stdout = "";
    let stderr = "";
    const code = await runDrift(["--help", "--cwd", "/nonexistent"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(code).toBe(0);
    expect(stdout).toContain("Exit code: 0 in sync, 2 differences found, 1 error.");
    expect(stderr).toBe("");
  });
});

describe("drift preflight", () => {
  let root: string;
  let binDir: string;
  let projectDir: string;
  const savedPath = process.env.PATH;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "pm-drift-preflight-"));
    binDir = path.join(root, "bin");
    projectDir = path.join(root, "project");
    fs.mkdirSync(binDir);
    fs.mkdirSync(projectDir);
    fs.writeFileSync(path.join(binDir, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
    fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
  });
  afterEach(() => {
    process.env.PATH = savedPath;
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test("passes with pulumi on PATH and a Pulumi.yaml in the directory", () => {
    process.env.PATH = binDir;
    expect(findOnPath("pulumi")).toBe(path.join(binDir, "pulumi"));
    expect(() => checkPrerequisites({ cwd: projectDir })).not.toThrow();
  });

  test("no Pulumi.yaml: names the directory and --cwd", () => {
    process.env.PATH = binDir;
    const empty = path.join(root, "empty");
    fs.mkdirSync(empty, { recursive: true });
    const error = cliError(() => checkPrerequisites({ cwd: empty }));
    expect(error.message).toBe(`no Pulumi.yaml in ${empty}`);
    expect(error.hint).toContain("--cwd <dir>");
  });

  test("no pulumi on PATH (only node's directory): says so before anything else", () => {
    process.env.PATH = path.dirname(process.execPath);
    expect(findOnPath("pulumi")).toBeUndefined();
    expect(cliError(() => checkPrerequisites({ cwd: projectDir })).message).toBe("the Pulumi CLI (pulumi) was not found on PATH");
  });
});
