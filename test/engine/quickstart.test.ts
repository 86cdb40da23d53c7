import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { TestEmulator } from "../../testkit/emulator";
import { repoRoot } from "../../testkit/pulumi";
import { pathWithPulumi, runProcess } from "../../testkit/process";

/**
 * scripts/quickstart.sh run as a user runs it, twice, then its drift and destroy actions. Its
 * own state directory, emulator data directory, ports and stack keep it apart from a user's
 * quickstart in the same checkout (setup is skipped: scripts/test.sh has just done it).
 */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

describe("scripts/quickstart.sh", () => {
  const stack = `qs-test-${crypto.randomBytes(4).toString("hex")}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pm-quickstart-"));
  const stateDir = path.join(work, "pulumi");
  const dataDir = path.join(work, "emulator-data");
  const configFile = path.join(repoRoot, `Pulumi.${stack}.yaml`);
  const otherStack = `${stack}-b`;
  let ports: { us: number; eu: number };
  let env: Record<string, string | undefined>;
  const quickstartWith = (extraEnv: Record<string, string>, ...args: string[]) =>
    runProcess("bash", [path.join(repoRoot, "scripts", "quickstart.sh"), ...args], { cwd: os.tmpdir(), env: { ...env, ...extraEnv }, timeoutMs: 300_000 });
  const quickstart = (...args: string[]) => quickstartWith({}, ...args);
  const pulumiEnv = () => ({ ...env, PULUMI_BACKEND_URL: `file://${stateDir}/state`, PULUMI_HOME: `${stateDir}/home`, PULUMI_CONFIG_PASSPHRASE: "quickstart" });
  const leftovers: number[] = [];

  beforeAll(async () => {
    ports = { us: await freePort(), eu: await freePort() };
    env = {
      HOME: process.env.HOME,
      PATH: pathWithPulumi(),
      QUICKSTART_SKIP_SETUP: "1",
      QUICKSTART_STACK: stack,
      QUICKSTART_STATE_DIR: stateDir,
      QUICKSTART_EMULATOR_DATA: dataDir,
      QUICKSTART_PORT_US: String(ports.us),
      QUICKSTART_PORT_EU: String(ports.eu),
    };
  });
  afterAll(async () => {
    // If a run was killed, its emulator is still up: stop it by the pid it recorded.
    const pidFile = path.join(dataDir, "emulator.pid");
    for (const pid of [...leftovers, ...(fs.existsSync(pidFile) ? [Number(fs.readFileSync(pidFile, "utf8"))] : [])]) {
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(configFile, { force: true });
    fs.rmSync(path.join(repoRoot, `Pulumi.${otherStack}.yaml`), { force: true });
  });

  test("first run deploys and prints the DNS records and next steps; the second changes nothing; drift, destroy", async () => {
    const first = await quickstart();
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\+ 5 created/);
    expect(first.stderr).toContain(`[quickstart] Mailgun emulator: US http://127.0.0.1:${ports.us}, EU http://127.0.0.1:${ports.eu}`);
    // The DNS table: one row per record, the EU records of the quickstart domain.
    expect(first.stdout).toContain("DNS records for mg.example.com (region eu)");
    expect(first.stdout).toMatch(/^ {2}TYPE\s+NAME\s+PRIORITY\s+STATUS\s+VALUE$/m);
    expect(first.stdout).toMatch(/^ {2}TXT\s+mg\.example\.com\s+unknown\s+v=spf1 include:eu\.mailgun\.org ~all$/m);
    expect(first.stdout).toMatch(/^ {2}TXT\s+k1\._domainkey\.mg\.example\.com\s+unknown\s+k=rsa; p=\S+$/m);
    expect(first.stdout).toMatch(/^ {2}CNAME\s+email\.mg\.example\.com\s+unknown\s+eu\.mailgun\.org$/m);
    expect(first.stdout).toMatch(/^ {2}MX\s+mg\.example\.com\s+10\s+unknown\s+mxa\.eu\.mailgun\.org$/m);
    // What to do next, with this stack's name.
    expect(first.stdout).toContain(`pulumi stack output --show-secrets sendingKey --stack ${stack}`);
    expect(first.stdout).toContain(`pulumi config set --secret mailgun:apiKey --stack ${stack}`);
    expect(first.stdout).toContain(`pulumi config rm mailgun:apiUrlEu --stack ${stack}`);
    expect(first.stdout).toContain(`pulumi config set mailgun:region eu --stack ${stack}`);
    expect(first.stdout).toContain("scripts/quickstart.sh destroy");
    expect(first.stdout).toContain(`export PULUMI_BACKEND_URL=file://${stateDir}/state PULUMI_HOME=${stateDir}/home PULUMI_CONFIG_PASSPHRASE=quickstart`);

    // The emulator was stopped and its data kept.
    expect(await portOpen(ports.us)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "emulator.pid"))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "emulator.json"))).toBe(true);
    const configAfterFirst = fs.readFileSync(configFile, "utf8");
    expect(configAfterFirst).toMatch(/mailgun:apiKey:\s+secure:/);
    expect(configAfterFirst).toContain(`mailgun:apiUrlEu: http://127.0.0.1:${ports.eu}`);
    expect(configAfterFirst).toContain("mailgun:region: eu");

    // The printed command reads the sending key; neither it nor the account key were printed before.
    const key = await runProcess("pulumi", ["stack", "output", "--show-secrets", "sendingKey", "--stack", stack, "--non-interactive"], { cwd: repoRoot, env: pulumiEnv() });
    expect(key.code).toBe(0);
    const sendingKey = key.stdout.trim();
    expect(sendingKey.length).toBeGreaterThan(8);
    const persisted = await TestEmulator.start({ dataFile: path.join(dataDir, "emulator.json") });
    const apiKey = persisted.apiKey;
    expect((await persisted.state()).eu.domains.map((d: { name: string }) => d.name)).toEqual(["mg.example.com"]);
    await persisted.close();
    for (const secret of [sendingKey, apiKey]) {
      expect(first.stdout).not.toContain(secret);
      expect(first.stderr).not.toContain(secret);
    }

    // An emulator left running by an earlier run (a killed script) is stopped cleanly, not fought over.
    const stale = spawn(process.execPath, [path.join(repoRoot, "dist", "emulator", "cli.js"), "--us-port", String(ports.us), "--eu-port", String(ports.eu), "--data-file", path.join(dataDir, "emulator.json")], {
      detached: true,
      stdio: ["ignore", "pipe", "ignore"],
    });
    leftovers.push(stale.pid!);
    await new Promise((resolve) => stale.stdout!.once("data", resolve));
    stale.stdout!.destroy();
    stale.unref();
    fs.writeFileSync(path.join(dataDir, "emulator.pid"), String(stale.pid));

    const second = await quickstart();
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`stopping the emulator left running by a previous run (pid ${stale.pid})`);
    expect(second.stdout).toMatch(/5 unchanged/);
    expect(second.stdout).not.toMatch(/created|updated|deleted|replaced/);
    expect(second.stdout).toContain("DNS records for mg.example.com (region eu)");
    expect(fs.readFileSync(configFile, "utf8")).toBe(configAfterFirst);
    expect(() => process.kill(stale.pid!, 0)).toThrow();

    const drift = await quickstart("drift");
    expect(drift.code).toBe(0);
    expect(drift.stdout).toContain(`No drift in stack ${stack} (project mailgun-quickstart): the program, the state and Mailgun agree on all 4 resources.`);

    const destroy = await quickstart("destroy");
    expect(destroy.code).toBe(0);
    expect(destroy.stdout).toMatch(/- 5 deleted/);
    const emptied = await TestEmulator.start({ dataFile: path.join(dataDir, "emulator.json") });
    const state = await emptied.state();
    await emptied.close();
    expect([state.eu.domains, state.eu.routes, state.keys.filter((k: { primary: boolean }) => !k.primary)]).toEqual([[], [], []]);

    // Once pointed at a real account (as the next steps say), the script never points it back at the emulator.
    const rm = await runProcess("pulumi", ["config", "rm", "mailgun:apiUrlEu", "--stack", stack, "--non-interactive"], { cwd: repoRoot, env: pulumiEnv() });
    expect(rm.code).toBe(0);
    const guarded = await quickstart();
    expect(guarded.code).toBe(1);
    expect(guarded.stderr).toContain(`[quickstart] stack ${stack} uses a real Mailgun account (mailgun:apiUrlEu is not set); the quickstart only runs against the emulator.`);
    expect(fs.readFileSync(configFile, "utf8")).not.toContain("apiUrlEu");
  }, 900_000);

  test("ports taken by another program: a clear error, nothing deployed", async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(ports.eu, "127.0.0.1", resolve));
    try {
      const run = await quickstartWith({ QUICKSTART_STACK: otherStack });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`[quickstart] port ${ports.eu} on 127.0.0.1 is in use by another program; free it or choose other ports`);
      expect(run.stderr).toContain("QUICKSTART_PORT_US=");
      expect(run.stdout).not.toContain("Updating");
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 300_000);

  test("an unknown action is refused with the list of actions", async () => {
    const run = await quickstart("deploy");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[quickstart] unknown action "deploy": use up (the default), drift or destroy');
  });
});
