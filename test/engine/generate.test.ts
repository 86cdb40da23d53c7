import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KINDS } from "../../provider";
import { TestEmulator } from "../../testkit/emulator";
import { createTestProject, repoRoot, type TestProject } from "../../testkit/pulumi";
import { OutputLog } from "../../testkit/mailgun-stack";
import { pathWithPulumi, runProcess } from "../../testkit/process";

/**
 * `pulumi-mailgun generate` as a user runs it (the built CLI in its own process) on an emulator
 * account holding every kind the package manages, in both regions; then the real Pulumi CLI runs
 * the generated program against the same account: `up` must make no write at Mailgun, and a
 * refreshed preview must show no change.
 */
const US = "mg.gen-us.example.com";
const US2 = "mg.gen-other.example.com";
const EU = "mg.gen-eu.example.com";
const SMTP_PASSWORD = "smtp-pass-gen-1";
const TOKEN = "tok-5ecret-gen-77";
const SECRET_URL = `https://hooks.secret.example.com/mailgun?token=${TOKEN}`;
const ACCOUNT_SECRET_URL = `https://acct.secret.example.com/h?key=${TOKEN}`;
const LONG_TEMPLATE = `<html>\n<body>\n<h1>Welcome, {{name}}!</h1>\n<p>${"Thanks for signing up. ".repeat(8)}</p>\n</body>\n</html>\n`;

async function seed(e: TestEmulator): Promise<string[]> {
  const secrets: string[] = [];
  // us: a domain with every per-domain kind, in non-default settings.
  await e.api("us", "POST", "/v4/domains", { name: US, spam_action: "tag", web_scheme: "https", smtp_password: SMTP_PASSWORD });
  await e.api("us", "PUT", `/v3/domains/${US}/tracking/open`, { active: "true" });
  await e.api("us", "PUT", `/v3/domains/${US}/tracking/click`, { active: "htmlonly" });
  for (const id of ["delivered", "opened"]) await e.api("us", "POST", `/v3/domains/${US}/webhooks`, { id, url: "https://hooks.example.com/mailgun" });
  await e.api("us", "POST", `/v3/domains/${US}/webhooks`, { id: "clicked", url: SECRET_URL });
  await e.api("us", "POST", `/v3/domains/${US}/credentials`, { login: "alice", password: "alice-pass-123" });
  secrets.push("alice-pass-123", SMTP_PASSWORD, TOKEN);
  await e.api("us", "POST", "/v1/dkim/keys", { signing_domain: US, selector: "s2" });
  await e.api("us", "POST", `/v3/${US}/templates`, { name: "welcome", description: "sign-up mail", template: LONG_TEMPLATE, tag: "v1", comment: "first" });
  await e.api("us", "POST", `/v3/${US}/templates/welcome/versions`, { tag: "v2", template: "<p>Hi {{name}}</p>", comment: "short", headers: JSON.stringify({ Subject: "Hello {{name}}" }) });
  await e.api("us", "POST", `/v3/${US}/templates`, { name: "empty", description: "no versions yet" });
  await e.api("us", "POST", `/v3/${US}/bounces`, { address: "gone@example.com", code: "554", error: "mailbox gone" });
  await e.api("us", "POST", `/v3/${US}/unsubscribes`, { address: "left@example.com", tag: "newsletter" });
  await e.api("us", "POST", `/v3/${US}/complaints`, { address: "angry@example.com" });
  await e.api("us", "POST", `/v3/${US}/whitelists`, { address: "vip@example.com" });
  await e.api("us", "POST", `/v3/${US}/whitelists`, { domain: "partner.example.com" });
  await e.api("us", "POST", "/v3/lists", { address: `team@${US}`, name: "Team", description: "everyone", access_level: "members" });
  await e.api("us", "POST", `/v3/lists/team@${US}/members`, { address: "ann@example.com", name: "Ann", vars: '{"role":"lead"}' });
  await e.api("us", "POST", `/v3/lists/team@${US}/members`, { address: "bob@example.com", subscribed: "no" });
  // us: account-level objects, and a second domain for the filter.
  await e.api("us", "POST", "/v3/routes", { expression: `match_recipient("sales@${US}")`, action: ['forward("https://crm.example.com/in")', "stop()"], priority: "5", description: "sales" });
  await e.api("us", "POST", "/v3/routes", { expression: "catch_all()", action: [`forward("${SECRET_URL}")`], priority: "10" });
  await e.api("us", "POST", "/v1/webhooks", { url: "https://acct.example.com/h", event_types: ["delivered", "opened"], description: "account-wide" });
  await e.api("us", "POST", "/v1/webhooks", { url: ACCOUNT_SECRET_URL, event_types: ["clicked"] });
  await e.api("us", "POST", "/v2/ip_whitelist", { address: "192.0.2.10", description: "office" });
  secrets.push((await e.api("us", "POST", "/v1/keys", { role: "sending", kind: "domain", domain_name: US, description: "app" })).key.secret);
  await e.api("us", "POST", "/v4/domains", { name: US2 });
  // eu
  await e.api("eu", "POST", "/v4/domains", { name: EU });
  await e.api("eu", "POST", `/v3/domains/${EU}/webhooks`, { id: "permanent_fail", url: "https://eu-hooks.example.com/bounces" });
  await e.api("eu", "POST", `/v3/${EU}/templates`, { name: "receipt", template: "<p>{{total}}</p>", tag: "initial" });
  await e.api("eu", "POST", `/v3/${EU}/bounces`, { address: "eu-gone@example.com" });
  await e.api("eu", "POST", "/v3/routes", { expression: `match_recipient("eu@${EU}")`, action: ["stop()"], priority: "1", description: "eu" });
  await e.api("eu", "POST", "/v1/webhooks", { url: "https://eu-acct.example.com/h", event_types: ["permanent_fail"] });
  await e.api("eu", "POST", "/v3/lists", { address: `news@${EU}` });
  await e.api("eu", "POST", `/v3/lists/news@${EU}/members`, { address: "reader@example.com" });
  return secrets;
}

