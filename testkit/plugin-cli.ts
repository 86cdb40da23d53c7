/**
 * A YAML project for the real Pulumi CLI with the provider plugin (test/engine/plugin-*.test.ts):
 * a private file backend, its own PULUMI_HOME, the CLI and the YAML host from .toolchain/bin, and
 * the plugin found through Pulumi.yaml's `plugins.providers` (the program is the test's).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runProcess } from "./process";
import { repoRoot } from "./pulumi";

export interface PluginCliProject {
  dir: string;
  /** One CLI run (non-interactive): its exit code and everything it printed. */
  run(...args: string[]): Promise<{ code: number | null; out: string }>;
  /** One CLI run that must succeed: what it printed. */
  ok(...args: string[]): Promise<string>;
  /** As `ok`, with more environment for the CLI and what it starts (the plugin, the YAML host). */
  okWith(extraEnv: Record<string, string>, ...args: string[]): Promise<string>;
  /** The stack's state file as the backend stores it (secrets encrypted). */
  stateFile(stack?: string): string;
  cleanup(): void;
}

/** A Pulumi.yaml's first lines: the project, its runtime, and the plugin as the repository's bin/ holds it. */
export function projectHeader(name: string, runtime: "yaml" | "nodejs" = "yaml"): string {
  return `name: ${name}\nruntime: ${runtime}\nplugins:\n  providers:\n    - name: mailgun\n      path: ${path.join(repoRoot, "bin")}\n`;
}

export function pluginCliProject(project: string, program: string): PluginCliProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pm-${project}-`));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "pm-home-"));
  fs.mkdirSync(path.join(dir, ".state"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program);
  const env = {
    HOME: process.env.HOME,
    // The plugin runs on the Node that runs the tests (>= 22); the CLI and the YAML host are in .toolchain/bin.
    PATH: [path.join(repoRoot, ".toolchain", "bin"), path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
    PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const runWith = async (extraEnv: Record<string, string>, args: string[]) => {
    const r = await runProcess(path.join(repoRoot, ".toolchain", "bin", "pulumi"), [...args, "--non-interactive"], { cwd: dir, env: { ...env, ...extraEnv }, timeoutMs: 150_000 });
    return { code: r.code, out: r.stdout + r.stderr };
  };
  const okWith = async (extraEnv: Record<string, string>, ...args: string[]) => {
    const r = await runWith(extraEnv, args);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.out}`);
    return r.out;
  };
  return {
    dir,
    run: (...args) => runWith({}, args),
    ok: (...args) => okWith({}, ...args),
    okWith,
    stateFile: (stack = "test") => fs.readFileSync(path.join(dir, ".state", ".pulumi", "stacks", project, `${stack}.json`), "utf8"),
    cleanup() {
      for (const d of [dir, home]) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}
