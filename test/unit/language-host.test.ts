/**
 * The project's Node.js language host (scripts/language-host, a Go program standing in for
 * Pulumi's own, which cannot be built here) over gRPC, as the engine talks to it: which command it
 * starts for a program, with which environment, and what it answers for the ways a program ends.
 * A stand-in `node` first on PATH records what it was given; the engine tests run real programs
 * through the same host.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as langproto from "@pulumi/pulumi/proto/language_pb";
import * as langrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { repoRoot } from "../../testkit/pulumi";

const HOST = path.join(repoRoot, ".toolchain", "bin", "pulumi-language-nodejs");

/** What the stand-in node saw: its arguments, its folder and the environment the host sets. */
interface Started {
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

describe("the Node.js language host", () => {
  let work: string;
  let program: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "language-host-"));
    // A program folder below a node_modules with @pulumi/pulumi, which the host must find as Node would.
    program = path.join(work, "program", "sub");
    fs.mkdirSync(path.join(work, "program", "node_modules", "@pulumi", "pulumi"), { recursive: true });
    fs.mkdirSync(program, { recursive: true });
    fs.writeFileSync(path.join(work, "program", "node_modules", "@pulumi", "pulumi", "package.json"), JSON.stringify({ version: "9.8.7" }));
    fs.mkdirSync(path.join(work, "bin"));
    // Records what it was started with, then ends as FAKE_NODE_END says: an exit code, or a signal.
    fs.writeFileSync(path.join(work, "bin", "node"), [
      "#!/bin/sh",
      `${JSON.stringify(process.execPath)} -e 'require("fs").writeFileSync(process.env.FAKE_NODE_RECORD, JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(), env: { PULUMI_CONFIG: process.env.PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS: process.env.PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT: process.env.PULUMI_NODEJS_TYPESCRIPT, PULUMI_NODEJS_TSCONFIG_PATH: process.env.PULUMI_NODEJS_TSCONFIG_PATH } }))' -- "$@"`,
      'case "$FAKE_NODE_END" in kill) kill -KILL $$ ;; *) exit "${FAKE_NODE_END:-0}" ;; esac',
      "",
    ].join("\n"), { mode: 0o755 });
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** Starts the host as the engine does (flags, then the engine's address), the stand-in node first on its PATH. */
  async function withHost<T>(end: string, f: (client: langrpc.LanguageRuntimeClient) => Promise<T>): Promise<T> {
    const host = spawn(HOST, ["-root", path.join(work, "program"), "127.0.0.1:1"], {
      env: { ...process.env, PATH: `${path.join(work, "bin")}:${process.env.PATH}`, FAKE_NODE_RECORD: path.join(work, "started.json"), FAKE_NODE_END: end },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        host.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
        host.once("exit", (code) => reject(new Error(`the host exited with ${code} before giving its port`)));
      });
      const client = new langrpc.LanguageRuntimeClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      try {
        return await f(client);
      } finally {
        client.close();
      }
    } finally {
      host.kill();
    }
  }

  /** A Run as the engine asks for one, and what the stand-in node saw. */
  function run(end: string, options: Record<string, unknown> = {}): Promise<{ response: langproto.RunResponse; started: Started }> {
    const info = new langproto.ProgramInfo();
    info.setRootDirectory(path.join(work, "program"));
    info.setProgramDirectory(program);
    info.setEntryPoint(".");
    info.setOptions(Struct.fromJavaScript(options as never));
    const req = new langproto.RunRequest();
    req.setProject("proj");
    req.setStack("dev");
    req.setPwd(program);
    req.setInfo(info);
    req.setMonitorAddress("127.0.0.1:2");
    req.setOrganization("organization");
    req.setDryrun(true);
    req.setParallel(4);
    req.getConfigMap().set("proj:name", "value");
    req.setConfigsecretkeysList(["proj:password"]);
    req.setArgsList(["extra"]);
    fs.rmSync(path.join(work, "started.json"), { force: true });
    return withHost(end, (client) => new Promise((resolve, reject) => {
      client.run(req, (err, response) => {
        if (err) return reject(err);
        resolve({ response: response!, started: JSON.parse(fs.readFileSync(path.join(work, "started.json"), "utf8")) });
      });
    }));
  }

  test("runs @pulumi/pulumi's cmd/run from the program's node_modules with the engine's flags, config and secret keys", async () => {
    const { response, started } = await run("0", { typescript: false, nodeargs: "--max-old-space-size=100 --no-warnings", tsconfig: "tsconfig.ci.json" });
    expect(response.getError()).toBe("");
    expect(response.getBail()).toBe(false);
    expect(started.cwd).toBe(program);
    expect(started.argv).toEqual([
      "--max-old-space-size=100", "--no-warnings",
      path.join(work, "program", "node_modules", "@pulumi", "pulumi", "cmd", "run"),
      "--monitor", "127.0.0.1:2",
      "--engine", "127.0.0.1:1",
      "--organization", "organization",
      "--project", "proj",
      "--root-directory", path.join(work, "program"),
      "--stack", "dev",
      "--pwd", program,
      "--dry-run",
      "--parallel", "4",
      ".", "extra",
    ]);
    expect(JSON.parse(started.env.PULUMI_CONFIG!)).toEqual({ "proj:name": "value" });
    expect(JSON.parse(started.env.PULUMI_CONFIG_SECRET_KEYS!)).toEqual(["proj:password"]);
    expect(started.env.PULUMI_NODEJS_TYPESCRIPT).toBe("false");
    expect(started.env.PULUMI_NODEJS_TSCONFIG_PATH).toBe("tsconfig.ci.json");
  });

  test("a program that exits 32 (it has shown its error) bails; another exit code or a signal is an error naming it", async () => {
    expect((await run("32")).response.getBail()).toBe(true);
    const failed = (await run("3")).response;
    expect(failed.getBail()).toBe(false);
    expect(failed.getError()).toBe("Program exited with non-zero exit code: 3");
    expect((await run("kill")).response.getError()).toBe("Program exited after signal SIGKILL");
    // TypeScript is on unless the project turns it off.
    expect((await run("0")).started.env.PULUMI_NODEJS_TYPESCRIPT).toBe("true");
  });

  test("reports the version of the project's @pulumi/pulumi", async () => {
    const info = await withHost("0", (client) => new Promise<PluginInfo>((resolve, reject) => client.getPluginInfo(new Empty(), (err, r) => (err ? reject(err) : resolve(r!)))));
    expect(info.getVersion()).toBe("9.8.7");
  });
});
