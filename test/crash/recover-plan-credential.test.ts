import { planRecovery } from "../../cli/recover/plan";

const T = "pulumi-nodejs:dynamic/mailgun:";
const urn = (kind: string, name: string) => `urn:pulumi:s::p::${T}${kind}::${name}`;

describe("pulumi-mailgun recover's plan, SMTP credentials and allowlist entries", () => {
  test("a pending DomainCredential create is recorded by its full login, keeping its (secret) password input; an allowlist entry is cleared", () => {
    const password = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
    const plan = planRecovery({
      resources: [],
      pending_operations: [
        { type: "creating", resource: { urn: urn("DomainCredential", "c"), type: `${T}DomainCredential`, inputs: { domain: "mg.example.com", login: "alice", password, region: "eu" } } },
        { type: "creating", resource: { urn: urn("DomainCredential", "g"), type: `${T}DomainCredential`, inputs: { domain: "mg.example.com", region: "eu" } } },
        { type: "creating", resource: { urn: urn("IpAllowlistEntry", "ip"), type: `${T}IpAllowlistEntry`, inputs: { address: "203.0.113.0/24" } } },
      ],
    });
    expect(plan.steps.map((s) => [s.urn.split("::").pop(), s.action, s.id])).toEqual([
      ["c", "import", "alice@mg.example.com"],
      // No login (unknown when the run was killed): nothing to record it by.
      ["g", "clear", undefined],
      ["ip", "clear", undefined],
    ]);
    expect(plan.steps[2].why).toMatch(/marker/);
    expect(plan.deployment.resources).toEqual([expect.objectContaining({ id: "alice@mg.example.com", outputs: { domain: "mg.example.com", login: "alice", password, region: "eu" } })]);
    expect(plan.deployment.pending_operations).toBeUndefined();
  });
});
