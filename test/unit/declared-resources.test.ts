import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { CheckedResources, DeclaredResources, declaredFile, declaredResources, engineAddressOfProvider } from "../../provider/declared-resources";

/** An address no engine of this machine has: each test its own file. */
let port = 60_000 + (process.pid % 1_000) * 5;
const nextAddress = () => `127.0.0.1:${port++}`;

describe("the program's count, handed to the provider of the same operation", () => {
  it("is read by the provider while the program that wrote it runs, and follows it as it grows", async () => {
    const address = nextAddress();
    const program = new DeclaredResources(declaredFile(address), 20);
    try {
      program.declare("Domain");
      expect(declaredResources(address)).toEqual({ Domain: 1 });
      for (let i = 0; i < 9; i++) program.declare("Route");
      await new Promise((r) => setTimeout(r, 60));
      expect(declaredResources(address)).toEqual({ Domain: 1, Route: 9 });
    } finally {
      program.remove();
    }
    expect(existsSync(declaredFile(address))).toBe(false);
    expect(declaredResources(address)).toBeUndefined();
  });

  it("is not read once the program that wrote it has ended (a file left on a port an engine uses again)", () => {
    const address = nextAddress();
    const file = declaredFile(address);
    // A program process that writes its count and is killed before it can remove the file.
    const script = `const { DeclaredResources } = require(${JSON.stringify(require.resolve("../../provider/declared-resources"))});
      new DeclaredResources(${JSON.stringify(file)}).declare("Route"); process.kill(process.pid, "SIGKILL");`;
    spawnSync(process.execPath, ["-e", script], { stdio: "ignore" });
    expect(JSON.parse(readFileSync(file, "utf8")).kinds).toEqual({ Route: 1 });
    expect(declaredResources(address)).toBeUndefined();
    new DeclaredResources(file).remove();
  });

  it("finds the engine's address among a provider process's arguments", () => {
    expect(engineAddressOfProvider(["node", "/x/dynamic-provider/index.js", "127.0.0.1:37387"])).toBe("127.0.0.1:37387");
    expect(engineAddressOfProvider(["node", "main.js", "[::1]:5000"])).toBe("[::1]:5000");
    expect(engineAddressOfProvider(["node", "main.js"])).toBeUndefined();
  });
});

describe("the resources the engine checks (the plugin's count of a YAML or Go program's resources)", () => {
  it("counts each resource once by kind, however often it is checked, and nothing before the first", () => {
    const checked = new CheckedResources();
    expect(checked.counts()).toBeUndefined();
    checked.checked("urn:a::mailgun:index:Route::r1", "Route");
    checked.checked("urn:a::mailgun:index:Route::r2", "Route");
    checked.checked("urn:a::mailgun:index:Route::r1", "Route");
    checked.checked("urn:a::mailgun:index:Domain::d", "Domain");
    expect(checked.counts()).toEqual({ Route: 2, Domain: 1 });
    checked.clear();
    expect(checked.counts()).toBeUndefined();
  });
});
