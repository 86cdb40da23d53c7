import * as path from "node:path";
import { Prng } from "../../emulator/knobs";
import { handlers } from "../../provider";
import { TestEmulator } from "../../testkit/emulator";
import { mailgunStack, ResourceSpec } from "../../testkit/mailgun-stack";
import { cli, cliEnv, runCli, runCommand } from "../../testkit/pulumi-cli";
import { killAfterWrites, writesSoFar } from "../../testkit/kill";
import { repoRoot, TestProject } from "../../testkit/pulumi";
import { emulatorLeftovers, kindsOf } from "../../testkit/tour";

/**
 * Issue 20 item 12, through the real CLI: a program with every kind, `pulumi up` killed with
 * SIGKILL (its language host and provider process with it) after a seeded number of writes reached
 * Mailgun, then the documented recovery (docs/crash-recovery.md: `pulumi-mailgun recover
 * --release-lock`, then `pulumi up`). Afterwards Mailgun holds exactly what the same program
 * leaves after an uninterrupted run (nothing duplicated, nothing missing), and a refreshing
 * preview shows no change. The update replaces the kinds with natural keys (a list moved to
 * another region, a credential's login, a bounce's address, a template's name, a DKIM selector),
 * so kills land in replacements too. test/handlers/battery.test.ts kills every kind at each of
 * its writes; this proves the engine's part: what the checkpoint records, recover, the refresh.
 *
 * Short: 3 kills of `up` and one of `destroy`. MAILGUN_LONG_TESTS=1: a kill at every write
 * number of both programs. MAILGUN_CRASH_SEED replays the kill points.
 */
const LONG = process.env.MAILGUN_LONG_TESTS === "1";
const SEED = Number(process.env.MAILGUN_CRASH_SEED ?? 11);
const LATENCY_MS = 100;
const US = "mg.crash-all.example.com";
const EU = "mg.crash-all-eu.example.com";
const LIST = "news@lists.crash-all.example.com";
/** Verified outside the stack (its DNS published), so the verification's check passes at once wherever the kill lands. */
const VERIFIED = "mg.crash-all-verified.example.com";
const SECRETS = { password: "crash-Relay-1" };
const CLI = path.join(repoRoot, "dist", "cli", "index.js");

const ref = (to: string) => ({ $ref: to });

