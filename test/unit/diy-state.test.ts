import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { cliDirectory, diyRoot, diyStateFile, newestStateFile, readStateFile, stackReference } from "../../provider/diy-state";
import { providerSource } from "../../provider/provider-source";
import { idsByKind, mailgunResources, readStateResources } from "../../provider/stack-resources";
import { createTestProject } from "../../testkit/pulumi";

/**
 * The state file of a DIY backend, found by the CLI's rules. The real CLI's layout is checked
 * against `pulumi stack export` in test/engine/progress.test.ts (a refresh reads the file, a
 * destroy on a selected stack exports).
 */
describe("the state of a stack kept in a local directory (file:// backend)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pm-diy-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const checkpoint = (ids: string[]) =>
    JSON.stringify({
      version: 3,
      checkpoint: { stack: "organization/infra/dev", latest: { resources: ids.map((id) => ({ type: "pulumi-nodejs:dynamic:Resource", id, inputs: { __provider: providerSource("Route") } })) } },
    });
  /** A project in `dir/app` whose state is in `dir/state`, at layout version 1. */
  function projectLayout(project = "name: infra\nruntime: nodejs\n"): { cli: { exe: string; args: string[]; cwd: string }; stacks: string } {
    mkdirSync(join(dir, "app", "sub"), { recursive: true });
    writeFileSync(join(dir, "app", "Pulumi.yaml"), project);
    mkdirSync(join(dir, "state", ".pulumi", "stacks", "infra"), { recursive: true });
    writeFileSync(join(dir, "state", ".pulumi", "meta.yaml"), "version: 1\n");
    return { cli: { exe: "pulumi", args: ["pulumi", "refresh", "--stack", "dev", "--yes"], cwd: join(dir, "app") }, stacks: join(dir, "state", ".pulumi", "stacks") };
  }
  const env = () => ({ PULUMI_BACKEND_URL: `file://${join(dir, "state")}`, PULUMI_HOME: join(dir, "home") });

  it("is the project's stack file under the backend PULUMI_BACKEND_URL names, found from a directory below the project", async () => {
    const { cli, stacks } = projectLayout();
    writeFileSync(join(stacks, "infra", "dev.json"), checkpoint(["r1", "r2"]));
    expect(await diyStateFile(cli, "dev", env())).toBe(join(stacks, "infra", "dev.json"));
    expect(await diyStateFile({ ...cli, cwd: join(dir, "app", "sub") }, "organization/dev", env())).toBe(join(stacks, "infra", "dev.json"));
    expect(idsByKind(mailgunResources(await readStateFile(join(stacks, "infra", "dev.json"))))).toEqual({ Route: ["r1", "r2"] });
  });

  it("takes the project from a fully named stack, and is none for another organization or no project", async () => {
    const { cli, stacks } = projectLayout();
    mkdirSync(join(stacks, "other"));
    writeFileSync(join(stacks, "other", "dev.json"), checkpoint(["o1"]));
    expect(await diyStateFile(cli, "organization/other/dev", env())).toBe(join(stacks, "other", "dev.json"));
    expect(await diyStateFile(cli, "acme/other/dev", env())).toBeUndefined();
    expect(await diyStateFile({ ...cli, cwd: dir }, "dev", env())).toBeUndefined();
  });

  it("is none for a cloud backend or a stack with no file", async () => {
    const { cli, stacks } = projectLayout();
    writeFileSync(join(stacks, "infra", "dev.json"), checkpoint([]));
    expect(await diyStateFile(cli, "dev", { ...env(), PULUMI_BACKEND_URL: "https://api.pulumi.com" })).toBeUndefined();
    expect(await diyStateFile(cli, "dev", { ...env(), PULUMI_BACKEND_URL: "s3://bucket" })).toBeUndefined();
    expect(await diyStateFile(cli, "prod", env())).toBeUndefined();
  });

  it("finds the backend in the project's backend.url, then in the stored login, as the CLI does after PULUMI_BACKEND_URL", async () => {
    const { cli, stacks } = projectLayout("name: infra\nruntime: nodejs\nbackend:\n  url: file://../state\n");
    writeFileSync(join(stacks, "infra", "dev.json"), checkpoint([]));
    const home = join(dir, "home");
    expect(await diyStateFile(cli, "dev", { PULUMI_HOME: home })).toBe(join(stacks, "infra", "dev.json"));
    // The environment wins over the project.
    expect(await diyStateFile(cli, "dev", { PULUMI_HOME: home, PULUMI_BACKEND_URL: `file://${join(dir, "elsewhere")}` })).toBeUndefined();

    writeFileSync(join(dir, "app", "Pulumi.yaml"), "name: infra\nruntime: nodejs\n");
    expect(await diyStateFile(cli, "dev", { PULUMI_HOME: home })).toBeUndefined();
    mkdirSync(home);
    writeFileSync(join(home, "credentials.json"), JSON.stringify({ current: `file://${join(dir, "state")}?no_tmp_dir=true`, accounts: {} }));
    expect(await diyStateFile(cli, "dev", { PULUMI_HOME: home })).toBe(join(stacks, "infra", "dev.json"));
    // PULUMI_CREDENTIALS_PATH is where the CLI keeps the login when it is set; a file that is not plain JSON is no login.
    const creds = join(dir, "creds");
    mkdirSync(creds);
    writeFileSync(join(creds, "credentials.json"), "PULUMI-ENVELOPE v1 …");
    expect(await diyStateFile(cli, "dev", { PULUMI_HOME: home, PULUMI_CREDENTIALS_PATH: creds })).toBeUndefined();
  });

  it("is the stack `pulumi stack select` chose for the backend, or the one older CLIs kept, unless PULUMI_STACK is set", async () => {
    const { cli, stacks } = projectLayout();
    writeFileSync(join(stacks, "infra", "dev.json"), checkpoint([]));
    writeFileSync(join(stacks, "infra", "prod.json"), checkpoint([]));
    const workspaces = join(dir, "home", "workspaces");
    mkdirSync(workspaces, { recursive: true });
    const settings = join(workspaces, `infra-${createHash("sha1").update(join(dir, "app", "Pulumi.yaml")).digest("hex")}-workspace.json`);
    expect(await diyStateFile(cli, undefined, env())).toBeUndefined();
    writeFileSync(settings, JSON.stringify({ stack: "dev" }));
    expect(await diyStateFile(cli, undefined, env())).toBe(join(stacks, "infra", "dev.json"));
    writeFileSync(settings, JSON.stringify({ stack: "dev", stacks: { [env().PULUMI_BACKEND_URL]: "prod", "https://api.pulumi.com": "acme/infra/dev" } }));
    expect(await diyStateFile(cli, undefined, env())).toBe(join(stacks, "infra", "prod.json"));
    // --stack wins over the selection; PULUMI_STACK would win in newer CLIs and be ignored by older ones.
    expect(await diyStateFile(cli, "dev", env())).toBe(join(stacks, "infra", "dev.json"));
    expect(await diyStateFile(cli, undefined, { ...env(), PULUMI_STACK: "dev" })).toBeUndefined();
    // Through a symbolic link the CLI names the project file by $PWD's path, as the workspace file's name does.
    symlinkSync(join(dir, "app"), join(dir, "link"));
    expect(cliDirectory(join(dir, "app"), { PWD: join(dir, "link") })).toBe(join(dir, "link"));
    expect(cliDirectory(join(dir, "app"), { PWD: dir })).toBe(join(dir, "app"));
    expect(await diyStateFile(cli, undefined, { ...env(), PWD: join(dir, "link") })).toBeUndefined();
  });

  it("is where the real CLI keeps the stack it created and selected", async () => {
    const project = await createTestProject("noop-stack");
    try {
      const cli = { exe: "pulumi", args: ["pulumi", "refresh", "--yes"], cwd: project.dir };
      const file = await diyStateFile(cli, undefined, project.env);
      expect(file).toMatch(/\/\.state\/\.pulumi\/stacks\/noop-stack\/test\.json$/);
      expect(readFileSync(file!, "utf8")).toBe(project.rawState());
      expect(await diyStateFile(cli, "organization/noop-stack/test", project.env)).toBe(file);
    } finally {
      await project.cleanup();
    }
  }, 60_000);

  it("reads a project file in JSON", async () => {
    const { cli, stacks } = projectLayout();
    rmSync(join(dir, "app", "Pulumi.yaml"));
    writeFileSync(join(dir, "app", "Pulumi.json"), JSON.stringify({ name: "infra", runtime: "nodejs" }));
    writeFileSync(join(stacks, "infra", "dev.json"), checkpoint([]));
    expect(await diyStateFile(cli, "dev", env())).toBe(join(stacks, "infra", "dev.json"));
  });

  it("is in one directory of stacks where the backend has no meta.yaml (the layout before projects), by bare name only", async () => {
    const { cli, stacks } = projectLayout();
    rmSync(join(dir, "state", ".pulumi", "meta.yaml"));
    writeFileSync(join(stacks, "dev.json"), checkpoint(["legacy"]));
    expect(await diyStateFile(cli, "dev", env())).toBe(join(stacks, "dev.json"));
    expect(await diyStateFile(cli, "organization/infra/dev", env())).toBeUndefined();
    writeFileSync(join(dir, "state", ".pulumi", "meta.yaml"), "version: 0\n");
    expect(await diyStateFile(cli, "dev", env())).toBe(join(stacks, "dev.json"));
  });

  it("is the newest of the plain and compressed files, and reads a gzipped one", async () => {
    const base = join(dir, "dev");
    writeFileSync(`${base}.json`, checkpoint(["plain"]));
    writeFileSync(`${base}.json.gz`, gzipSync(checkpoint(["zipped"])));
    utimesSync(`${base}.json`, new Date(2_000_000_000_000), new Date(2_000_000_000_000));
    expect(newestStateFile(base)).toBe(`${base}.json`);
    utimesSync(`${base}.json.gz`, new Date(2_000_000_001_000), new Date(2_000_000_001_000));
    expect(newestStateFile(base)).toBe(`${base}.json.gz`);
    // Written in the same instant: the later name, as the CLI's sorted listing keeps.
    utimesSync(`${base}.json`, new Date(2_000_000_001_000), new Date(2_000_000_001_000));
    expect(newestStateFile(base)).toBe(`${base}.json.gz`);
    expect(idsByKind(mailgunResources(await readStateFile(`${base}.json.gz`)))).toEqual({ Route: ["zipped"] });
    expect(newestStateFile(join(dir, "none"))).toBeUndefined();
  });

  it("resolves ~ and relative paths as the CLI does, and leaves other backends alone", () => {
    expect(diyRoot("file://~", "/work")).toBe(userInfo().homedir);
    expect(diyRoot("file://~/states", "/work")).toBe(join(userInfo().homedir, "states"));
    expect(diyRoot("file://./states?no_tmp_dir=false", "/work/app")).toBe("/work/app/states");
    expect(diyRoot("file:///srv/states", "/work")).toBe("/srv/states");
    expect(diyRoot("gs://bucket", "/work")).toBeUndefined();
  });

  it("names the project and stack from --stack", () => {
    expect(stackReference("dev", "infra")).toEqual({ project: "infra", stack: "dev" });
    expect(stackReference("organization/dev", "infra")).toEqual({ project: "infra", stack: "dev" });
    expect(stackReference("organization/app/dev", "infra")).toEqual({ project: "app", stack: "dev" });
    expect(stackReference("acme/dev", "infra")).toBeUndefined();
    expect(stackReference("a/b/c/d", "infra")).toBeUndefined();
  });

  it("falls back to `pulumi stack export` where the file cannot be read, and says which it used", async () => {
    const { cli, stacks } = projectLayout();
    writeFileSync(join(stacks, "infra", "dev.json"), checkpoint(["r1"]));
    const lines: string[] = [];
    expect(idsByKind((await readStateResources(cli, (l) => lines.push(l), env())) ?? [])).toEqual({ Route: ["r1"] });
    expect(lines).toEqual([`mailgun: the state's resources read from ${join(stacks, "infra", "dev.json")}`]);
    // Half written: the export runs (here a CLI that cannot start, so no resources).
    writeFileSync(join(stacks, "infra", "dev.json"), '{"version":3,"checkp');
    lines.length = 0;
    expect(await readStateResources({ ...cli, exe: "/nonexistent/pulumi" }, (l) => lines.push(l), env())).toBeUndefined();
    expect(lines).toEqual(["mailgun: the state's resources read through `pulumi stack export`"]);
  });
});
