import { planRecovery } from "../../cli/recover/plan";

const T = "pulumi-nodejs:dynamic/mailgun:";
const urn = (kind: string, name: string) => `urn:pulumi:s::p::${T}${kind}::${name}`;
const creating = (kind: string, name: string, inputs: Record<string, unknown>) => ({ type: "creating", resource: { urn: urn(kind, name), type: `${T}${kind}`, inputs } });

describe("pulumi-mailgun recover's plan, suppressions", () => {
  test("a pending suppression create is recorded by domain and address (or allowed domain), for refresh to read", () => {
    const plan = planRecovery({
      resources: [],
      pending_operations: [
        creating("Bounce", "b", { domain: "mg.example.com", address: "bob@example.com", code: 550, error: "", region: "us" }),
        creating("Unsubscribe", "u", { domain: "mg.example.com", address: "u@example.com", tags: ["*"], region: "eu" }),
        creating("Complaint", "c", { domain: "mg.example.com", region: "us" }),
        creating("SuppressionAllowlist", "a", { domain: "mg.example.com", allowedDomain: "qa.example.com", region: "us" }),
      ],
    });
    expect(plan.steps.map((s) => [s.urn.split("::").pop(), s.action, s.id])).toEqual([
      ["b", "import", "mg.example.com/bob@example.com"],
      ["u", "import", "mg.example.com/u@example.com"],
      // No address (unknown when the run was killed): nothing to record it by.
      ["c", "clear", undefined],
      ["a", "import", "mg.example.com/qa.example.com"],
    ]);
    expect(plan.deployment.resources?.map((r) => r.outputs)).toEqual([
      { domain: "mg.example.com", address: "bob@example.com", code: 550, error: "", region: "us" },
      { domain: "mg.example.com", address: "u@example.com", tags: ["*"], region: "eu" },
      { domain: "mg.example.com", allowedDomain: "qa.example.com", region: "us" },
    ]);
  });
});
