import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { useMailgunStack } from "../../testkit/mailgun-stack";
import { repoRoot } from "../../testkit/pulumi";
import { cliEnv } from "../../testkit/pulumi-cli";

/** A `node` older than 22 on this machine (the system one, on the CI images this project targets), if any. */
function findOldNode(): { bin: string; version: string } | undefined {
  const candidates = new Set(["/usr/bin/node", "/usr/local/bin/node"]);
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) candidates.add(path.join(dir, "node"));
  for (const bin of candidates) {
    if (!fs.existsSync(bin)) continue;
    const version = execFileSync(bin, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
    if (Number(version.split(".")[0]) < 22) return { bin: fs.realpathSync(bin), version };
  }
  return undefined;
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;
const oldNode = findOldNode();
if (!oldNode) console.warn("node-version.test: no Node.js older than 22 on this machine; skipping the unsupported-Node checks");
const describeWithOldNode = oldNode ? describe : describe.skip;

describeWithOldNode("an unsupported Node.js", () => {
  const { bin, version } = oldNode ?? { bin: "", version: "" };
  const message = `pulumi-mailgun needs Node.js 22 or newer; this is Node.js ${version} (${bin}).`;

  test.each(["pulumi-mailgun", "pulumi-mailgun/provider", "pulumi-mailgun/emulator"])("require(%j) fails with one message naming both versions", async (name) => {
    const r = await run(bin, ["-e", `require(${JSON.stringify(name)})`]);
    expect(r.code).not.toBe(0);
    expect(occurrences(r.stderr, message)).toBe(1);
    expect(r.stderr).not.toMatch(/TypeError|^\s+at /m);
  });

  test.each([
    ["pulumi-mailgun", "dist/cli/index.js"],
    ["mailgun-emulator", "dist/emulator/cli.js"],
  ])("%s --help prints one line to stderr and exits 1", async (_name, script) => {
    const r = await run(bin, [path.join(repoRoot, script), "--help"]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  describe("under pulumi", () => {
    const t = useMailgunStack([{ kind: "Domain", name: "a", args: { name: "a.node-test.example.com" } }]);

    /** The real CLI with the old Node first on PATH: Pulumi runs the program and the provider with it. */
    async function pulumi(args: string[]) {
      await t.emulator.clearRequests();
      const env = cliEnv(t.project);
      const r = await run(path.join(repoRoot, ".toolchain", "bin", "pulumi"), [...args, "--non-interactive", "--stack", "test"], {
        cwd: t.project.dir,
        env: { ...env, PATH: `${path.dirname(bin)}${path.delimiter}${env.PATH}` },
      });
      return { ...r, output: r.stdout + r.stderr, calls: (await t.emulator.requests()).length };
    }

    test("preview stops with the message once, before any API call", async () => {
      const r = await pulumi(["preview"]);
      expect(r.code).not.toBe(0);
      expect(r.calls).toBe(0);
      const diagnostics = r.output.slice(r.output.indexOf("\nDiagnostics:\n"));
      expect(occurrences(diagnostics, message)).toBe(1);
      expect(r.output).not.toMatch(/TypeError|\.ts:\d+|^\s+at .+\(.*\)$/m);
    }, 120_000);

    test("refresh (the provider alone) stops with the message, before any API call", async () => {
      await t.project.stack.up();
      const r = await pulumi(["refresh", "--yes"]);
      expect(r.code).not.toBe(0);
      expect(r.calls).toBe(0);
      expect(r.output).toContain(message);
      expect(r.output).not.toMatch(/TypeError|\.ts:\d+|^\s+at .+\(.*\)$/m);
      await t.project.stack.destroy();
    }, 180_000);
  });
});
