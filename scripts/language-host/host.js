#!/usr/bin/env node
// A Node.js implementation of Pulumi's `pulumi-language-nodejs` plugin: a gRPC
// LanguageRuntime server that the Pulumi engine starts and asks to run a program.
//
// Why it exists: the Go host is a separate Go module that module proxies serving only
// tagged releases do not have, so it cannot be built on machines without GitHub access.
// Like the Go host, it does not run the program itself: `Run` spawns
// `node @pulumi/pulumi/cmd/run ...` with the same flags and environment, so the program
// runs exactly as under the official host (TypeScript via ts-node, config, secrets, exit codes).
"use strict";
const { spawn } = require("node:child_process");
const path = require("node:path");

// The engine passes flags (-root, -tracing, ...) and the engine address as the last argument.
const argv = process.argv.slice(2);
const flags = {};
const positional = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const m = /^--?([\w-]+)(?:=(.*))?$/.exec(a);
  if (!m) { positional.push(a); continue; }
  if (m[2] !== undefined) flags[m[1]] = m[2];
  else if (m[1] === "typescript") flags[m[1]] = "true";
  else if (i + 1 < argv.length && !argv[i + 1].startsWith("-")) flags[m[1]] = argv[++i];
  else flags[m[1]] = "true";
}
let engineAddress = positional[0] || "";

function resolveSdk(fromDir) {
  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [fromDir, process.cwd(), __dirname] });
  return path.dirname(pkg);
}

const sdkDir = resolveSdk(flags.root || process.cwd());
const sdkRequire = (p) => require(path.join(sdkDir, p));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
const langproto = sdkRequire("proto/language_pb.js");
const langrpc = sdkRequire("proto/language_grpc_pb.js");
const pluginproto = sdkRequire("proto/plugin_pb.js");
const sdkVersion = sdkRequire("package.json").version;

let rootDirectory = flags.root || "";
let programDirectory = "";

/** Runtime options from Pulumi.yaml (`runtime.options`), as a plain object. */
function runtimeOptions(info) {
  const opts = info && info.getOptions && info.getOptions();
  return opts ? opts.toJavaScript() : {};
}

function runProgram(req) {
  const info = req.getInfo();
  const options = runtimeOptions(info);
  const programDir = (info && info.getProgramDirectory()) || req.getPwd() || programDirectory || process.cwd();
  const runPath = process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH ||
    path.join(resolveSdk(programDir), "cmd", "run");

  const args = [];
  if (typeof options.nodeargs === "string" && options.nodeargs.trim()) args.push(...options.nodeargs.trim().split(/\s+/));
  args.push(runPath);
  const add = (k, v) => { if (v !== undefined && v !== null && `${v}` !== "") args.push(`--${k}`, `${v}`); };
  add("monitor", req.getMonitorAddress());
  add("engine", engineAddress);
  add("organization", req.getOrganization());
  add("project", req.getProject());
  add("root-directory", (info && info.getRootDirectory()) || rootDirectory);
  add("stack", req.getStack());
  add("pwd", req.getPwd() || programDir);
  if (req.getDryrun()) args.push("--dry-run");
  add("parallel", req.getParallel());
  add("tracing", flags.tracing);
  args.push((info && info.getEntryPoint()) || req.getProgram() || ".");
  args.push(...req.getArgsList());

  const config = {};
  for (const [k, v] of req.getConfigMap().entries()) config[k] = v;
  const typescript = options.typescript === undefined ? flags.typescript !== "false" : options.typescript !== false;
  const env = {
    ...process.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
    PULUMI_NODEJS_TYPESCRIPT: String(typescript),
  };
  if (typeof options.tsconfig === "string" && options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;

  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: programDir, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (err) => resolve({ error: `Problem executing program (could not run node): ${err.message}` }));
    child.on("exit", (code, signal) => {
      if (code === 0) resolve({});
      // 32: the program already showed the user an actionable message; the engine should just stop.
      else if (code === 32) resolve({ bail: true });
      else if (signal) resolve({ error: `Program exited after signal ${signal}` });
      else resolve({ error: `Program exited with non-zero exit code: ${code}` });
    });
  });
}

const service = {
  handshake(call, cb) {
    const req = call.request;
    engineAddress = req.getEngineAddress() || engineAddress;
    rootDirectory = req.getRootDirectory() || rootDirectory;
    programDirectory = req.getProgramDirectory() || programDirectory;
    cb(null, new langproto.LanguageHandshakeResponse());
  },
  getPluginInfo(_call, cb) {
    const info = new pluginproto.PluginInfo();
    info.setVersion(sdkVersion);
    cb(null, info);
  },
  // Programs in this project use only dynamic providers, which ship with @pulumi/pulumi;
  // no resource plugins need to be installed.
  getRequiredPlugins(_call, cb) {
    const resp = new langproto.GetRequiredPluginsResponse();
    resp.setPluginsList([]);
    cb(null, resp);
  },
  getRequiredPackages(_call, cb) {
    const resp = new langproto.GetRequiredPackagesResponse();
    resp.setPackagesList([]);
    cb(null, resp);
  },
  run(call, cb) {
    runProgram(call.request).then((result) => {
      const resp = new langproto.RunResponse();
      if (result.error) resp.setError(result.error);
      if (result.bail) resp.setBail(true);
      cb(null, resp);
    }, (err) => cb(err));
  },
  installDependencies(call) {
    // Dependencies are installed by the project's own setup (npm ci); nothing to do here.
    const resp = new langproto.InstallDependenciesResponse();
    resp.setStdout(Buffer.from("dependencies are managed by npm in this project; nothing to install\n"));
    call.write(resp);
    call.end();
  },
  about(_call, cb) {
    const resp = new langproto.AboutResponse();
    resp.setExecutable(process.execPath);
    resp.setVersion(process.version);
    cb(null, resp);
  },
  getProgramDependencies(_call, cb) {
    cb(null, new langproto.GetProgramDependenciesResponse());
  },
  cancel(_call, cb) {
    const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb.js", { paths: [sdkDir] }));
    cb(null, new Empty());
  },
};

const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
const unimplemented = (name) => (call, cb) => {
  const err = { code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by this language host` };
  if (typeof cb === "function") cb(err); else call.emit("error", err);
};
const impl = {};
for (const name of Object.keys(langrpc.LanguageRuntimeService)) {
  impl[name] = service[name] || unimplemented(name);
}
server.addService(langrpc.LanguageRuntimeService, impl);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(`could not start the language host: ${err.message}`);
    process.exit(1);
  }
  process.stdout.write(`${port}\n`);
});
