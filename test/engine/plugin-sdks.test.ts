/**
 * The Go and Python SDKs generated from schema.json by `npm run sdks` (scripts/sdks.sh, with the
 * generator setup builds): they carry the package's version, a Go program declaring a Domain
 * compiles against the Go SDK, and the Python SDK byte-compiles. Neither can run here (no Go or
 * Python language host; docs/languages.md). The Go build is offline (GOPROXY=off): the program
 * pins the generator's module versions, which setup has already fetched.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runProcess } from "../../testkit/process";
import { repoRoot } from "../../testkit/pulumi";

// Without the CLI's Go build cache, the Go build compiles the Pulumi Go SDK's dependencies (minutes).
jest.setTimeout(600_000);

const VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
const GO_MODULE = "github.com/pulumi-mailgun/pulumi-mailgun/sdk/go";
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

test("both SDKs carry the package's version and every resource kind", () => {
  for (const file of [["go", "mailgun", "pulumi-plugin.json"], ["python", "pulumi_mailgun", "pulumi-plugin.json"]]) {
    expect(JSON.parse(read(...file))).toEqual({ resource: true, name: "mailgun", version: VERSION });
  }
  expect(read("python", "setup.py")).toContain(`VERSION = "${VERSION}"`);
  expect(read("go", "go.mod")).toMatch(new RegExp(`^module ${GO_MODULE}$[\\s\\S]*github.com/pulumi/pulumi/sdk/v3 v3\\.259\\.0`, "m"));
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8")) as { resources: Record<string, unknown> };
  const kinds = Object.keys(schema.resources).map((t) => t.split(":")[2]);
  const goFiles = fs.readdirSync(path.join(out, "go", "mailgun"));
  const pyFiles = fs.readdirSync(path.join(out, "python", "pulumi_mailgun"));
  for (const kind of kinds) {
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