/** The program before and after; the second replaces every kind it can without touching its domains. */
function program(second: boolean): ResourceSpec[] {
  const listRegion = second ? "eu" : "us";
  return [
    { kind: "Domain", name: "us", args: { name: US, clickTracking: !second } },
    { kind: "Domain", name: "eu", args: { name: EU, region: "eu", openTracking: true } },
    { kind: "Route", name: "route", args: { region: "eu", expression: `match_recipient(".*@${EU}")`, actions: ["store()"], priority: second ? 5 : 10 } },
    { kind: "Webhook", name: "hook", args: { domain: ref("us.name"), url: "https://hooks.example.com/crash", events: second ? ["delivered", "opened"] : ["delivered"] } },
    { kind: "SendingKey", name: "sendingKey", args: { domain: ref("eu.name"), region: "eu", description: "crash", ...(second ? { rotation: "2" } : {}) } },
    { kind: "DomainVerification", name: "verification", args: { domain: VERIFIED, timeoutSeconds: 20 } },
    { kind: "ApiKey", name: "apiKey", args: { role: "basic", description: second ? "crash, second" : "crash" } },
    { kind: "AccountWebhook", name: "accountHook", args: { region: "eu", url: "https://alerts.example.com/crash", eventTypes: second ? ["permanent_fail", "complained"] : ["permanent_fail"] } },
    { kind: "DomainCredential", name: "credential", args: { domain: ref("us.name"), login: second ? "relay2" : "relay", password: { $secret: "password" } } },
    { kind: "IpAllowlistEntry", name: "office", args: { address: second ? "203.0.113.0/24" : "198.51.100.0/24", description: "crash" } },
    { kind: "DkimKey", name: "dkim", args: { signingDomain: ref("eu.name"), region: "eu", selector: second ? "s2" : "s1", bits: 1024, active: true } },
    { kind: "Bounce", name: "bounce", args: { domain: ref("us.name"), address: second ? "gone2@example.com" : "gone@example.com", code: 550 } },
    { kind: "Unsubscribe", name: "unsubscribe", args: { domain: ref("eu.name"), region: "eu", address: "left@example.com", tags: second ? ["news", "promo"] : ["news"] } },
    { kind: "Complaint", name: "complaint", args: { domain: ref("us.name"), address: "reported@example.com" } },
    { kind: "SuppressionAllowlist", name: "allowlist", args: { domain: ref("eu.name"), region: "eu", allowedDomain: second ? "qa2.example.com" : "qa.example.com" } },
    // A list moved to another region is a new list: the program lets the replacement delete the old one with its member.
    { kind: "MailingList", name: "list", args: { address: LIST, region: listRegion, name: "News", forceDestroy: true } },
    { kind: "MailingListMember", name: "member", args: { list: ref("list.address"), region: listRegion, address: "jane@example.com", vars: { plan: second ? "pro" : "free" } } },
    { kind: "Template", name: "template", args: { domain: ref("us.name"), name: second ? "welcome2" : "welcome", description: "welcome mail", forceDestroy: true } },
    { kind: "TemplateVersion", name: "version", args: { domain: ref("us.name"), template: ref("template.name"), tag: "v1", content: second ? "<p>hello {{name}}</p>" : "<p>hi {{name}}</p>" } },
  ];
}

/**
 * Everything Mailgun holds that a stack can make, as sorted lines without the ids Mailgun
 * chooses: two runs of one program give the same lines, a duplicate or an orphan adds one.
 */
async function inventory(emulator: TestEmulator): Promise<string[]> {
  const lines = (await emulatorLeftovers(emulator)).map((l) => l.replace(/^key \S+ /, "key "));
  const state = await emulator.state();
  for (const r of ["us", "eu"] as const) {
    for (const d of state[r].domains as Array<{ name: string }>) {
      const keys = (await emulator.api(r, "GET", `/v1/dkim/keys?signing_domain=${d.name}`)).items as Array<{ selector: string; dns_record?: { is_active?: boolean } }>;
      for (const k of keys) lines.push(`${r} dkim key ${d.name}/${k.selector}${k.dns_record?.is_active ? " active" : ""}`);
      for (const t of (state[r].templates[d.name] ?? []) as Array<{ name: string; versions?: Array<{ tag: string }> }>) lines.push(`${r} template ${d.name}/${t.name}: ${(t.versions ?? []).map((v) => v.tag).join(",")}`);
      for (const logins of Object.values(state[r].credentials as Record<string, string[]>).flat()) lines.push(`${r} credential ${logins}`);
    }
    for (const l of (await emulator.api(r, "GET", "/v3/lists/pages")).items as Array<{ address: string }>) {
      for (const m of (await emulator.api(r, "GET", `/v3/lists/${l.address}/members/pages`)).items as Array<{ address: string }>) lines.push(`${r} member ${l.address}/${m.address}`);
    }
  }
  return [...new Set(lines)].sort();
}

type Project = TestProject & { setResources(r: ResourceSpec[]): Promise<void> };

function pendingOperations(project: Project): Array<{ type: string; resource: { urn: string } }> {
  return JSON.parse(project.rawState()).checkpoint.latest?.pending_operations ?? [];
}

