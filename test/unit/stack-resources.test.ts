import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerSource } from "../../provider/provider-source";
import { ResourcesLeft } from "../../provider/client/resources-left";
import { mailgunResourceIds, operationOf, pulumiCliAbove, stackArguments, StateResources, stackResourceIds } from "../../provider/stack-resources";

/** The total of a `refresh` or `destroy` comes from the state, read through the CLI above the provider. */
describe("the stack's resources, for the progress of refresh and destroy", () => {
  it("finds the Pulumi CLI above a provider started through a shell wrapper: its binary, arguments and directory", () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "pm-cli-above-")));
    try {
      // A `pulumi` that is node, running a shell that runs a "provider", as the CLI runs pulumi-resource-pulumi-nodejs.
      symlinkSync(process.execPath, join(dir, "pulumi"));
      writeFileSync(join(dir, "cli.js"), `require("node:child_process").execFileSync("/bin/sh", [${JSON.stringify(join(dir, "wrapper.sh"))}], { stdio: "inherit" });`);
      writeFileSync(join(dir, "wrapper.sh"), `"$NODE" ${JSON.stringify(join(dir, "provider.js"))}\n`);
      writeFileSync(join(dir, "provider.js"), `process.stdout.write(JSON.stringify(require(${JSON.stringify(require.resolve("../../provider/stack-resources"))}).pulumiCliAbove()));`);
      const args = ["--cwd", "infra", "refresh", "--stack=acme/prod", "--yes"];
      const run = spawnSync(join(dir, "pulumi"), [join(dir, "cli.js"), ...args], { cwd: dir, env: { ...process.env, NODE: process.execPath }, encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual({ exe: realpathSync(process.execPath), args: [join(dir, "pulumi"), join(dir, "cli.js"), ...args], cwd: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is not found where no Pulumi CLI runs the process (this test's own)", () => {
    expect(pulumiCliAbove()).toBeUndefined();
  });

  it("reads the operation and the flags that pick the stack from the CLI's arguments", () => {
    expect(operationOf(["pulumi", "--cwd", "infra", "destroy", "--yes"])).toBe("destroy");
    expect(operationOf(["pulumi", "refresh", "--stack", "dev"])).toBe("refresh");
    expect(operationOf(["pulumi", "up", "--refresh"])).toBe("up");
    expect(stackArguments(["pulumi", "destroy", "-s", "dev", "-C", "infra", "--yes"])).toEqual(["--stack", "dev"]);
    expect(stackArguments(["pulumi", "refresh", "--stack=acme/prod", "--cwd=/srv/infra", "--parallel", "8"])).toEqual(["--stack", "acme/prod"]);
    expect(stackArguments(["pulumi", "destroy", "-s=dev", "-Cinfra"])).toEqual(["--stack", "dev"]);
    // A --cwd value that looks like a stack flag is the directory's, not a stack.
    expect(stackArguments(["pulumi", "--cwd", "-sdev", "destroy"])).toEqual([]);
    expect(stackArguments(["pulumi", "destroy", "--yes", "--skip-preview", "--show-secrets"])).toEqual([]);
  });

  it("counts an `up`'s total from the program, never from the state (which lacks what the program adds)", async () => {
    expect(await stackResourceIds({ exe: "/nonexistent/pulumi", args: ["pulumi", "up", "--yes"], cwd: "/" })).toBeUndefined();
    // The CLI cannot be run: no count, no error.
    expect(await stackResourceIds({ exe: "/nonexistent/pulumi", args: ["pulumi", "destroy", "--yes"], cwd: "/" })).toBeUndefined();
  });

  it("takes the kind of each Mailgun resource from its provider's text or its plugin type, and skips the rest", () => {
    const exported = {
      version: 3,
      deployment: {
        resources: [
          { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", type: "pulumi:pulumi:Stack" },
          { urn: "urn:pulumi:dev::p::pulumi:providers:pulumi-nodejs::default", type: "pulumi:providers:pulumi-nodejs", id: "4d2c" },
          { type: "pulumi-nodejs:dynamic:Resource", id: "r1", inputs: { __provider: providerSource("Route") } },
          { type: "pulumi-nodejs:dynamic:Resource", id: "r2", inputs: { __provider: providerSource("Route") } },
          { type: "pulumi-nodejs:dynamic:Resource", id: "mg.example.com", inputs: { __provider: providerSource("Domain") } },
          { type: "pulumi-nodejs:dynamic:Resource", id: "other", inputs: { __provider: "exports.handler = () => ({})" } },
          { type: "mailgun:index:Webhook", id: "mg.example.com/delivered/x" },
          { type: "mailgun:index:Route", id: "" },
        ],
      },
    };
    expect(mailgunResourceIds(exported)).toEqual({ Route: ["r1", "r2"], Domain: ["mg.example.com"], Webhook: ["mg.example.com/delivered/x"] });
    expect(mailgunResourceIds({})).toEqual({});
  });

  it("counts with the state's ids the resources done that it no longer holds (a destroy removes each as it goes)", () => {
    const left = new ResourcesLeft();
    for (const id of ["r1", "r2", "r9"]) left.finished({ kind: "Route", calls: 1 }, { step: "delete", id });
    left.finished({ kind: "Template", calls: 1 }, { step: "delete", id: "t1" });
    // r1 and r2 deleted and gone from the state, r9 deleted but still recorded; r3-r5 not reached.
    expect(left.countWith({ Route: ["r9", "r3", "r4", "r5"], Domain: ["d1"] })).toEqual({ Route: 6, Domain: 1, Template: 1 });
  });

  it("exports once a run, in the background, and forgets an export that ends after the run did", async () => {
    let calls = 0;
    let finish: (ids: Record<string, string[]>) => void = () => undefined;
    const state = new StateResources(() => {
      calls++;
      return new Promise((resolve) => (finish = resolve));
    });
    expect(state.current()).toBeUndefined();
    expect(state.current()).toBeUndefined();
    finish({ Route: ["r1"] });
    await Promise.resolve();
    expect(state.current()).toEqual({ Route: ["r1"] });
    expect(calls).toBe(1);

    state.clear();
    expect(state.current()).toBeUndefined();
    state.clear();
    finish({ Route: ["late"] });
    await Promise.resolve();
    expect(state.current()).toBeUndefined();
    expect(calls).toBe(3);
  });
});
