import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Api } from "./helpers/api";

const ROOT = resolve(__dirname, "../..");
const CLI = join(ROOT, "dist/emulator/cli.js");

function newestSource(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) =>
    e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs));
}

/** The CLI runs from dist/: build it when missing or older than the sources. */
beforeAll(() => {
  if (!existsSync(CLI) || statSync(CLI).mtimeMs < newestSource(join(ROOT, "emulator"))) {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  }
}, 180_000);

function run(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const firstLine = new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout }).once("line", resolveLine);
    child.once("exit", (code) => reject(new Error(`cli exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, firstLine, exited, stderr: () => stderr };
}

describe("mailgun-emulator CLI", () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "mailgun-cli-")); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("prints one JSON line, serves both regions, stops cleanly on SIGTERM and keeps its data file", async () => {
    const dataFile = join(dir, "data.json");
    const apiKey = "0123456789abcdef0123456789abcdef-01234567-89abcdef";
    const first = run(["--api-key", apiKey, "--data-file", dataFile, "--latency-ms", "20", "--verbose"]);
    const info = JSON.parse(await first.firstLine);
    expect(info).toEqual({ us: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), eu: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), apiKey });
    const us = new Api(info.us, apiKey);
    const start = Date.now();
    expect((await us.post("/v4/domains", { name: "cli.example.test" })).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(20);
    expect((await new Api(info.eu, apiKey).get("/v4/domains/cli.example.test")).status).toBe(404);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.stderr()).toContain("[mailgun-emulator] us POST /v4/domains -> 200");

    const second = run(["--data-file", dataFile, "--host", "127.0.0.1"]);
    const again = JSON.parse(await second.firstLine);
    expect(again.apiKey).toBe(apiKey);
    expect((await new Api(again.us, apiKey).get("/v4/domains/cli.example.test")).status).toBe(200);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  });

  test("bad flags exit with status 2 and usage", async () => {
    const bad = run(["--us-port", "http"]);
    await expect(bad.firstLine).rejects.toThrow(/--us-port must be a port number/);
    expect(await bad.exited).toBe(2);
  });
});
