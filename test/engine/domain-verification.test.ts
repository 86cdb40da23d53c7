import type { RequestLogEntry } from "../../testkit/emulator";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";
import { cli } from "../../testkit/pulumi-cli";

const NAME = "mg.verify-test.example.com";
const NEVER = "mg.never-verified.example.com";
const domain: ResourceSpec = { kind: "Domain", name: "d", args: { name: NAME } };
/** 20 s: checks 2 s apart (a tenth of the timeout). */
const verification = (args: Record<string, unknown> = {}): ResourceSpec => ({
  kind: "DomainVerification",
  name: "v",
  args: { domain: { $ref: "d.name" }, waitFor: ["sending", "tracking"], timeoutSeconds: 20, ...args },
});

const verifies = (log: RequestLogEntry[], name = NAME) => log.filter((r) => r.method === "PUT" && r.path === `/v4/domains/${name}/verify`);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe("DomainVerification through the real Pulumi engine", () => {
  const t = useMailgunStack([domain]);

  test("waits through unverified checks until the records are published, then previews no changes", async () => {
    const { emulator, project } = t;
    await project.setResources([domain, verification()]);
    await emulator.clearRequests();
    const up = cli(project, ["up", "--yes", "--skip-preview"]);
    // Publish the DNS records only once up has seen them missing twice (SPF first, the rest a check later).
    for (let i = 0; verifies(await emulator.requests()).length < 2; i++) {
      if (i > 300) throw new Error("up never asked Mailgun to verify");
      await sleep(100);
    }
    await emulator.dns(NAME, true, ["spf"]);
    const seen = verifies(await emulator.requests()).length;
    while (verifies(await emulator.requests()).length === seen) await sleep(100);
    await emulator.dns(NAME, true);
    const output = await up;

    const checks = verifies(await emulator.requests());
    expect(checks.length).toBeGreaterThanOrEqual(4);
    expect(checks.every((r) => r.status === 200)).toBe(true);
    // Progress lines reach the CLI's output, counting valid records per category.
    expect(output).toMatch(/verifying mg\.verify-test\.example\.com: 0 of 2 sending, 0 of 1 tracking records valid, next check in 2 s/);
    expect(output).toMatch(/verifying mg\.verify-test\.example\.com: 1 of 2 sending, 0 of 1 tracking records valid, next check in 2 s/);
    expect(output).toMatch(/verified mg\.verify-test\.example\.com after \d+ checks \(\d+ s\): 2 of 2 sending, 1 of 1 tracking records valid/);

    const outputs = (await project.stack.outputs()).resources.value.v;
    expect(outputs.state).toBe("active");
    expect(outputs.records).toEqual([
      { category: "sending", type: "TXT", name: `k1._domainkey.${NAME}`, value: expect.stringMatching(/^k=rsa; p=/), valid: "valid" },
      { category: "sending", type: "TXT", name: NAME, value: "v=spf1 include:mailgun.org ~all", valid: "valid" },
      { category: "tracking", type: "CNAME", name: `email.${NAME}`, value: "mailgun.org", valid: "valid" },
    ]);

    await emulator.clearRequests();
    await project.stack.preview({ expectNoChanges: true });
    await project.stack.refresh({ expectNoChanges: true });
    // The refresh reads the domain; it never asks Mailgun to check DNS again.
    expect(verifies(await emulator.requests())).toEqual([]);
  }, 300_000);

  test("drift: a domain that became unverified shows in preview --refresh, and up verifies it again", async () => {
    const { emulator, project } = t;
    // By hand: the DNS records are removed and Mailgun re-checks.
    await emulator.dns(NAME, false);
    const answer = await emulator.api("us", "PUT", `/v4/domains/${NAME}/verify`);
    expect(answer.domain.state).toBe("unverified");

    const drift = await project.stack.preview({ refresh: true });
    expect(drift.changeSummary).toMatchObject({ update: 1 });
    await expect(project.stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();

    // Records back: up verifies again (one check), and all is quiet after.
    await project.stack.refresh();
    await emulator.dns(NAME, true);
    await emulator.clearRequests();
    const up = await project.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(verifies(await emulator.requests())).toHaveLength(1);
    expect((await project.stack.outputs()).resources.value.v.state).toBe("active");
    await project.stack.preview({ refresh: true, expectNoChanges: true });
  }, 300_000);

  test("a timeout fails naming each missing record as a zone-file line, and records nothing", async () => {
    const { emulator, project } = t;
    await emulator.api("us", "POST", "/v4/domains", { name: NEVER });
    await emulator.dns(NEVER, true, ["dkim"]);
    const never: ResourceSpec = { kind: "DomainVerification", name: "never", args: { domain: NEVER, waitFor: ["sending", "receiving"], timeoutSeconds: 5 } };
    await project.setResources([domain, verification(), never]);
    // A tighter verify window than checks a second apart would need: the client's pacer must keep within it.
    await emulator.setKnobs({ verifyRateLimit: { limit: 2, windowMs: 4_000 } });
    await emulator.clearRequests();
    const started = Date.now();
    const error = await project.stack.up().then(() => undefined, (e: Error) => e);
    const seconds = (Date.now() - started) / 1000;
    await emulator.setKnobs({ verifyRateLimit: { limit: 10, windowMs: 1_000 } });
    expect(error).toBeDefined();
    const message = error!.message;
    expect(message).toMatch(/domain mg\.never-verified\.example\.com is not verified after [56] s \(Mailgun reports state "unverified"; waiting for sending, receiving records\)/);
    expect(message).toMatch(/Mailgun does not see these 3 DNS records yet; publish them at your DNS provider \(zone-file lines\):/);
    expect(message).toContain(`${NEVER}. IN TXT "v=spf1 include:mailgun.org ~all"    ; sending, invalid`);
    expect(message).toContain(`${NEVER}. IN MX 10 mxa.mailgun.org.    ; receiving, invalid`);
    expect(message).toContain(`${NEVER}. IN MX 10 mxb.mailgun.org.    ; receiving, invalid`);
    // The DKIM record is published: not listed.
    expect(message).not.toMatch(/_domainkey\.mg\.never-verified\.example\.com\. IN TXT/);
    // Checks a second apart (a tenth of 5 s, at least 1 s) would make a third call within 4 s: the pacer holds it to the window.
    const checks = verifies(await emulator.requests(), NEVER);
    expect(checks.length).toBeGreaterThanOrEqual(3);
    expect(checks.map((r) => r.status)).toEqual(checks.map(() => 200));
    expect(seconds).toBeLessThan(60);
    const state = (await project.stack.exportStack()).deployment.resources as Array<{ type: string }>;
    expect(state.filter((r) => r.type.endsWith(":DomainVerification"))).toHaveLength(1);
  }, 300_000);

  test("destroying a verification makes no request: nothing at Mailgun changes", async () => {
    const { emulator, project } = t;
    await project.setResources([domain]);
    await emulator.clearRequests();
    const up = await project.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ delete: 1 });
    expect(await emulator.requests()).toEqual([]);
    const live = (await emulator.state()).us.domains.find((d: { name: string }) => d.name === NAME);
    expect(live.state).toBe("active");

    // And a verification destroyed with its domain: only the domain's own delete.
    await project.setResources([domain, verification()]);
    await project.stack.up();
    await emulator.clearRequests();
    await project.stack.destroy();
    expect((await emulator.requests()).map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v3/domains/${NAME}`]);
  }, 300_000);
});