function generate(e: TestEmulator, out: string, extra: string[] = [], env: Record<string, string> = {}) {
  return runProcess(process.execPath, [path.join(repoRoot, "dist", "cli", "index.js"), "generate", "--out", out, ...extra], {
    cwd: repoRoot,
    env: {
      HOME: process.env.HOME,
      PATH: pathWithPulumi(),
      MAILGUN_API_KEY: e.apiKey,
      MAILGUN_API_URL_US: e.urls.us,
      MAILGUN_API_URL_EU: e.urls.eu,
      MAILGUN_RETRY_BUDGET_MS: "2000",
      ...env,
    },
    timeoutMs: 120_000,
  });
}

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) out[path.relative(dir, path.join(f.parentPath, f.name))] = fs.readFileSync(path.join(f.parentPath, f.name), "utf8");
  }
  return out;
}

describe("pulumi-mailgun generate", () => {
  let emulator: TestEmulator;
  let secrets: string[];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pm-generate-"));
  const out = path.join(tmp, "program");
  let project: TestProject | undefined;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
    secrets = [emulator.apiKey, ...(await seed(emulator))];
  }, 60_000);
  afterAll(async () => {
    await project?.cleanup();
    await emulator?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("writes a program that adopts every object; up changes nothing at Mailgun; a refreshed preview shows no change", async () => {
    await emulator.clearRequests();
    const run = await generate(emulator, out);
    expect(run.stderr).toContain("listing routes in us... 2");
    expect(run.stderr).toContain("listing domains in eu... 1");
    expect(run.code).toBe(0);
    // Reading only.
    expect((await emulator.requests()).filter((r) => r.method !== "GET")).toEqual([]);

    const files = readTree(out);
    expect(Object.keys(files).sort()).toEqual(["Pulumi.yaml", "README.md", "index.ts", "package.json", `templates/us/${US}/welcome/v1.tmpl`, "tsconfig.json"]);
    expect(JSON.parse(files["package.json"]).main).toBe("index.ts");
    const index = files["index.ts"];
    // Every kind but keys (their secrets cannot be read back), the verification step (nothing at Mailgun) and the allowlist entry (named below).
    for (const kind of KINDS.filter((k) => !["SendingKey", "ApiKey", "DomainVerification", "IpAllowlistEntry"].includes(k))) {
      expect(index).toContain(`new mailgun.${kind}(`);
    }
    expect(index).toContain('new mailgun.IpAllowlistEntry("ip-192.0.2.10"');
    expect(index).not.toContain('// new mailgun.IpAllowlistEntry(');
    expect(index).toMatch(/\/\/ {3}- \S+: kind domain, role sending, domain mg\.gen-us\.example\.com, "app"/);
    expect(index).not.toContain("adopt: false");
    // Secrets: neither in the files nor in the output.
    for (const s of secrets) {
      for (const [f, text] of Object.entries(files)) expect({ f, has: text.includes(s) }).toEqual({ f, has: false });
      expect(run.stdout + run.stderr).not.toContain(s);
    }
    expect(index).toContain("config.requireSecret(");

    // Run it with the real Pulumi CLI against the same account.
    project = await createTestProject(out, {
      config: {
        "mailgun:apiKey": { value: emulator.apiKey, secret: true },
        "mailgun:apiUrlUs": { value: emulator.urls.us },
        "mailgun:apiUrlEu": { value: emulator.urls.eu },
        "mailgun:consistencyBudgetMs": { value: "5000" },
      },
    });
    // The generated program type-checks against the package (copied into the repo, where it resolves pulumi-mailgun).
    const tsc = await runProcess(process.execPath, [path.join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(project.dir, "tsconfig.json")], {
      cwd: repoRoot,
      env: { HOME: process.env.HOME, PATH: pathWithPulumi() },
      timeoutMs: 120_000,
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);

    // The README names each secret config key and what it holds (by host, never the value).
    const secretKeys = [...files["README.md"].matchAll(/pulumi config set --secret (\S+) '<(.*)>'/g)].map((m) => ({ key: m[1], what: m[2] }));
    expect(secretKeys.length).toBe(3);
    for (const { key, what } of secretKeys) {
      const value = what.includes("acct.secret.example.com") ? ACCOUNT_SECRET_URL : what.includes("action") ? `forward("${SECRET_URL}")` : SECRET_URL;
      await project.stack.setConfig(key, { value, secret: true });
    }
    const log = new OutputLog();
    await emulator.clearRequests();
    const up = await project.stack.up({ onOutput: log.onOutput });
    const writes = (await emulator.requests()).filter((r) => r.method !== "GET");
    expect(writes.map((w) => `${w.method} ${w.region} ${decodeURIComponent(w.path)} ${w.status}${w.applied ? " applied" : ""}`)).toEqual([]);
    expect(up.summary.resourceChanges?.create).toBeGreaterThan(20);
    await project.stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
    for (const s of secrets) expect(log.text).not.toContain(s);
    for (const s of secrets.filter((x) => x !== emulator.apiKey)) expect(project.rawState()).not.toContain(s);
  }, 600_000);

  test("the same account gives the same files, byte for byte; --stack takes the key and hosts from the stack's config", async () => {
    const again = path.join(tmp, "again");
    const run = await generate(emulator, again);
    expect(run.code).toBe(0);
    expect(readTree(again)).toEqual(readTree(out));

    // The stack of the first test holds mailgun:apiKey (a secret) and the emulator's hosts; the environment holds none.
    const fromStack = path.join(tmp, "from-stack");
    const stackRun = await generate(emulator, fromStack, ["--stack", "test", "--cwd", project!.dir], {
      MAILGUN_API_KEY: "", MAILGUN_API_URL_US: "", MAILGUN_API_URL_EU: "", ...project!.env,
    });
    expect(stackRun.stderr).not.toContain(emulator.apiKey);
    expect(stackRun.code).toBe(0);
    expect(readTree(fromStack)).toEqual(readTree(out));
  }, 120_000);

  test("--region and --domain narrow what is read and declared", async () => {
    const euOnly = path.join(tmp, "eu-only");
    const eu = await generate(emulator, euOnly, ["--region", "eu"]);
    expect(eu.code).toBe(0);
    expect(eu.stderr).not.toMatch(/ in us\.\.\./);
    const euIndex = fs.readFileSync(path.join(euOnly, "index.ts"), "utf8");
    expect(euIndex).toContain(`name: "${EU}"`);
    expect(euIndex).not.toContain('region: "us"');

    const filtered = path.join(tmp, "filtered");
    await emulator.clearRequests();
    const one = await generate(emulator, filtered, ["--domain", "mg.gen-o*.example.com"]);
    expect(one.code).toBe(0);
    const index = fs.readFileSync(path.join(filtered, "index.ts"), "utf8");
    expect(index).toContain(`name: "${US2}"`);
    expect(index).not.toContain(US);
    expect(index).not.toContain(EU);
    expect(index).not.toContain("new mailgun.Route(");
    // The other domains' objects are not even read.
    expect((await emulator.requests()).some((r) => r.path.includes(US) || r.path.includes(EU))).toBe(false);
  }, 120_000);

  test("a refused key or an unreachable host: a clear error, exit 1, nothing written", async () => {
    const bad = await generate(emulator, path.join(tmp, "bad-key"), [], { MAILGUN_API_KEY: "key-not-the-right-one" });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/pulumi-mailgun: Mailgun refused the API key/);
    expect(bad.stderr).not.toContain("key-not-the-right-one");
    expect(fs.existsSync(path.join(tmp, "bad-key"))).toBe(false);

    const down = await generate(emulator, path.join(tmp, "down"), ["--region", "us"], { MAILGUN_API_URL_US: "http://127.0.0.1:9", MAILGUN_MAX_RETRIES: "0" });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/could not read the account: .*\n.*http:\/\/127\.0\.0\.1:9 is reachable/);

    const noKey = await generate(emulator, path.join(tmp, "no-key"), [], { MAILGUN_API_KEY: "" });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain("MAILGUN_API_KEY is not set");
  }, 120_000);
});
