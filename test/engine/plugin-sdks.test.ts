/**
 * The Go, Python and Node.js SDKs generated from schema.json by `npm run sdks` (scripts/sdks.sh,
 * with the generator setup builds): they carry the package's version, a Go program declaring a
 * Domain compiles against the Go SDK, and the Python SDK byte-compiles; neither of those can run
 * here (no Go or Python language host; docs/languages.md). The Go build is offline (GOPROXY=off):
 * the program pins the generator's module versions, which setup has already fetched.
 * The Node SDK compiles with the repo's TypeScript against the repo's @pulumi/pulumi, and a
 * TypeScript program using it type-checks and runs through the real CLI (the repo's Node language
 * host, the plugin from bin/) against the emulator: up, no-change preview, destroy.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { OutputLog } from "../../testkit/mailgun-stack";
import { runProcess } from "../../testkit/process";
import { createTestProject, repoRoot, type TestProject } from "../../testkit/pulumi";
import { projectHeader } from "../../testkit/plugin-cli";
import { emulatorLeftovers, stateResources } from "../../testkit/tour";
import { typeCheck } from "../../testkit/typecheck";

// Without the CLI's Go build cache, the Go build compiles the Pulumi Go SDK's dependencies (minutes).
jest.setTimeout(600_000);

const VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const GO_MODULE = "github.com/pulumi-mailgun/pulumi-mailgun/sdk/go";
const NODE_PACKAGE = "@pulumi-mailgun/mailgun";
const cache = process.env.PULUMI_MAILGUN_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-mailgun");

const PROGRAM = `package main

import (
	"${GO_MODULE}/mailgun"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		domain, err := mailgun.NewDomain(ctx, "domain", &mailgun.DomainArgs{
			Name:        pulumi.String("mg.example.com"),
			// Fixed sets of values are enum types (schema.json "enum" types).
			Region:      mailgun.RegionEu,
			SpamAction:  mailgun.DomainSpamActionBlock,
			DkimKeySize: mailgun.DkimKeySizeBits2048,
		})
		if err != nil {
			return err
		}
		_, err = mailgun.NewWebhook(ctx, "hook", &mailgun.WebhookArgs{
			Domain: domain.Name,
			Url:    pulumi.String("https://hooks.example.com/mailgun"),
			Events: mailgun.WebhookEventArray{mailgun.WebhookEventDelivered},
		})
		if err != nil {
			return err
		}
		ctx.Export("spf", domain.DnsRecords.Spf().Value())
		return nil
	})
}
`;

let out: string;

function read(...parts: string[]): string {
  return fs.readFileSync(path.join(out, ...parts), "utf8");
}

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "pm-sdks-"));
  const r = await runProcess("bash", [path.join(repoRoot, "scripts", "sdks.sh"), out], { cwd: repoRoot, env: process.env, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`scripts/sdks.sh exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
});

afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

test("the SDKs carry the package's version and every resource kind", () => {
  for (const file of [["go", "mailgun", "pulumi-plugin.json"], ["python", "pulumi_mailgun", "pulumi-plugin.json"]]) {
    expect(JSON.parse(read(...file))).toEqual({ resource: true, name: "mailgun", version: VERSION });
  }
  expect(read("python", "setup.py")).toContain(`VERSION = "${VERSION}"`);
  const npm = JSON.parse(read("nodejs", "package.json"));
  const ours = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  expect({ name: npm.name, version: npm.version, pulumi: npm.pulumi, sdk: npm.dependencies["@pulumi/pulumi"] }).toEqual({
    name: NODE_PACKAGE,
    version: VERSION,
    pulumi: { resource: true, name: "mailgun", version: VERSION },
    sdk: ours.peerDependencies["@pulumi/pulumi"],
  });
  expect(read("go", "go.mod")).toMatch(new RegExp(`^module ${GO_MODULE}$[\\s\\S]*github.com/pulumi/pulumi/sdk/v3 v3\\.259\\.0`, "m"));
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8")) as { resources: Record<string, unknown> };
  const kinds = Object.keys(schema.resources).map((t) => t.split(":")[2]);
  const goFiles = fs.readdirSync(path.join(out, "go", "mailgun"));
  const pyFiles = fs.readdirSync(path.join(out, "python", "pulumi_mailgun"));
  const nodeFiles = fs.readdirSync(path.join(out, "nodejs"));
  for (const kind of kinds) {
    expect(nodeFiles).toContain(`${kind.charAt(0).toLowerCase()}${kind.slice(1)}.ts`);
    expect(goFiles).toContain(`${kind.charAt(0).toLowerCase()}${kind.slice(1)}.go`);
    expect(pyFiles).toContain(`${kind.replace(/(?<!^)([A-Z])/g, "_$1").toLowerCase()}.py`);
  }
});

test("fixed sets of values are enums in both SDKs, with members named from their values", () => {
  const go = read("go", "mailgun", "pulumiEnums.go");
  expect(go).toMatch(/DomainSpamActionBlock\s+= DomainSpamAction\("block"\)/);
  expect(go).toMatch(/DkimKeySizeBits1024\s+= DkimKeySize\(1024\)/);
  const py = read("python", "pulumi_mailgun", "_enums.py");
  expect(py).toMatch(/class DomainSpamAction\(_builtins\.str, Enum\):\n(\s+\w+ = "\w+"\n)*\s+BLOCK = "block"/);
  expect(py).toContain("BITS1024 = 1024");
  expect(py).toMatch(/class Region\(_builtins\.str, Enum\):\n\s+US = "us"\n\s+EU = "eu"/);
});

test("a Go program declaring a Domain compiles against the generated Go SDK", async () => {
  const program = path.join(out, "program");
  fs.mkdirSync(program);
  // The generator's own requirements (pulumi pkg/sdk v3.259.0 and what they pin) are all in the
  // module cache after setup, so with them as the program's floor no module is fetched.
  const sdkgen = fs.readFileSync(path.join(repoRoot, "scripts", "sdkgen", "go.mod"), "utf8");
  const requires = sdkgen.slice(sdkgen.indexOf("require"));
  fs.writeFileSync(path.join(program, "go.mod"), `module example.invalid/program\n\ngo 1.25\n\n${requires}\nrequire ${GO_MODULE} v0.0.0\n\nreplace ${GO_MODULE} => ../go\n`);
  fs.copyFileSync(path.join(repoRoot, "scripts", "sdkgen", "go.sum"), path.join(program, "go.sum"));
  fs.writeFileSync(path.join(program, "main.go"), PROGRAM);
  // The CLI's build flags (ensure-pulumi.sh), so the Pulumi Go SDK's packages come compiled from
  // its build cache: ~20 s on a machine's first run instead of ~2 min.
  const r = await runProcess("go", ["build", "-trimpath", "-tags", "osusergo,grpcnotrace", "-o", path.join(out, "program.bin"), "."], {
    cwd: program,
    env: {
      HOME: process.env.HOME,
      PATH: process.env.PATH,
      GOTOOLCHAIN: "local",
      GOWORK: "off",
      CGO_ENABLED: "0",
      GOFLAGS: "-modcacherw -buildvcs=false -mod=mod",
      GOPROXY: "off",
      GOMODCACHE: path.join(cache, "go-mod"),
      GOCACHE: path.join(cache, "go-build"),
    },
    timeoutMs: 540_000,
  });
  expect({ code: r.code, stderr: r.stderr.split("\n").filter((l) => !l.startsWith("go: downloading")).join("\n") }).toEqual({ code: 0, stderr: "" });
  expect(fs.statSync(path.join(out, "program.bin")).size).toBeGreaterThan(1_000_000);
});

test("the generated Python SDK byte-compiles", async () => {
  const r = await runProcess("python3", ["-m", "compileall", "-q", path.join(out, "python")], { env: { PATH: process.env.PATH }, timeoutMs: 60_000 });
  expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: "", stderr: "" });
  expect(fs.existsSync(path.join(out, "python", "pulumi_mailgun", "__pycache__"))).toBe(true);
});

describe("the generated Node.js SDK", () => {
  const DOMAIN = "node.example.com";
  const PASSWORD = "smtp-Secret-0815";
  // Several kinds, enum-typed fields (region, spamAction, events) and a secret input (password).
  const nodeProgram = (spamAction: string) => `import * as pulumi from "@pulumi/pulumi";
import * as mailgun from "${NODE_PACKAGE}";

const config = new pulumi.Config();
const { Region, DomainSpamAction, WebhookEvent } = mailgun.types.enums;
const domain = new mailgun.Domain("domain", { name: "${DOMAIN}", region: Region.Us, spamAction: ${spamAction} });
new mailgun.DomainCredential("smtp", { domain: domain.name, login: "app", password: config.requireSecret("password") });
new mailgun.Webhook("hook", { domain: domain.name, url: "https://hooks.example.com/mailgun", events: [WebhookEvent.Delivered] });
new mailgun.Route("route", { expression: 'match_recipient("ops@${DOMAIN}")', actions: ["stop()"], description: "node sdk" });
export const spf: pulumi.Output<string | undefined> = domain.dnsRecords.apply((r) => r.spf?.value);
export const spam: pulumi.Output<mailgun.types.enums.DomainSpamAction> = domain.spamAction;
`;
  let emulator: TestEmulator;
  let project: TestProject;
  let source: string;
  const log = new OutputLog();
  const sdk = () => path.join(out, "nodejs");

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    source = fs.mkdtempSync(path.join(os.tmpdir(), "pm-node-sdk-"));
    fs.writeFileSync(
      path.join(source, "Pulumi.yaml"),
      projectHeader("node-sdk", "nodejs"),
    );
    fs.writeFileSync(path.join(source, "package.json"), JSON.stringify({ name: "node-sdk", private: true, main: "index.ts" }));
    fs.writeFileSync(path.join(source, "index.ts"), nodeProgram("DomainSpamAction.Block"));
    project = await createTestProject(source, {
      config: {
        "mailgun:apiKey": { value: emulator.apiKey, secret: true },
        "mailgun:apiUrlUs": { value: emulator.urls.us },
        "mailgun:apiUrlEu": { value: emulator.urls.eu },
        "node-sdk:password": { value: PASSWORD, secret: true },
      },
      env: { PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter) },
    });
    // The project sits inside the repo (so @pulumi/pulumi is the repo's); the SDK is installed as
    // a package would be: its compiled bin/ under node_modules/<name> (linked once it is built).
    const installed = path.join(project.dir, "node_modules", ...NODE_PACKAGE.split("/"));
    fs.mkdirSync(path.dirname(installed), { recursive: true });
    fs.symlinkSync(path.join(sdk(), "bin"), installed);
  }, 120_000);

  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
    if (source) fs.rmSync(source, { recursive: true, force: true });
  });

  test("compiles with its own tsconfig, the repo's TypeScript and the repo's @pulumi/pulumi", async () => {
    // Its dependencies (@pulumi/pulumi, @types/node) resolve from the repo's node_modules, the
    // versions the rest of the project is tested with; the repo's @pulumi/pulumi is then the very
    // module the program's resolves to (one runtime).
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(sdk(), "node_modules"));
    const r = await runProcess(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", sdk()], { cwd: sdk(), env: process.env, timeoutMs: 120_000 });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: "", stderr: "" });
    // As published: the compiled package with its package.json (utilities.getVersion reads it).
    fs.copyFileSync(path.join(sdk(), "package.json"), path.join(sdk(), "bin", "package.json"));
    expect(fs.existsSync(path.join(sdk(), "bin", "index.d.ts"))).toBe(true);
  });

  test("every resource class carries the alias to its dynamic type (from schema.json)", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8")) as { resources: Record<string, unknown> };
    for (const kind of Object.keys(schema.resources).map((t) => t.split(":")[2])) {
      const file = read("nodejs", `${kind.charAt(0).toLowerCase()}${kind.slice(1)}.ts`);
      expect(file).toContain(`const aliasOpts = { aliases: [{ type: "pulumi-nodejs:dynamic/mailgun:${kind}" }] };`);
      expect(file).toContain(`super(${kind}.__pulumiType, name, resourceInputs, opts);`);
    }
  });

  test("a TypeScript program using it type-checks (the test's and docs/languages.md's), and an enum field refuses a value outside its set", () => {
    const docs = fs.readFileSync(path.join(repoRoot, "docs", "languages.md"), "utf8");
    const docPrograms = [...docs.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]).filter((code) => code.includes(`from "${NODE_PACKAGE}"`));
    expect(docPrograms).toHaveLength(1);
    const docProgram = path.join(project.dir, "docs-program.ts");
    fs.writeFileSync(docProgram, docPrograms[0]);
    try {
      expect(typeCheck([path.join(project.dir, "index.ts"), docProgram])).toEqual([]);
    } finally {
      fs.rmSync(docProgram);
    }
    const bad = path.join(project.dir, "bad.ts");
    fs.writeFileSync(bad, nodeProgram('"bogus"'));
    try {
      expect(typeCheck([bad]).join("\n")).toMatch(/Type '"bogus"' is not assignable to type .*DomainSpamAction/);
    } finally {
      fs.rmSync(bad);
    }
  });

  test("the program runs through the CLI against the emulator: up creates, preview shows no change, destroy leaves nothing", async () => {
    const up = await project.stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toEqual({ create: 5 }); // the stack and the 4 objects (default providers are not counted)
    expect(up.outputs.spam.value).toBe("block");
    expect(up.outputs.spf.value).toMatch(/^v=spf1 /);
    const left = await emulatorLeftovers(emulator);
    expect(left.filter((l) => !l.startsWith("key "))).toEqual([
      `us domain ${DOMAIN}`,
      `us route match_recipient("ops@${DOMAIN}")`,
      `us webhooks of ${DOMAIN}: delivered`,
      `us credentials of ${DOMAIN}: app@${DOMAIN}`,
    ]);
    const raw = project.rawState();
    expect(stateResources(raw).filter((r) => r.type.startsWith("mailgun:index:")).map((r) => r.type).sort()).toEqual(
      ["Domain", "DomainCredential", "Route", "Webhook"].map((k) => `mailgun:index:${k}`),
    );
    expect(raw).not.toContain(PASSWORD);

    await emulator.clearRequests();
    await project.stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    await project.stack.destroy({ onOutput: log.onOutput });
    expect((await emulatorLeftovers(emulator)).filter((l) => !l.startsWith("key "))).toEqual([]);
  });
});