describe(`every kind, pulumi up killed mid-run and recovered (seed ${SEED})`, () => {
  let emulator: TestEmulator;
  let project: Project;

  beforeAll(async () => {
    emulator = await TestEmulator.start({ knobs: { latencyMs: LATENCY_MS } });
    await emulator.api("us", "POST", "/v4/domains", { name: VERIFIED });
    await emulator.dns(VERIFIED, true);
    await emulator.api("us", "PUT", `/v4/domains/${VERIFIED}/verify`);
    project = await mailgunStack(emulator, [], { secrets: SECRETS });
  }, 60_000);
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
  });

  test("the program covers every kind of the registry", () => {
    expect(kindsOf(program(false))).toEqual(Object.keys(handlers).sort());
  });

  test("after each kill and the documented recovery, Mailgun holds what an uninterrupted run leaves, and nothing changes", async () => {
    const programs = [program(false), program(true)];
    const before = await inventory(emulator);
    // What each program leaves when nothing interrupts it, and how many writes its up makes from the other.
    const expected: string[][] = [];
    const writes: number[] = [];
    for (const p of programs) {
      await project.setResources(p);
      await emulator.clearRequests();
      await cli(project, ["up", "--yes", "--skip-preview"]);
      writes.push(await writesSoFar(emulator));
      expected.push(await inventory(emulator));
    }
    await cli(project, ["destroy", "--yes", "--skip-preview"]);
    expect(await inventory(emulator)).toEqual(before);
    // A replacement leaves what a create does: one object per resource.
    expect(expected[1].length).toBe(expected[0].length);

    const rng = new Prng(SEED);
    const kills = LONG ? 2 * Math.max(...writes) : 3;
    const history: string[] = [`writes of an uninterrupted up: ${writes.join(" and ")}`];
    let pendingSeen = 0;
    try {
      for (let i = 0; i < kills; i++) {
        const target = i % 2;
        const n = LONG ? Math.floor(i / 2) + 1 : 1 + Math.floor(rng.next() * writes[target]);
        await project.setResources(programs[target]);
        await emulator.clearRequests();
        const killed = await killAfterWrites(emulator, runCli(project, ["up", "--yes", "--skip-preview"]), n);
        const pending = pendingOperations(project);
        pendingSeen += pending.length;
        history.push(`kill ${i + 1}: up of the ${target ? "second" : "first"} program, ${killed ? `killed after ${n} writes, pending: ${pending.map((p) => `${p.type} ${p.resource.urn.split("::").pop()}`).join(", ") || "none"}` : "finished first"}`);
        const recovered = await runCommand(process.execPath, [CLI, "recover", "--cwd", project.dir, "--stack", "test", "--release-lock"], cliEnv(project));
        history.push(...recovered.split("\n").filter((l) => /^(import|clear|keep|repaired|no pending) /.test(l)).map((l) => `  recover: ${l.replace(/urn:pulumi:\S+::/, "")}`));
        await cli(project, ["up", "--yes", "--skip-preview"]);
        expect({ after: `kill ${i + 1}`, mailgun: await inventory(emulator) }).toEqual({ after: `kill ${i + 1}`, mailgun: expected[target] });
        await cli(project, ["preview", "--refresh", "--expect-no-changes"]);
      }
      await emulator.clearRequests();
      const n = 1 + Math.floor(rng.next() * 10);
      const killed = await killAfterWrites(emulator, runCli(project, ["destroy", "--yes", "--skip-preview"]), n);
      history.push(`destroy: ${killed ? `killed after ${n} writes` : "finished first"}`);
      await runCommand(process.execPath, [CLI, "recover", "--cwd", project.dir, "--stack", "test", "--release-lock"], cliEnv(project));
      await cli(project, ["destroy", "--yes", "--skip-preview"]);
      expect(await inventory(emulator)).toEqual(before);
      process.stdout.write(`[crash all kinds] seed=${SEED}\n${history.join("\n")}\n`);
      expect(pendingSeen).toBeGreaterThan(0);
    } catch (e) {
      (e as Error).message = `seed=${SEED} (replay: MAILGUN_CRASH_SEED=${SEED})\n${history.join("\n")}\n${(e as Error).message}`;
      throw e;
    }
  }, LONG ? 7_200_000 : 900_000);
});
