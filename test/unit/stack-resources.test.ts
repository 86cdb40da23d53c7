import { spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerSource } from "../../provider/provider-source";
import { ResourcesLeft } from "../../provider/client/resources-left";
import { operationOf, pulumiCliAbove, stackArguments } from "../../provider/pulumi-cli";
import { idsByKind, mailgunResources, sameProvider, StateResources, stackResources, type StateResource, totalFromState } from "../../provider/stack-resources";

/** The total of a `refresh` or `destroy` comes from the state, read through the CLI above the provider. */
describe("the stack's resources, for the progress of refresh and destroy", () => {
  it("finds the Pulumi CLI above a provider started through a shell wrapper: its binary, arguments and directory", () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), "pm-cli-above-")));
    try {
      // A `pulumi` that is node, running a shell that runs a "provider", as the CLI runs pulumi-resource-pulumi-nodejs.
      symlinkSync(process.execPath, join(dir, "pulumi"));
      writeFileSync(join(dir, "cli.js"), `require("node:child_process").execFileSync("/bin/sh", [${JSON.stringify(join(dir, "wrapper.sh"))}], { stdio: "inherit" });`);
      writeFileSync(join(dir, "wrapper.sh"), `"$NODE" ${JSON.stringify(join(dir, "provider.js"))}\n`);
      writeFileSync(join(dir, "provider.js"), `process.stdout.write(JSON.stringify(require(${JSON.stringify(require.resolve("../../provider/pulumi-cli"))}).pulumiCliAbove()));`);
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
    expect(totalFromState(["pulumi", "up", "--yes"])).toBe(false);
    expect(totalFromState(["pulumi", "preview", "--refresh"])).toBe(false);
    expect(totalFromState(["pulumi", "--cwd", "infra", "destroy", "--yes"])).toBe(true);
    expect(totalFromState(["pulumi", "refresh", "-s", "dev"])).toBe(true);
    // No Pulumi CLI above this test: no count, no error.
    expect(await stackResources()).toBeUndefined();
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
    expect(idsByKind(mailgunResources(exported))).toEqual({ Route: ["r1", "r2"], Domain: ["mg.example.com"], Webhook: ["mg.example.com/delivered/x"] });
    expect(idsByKind(mailgunResources({}))).toEqual({});
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
    let finish: (resources: StateResource[]) => void = () => undefined;
    const state = new StateResources(() => {
      calls++;
      return new Promise((resolve) => (finish = resolve));
    });
    expect(state.current()).toBeUndefined();
    expect(state.current()).toBeUndefined();
    const r1: StateResource = { kind: "Route", id: "r1", outputs: {}, front: "dynamic" };
    finish([r1]);
    await Promise.resolve();
    expect(state.current()).toEqual([r1]);
    expect(calls).toBe(1);

    state.clear();
    expect(state.current()).toBeUndefined();
    state.clear();
    finish([{ ...r1, id: "late" }]);
    await Promise.resolve();
    expect(state.current()).toBeUndefined();
    expect(calls).toBe(3);
  });

  describe("the resources of the provider resource this process serves (one plugin process per provider resource)", () => {
    const r = (kind: string, id: string, provider?: string): StateResource => ({ kind, id, outputs: {}, front: "plugin", ...(provider ? { provider } : {}) });
    const state = [r("Route", "a", "urn:default::1"), r("Route", "b", "urn:eu::2"), r("Domain", "d", "urn:default::1"), r("Domain", "a", "urn:eu::2")];
    const named = (rs: StateResource[] | undefined) => rs?.map((x) => `${x.kind}/${x.id}`);
    it("are those of the provider resource of the first resource handled that the state holds", () => {
      expect(named(sameProvider(state, [{ kind: "Route", id: "a" }]))).toEqual(["Route/a", "Domain/d"]);
      expect(named(sameProvider(state, [{ kind: "Domain", id: "a" }]))).toEqual(["Route/b", "Domain/a"]);
      // A destroy's first deletes are gone from a later export: the first still there tells.
      expect(named(sameProvider(state, [{ kind: "Route", id: "gone" }, { kind: "Route", id: "b" }]))).toEqual(["Route/b", "Domain/a"]);
    });
    it("cannot be told from a resource the state does not hold, or holds twice (one name in two accounts)", () => {
      expect(sameProvider(state, [{ kind: "Route", id: "z" }])).toBeUndefined();
      expect(sameProvider(state, [])).toBeUndefined();
      expect(sameProvider([...state, r("Route", "a", "urn:eu::2")], [{ kind: "Route", id: "a" }])).toBeUndefined();
    });
    it("are all the dynamic resources, which share one provider resource", () => {
      expect(sameProvider([r("Route", "a"), r("Route", "b")], [{ kind: "Route", id: "b" }])).toHaveLength(2);
    });
  });
});
