import { planRecovery } from "../../cli/recover/plan";
import { webhookId } from "../../provider/resources/webhook-id";

const T = "pulumi-nodejs:dynamic/mailgun:";
const urn = (kind: string, name: string) => `urn:pulumi:s::p::${T}${kind}::${name}`;
const stackRes = { urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", type: "pulumi:pulumi:Stack" };

describe("pulumi-mailgun recover's plan", () => {
  test("imports pending Domain and Webhook creates by their derivable ids, clears the rest, leaves other providers' alone", () => {
    const plan = planRecovery({
      resources: [stackRes],
      pending_operations: [
        { type: "creating", resource: { urn: urn("Domain", "d"), type: `${T}Domain`, inputs: { name: "mg.example.com", region: "eu", __provider: "code" } } },
        { type: "creating", resource: { urn: urn("Webhook", "w"), type: `${T}Webhook`, inputs: { domain: "mg.example.com", url: "https://h.example.com/x", events: ["opened"] } } },
        { type: "creating", resource: { urn: urn("Route", "r"), type: `${T}Route`, inputs: { expression: "catch_all()" } } },
        { type: "creating", resource: { urn: urn("SendingKey", "k"), type: `${T}SendingKey`, inputs: { domain: "mg.example.com" } } },
        { type: "updating", resource: { urn: urn("Route", "r2"), type: `${T}Route`, id: "abc" } },
        { type: "creating", resource: { urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket" } },
      ],
    });
    expect(plan.steps.map((s) => [s.urn.split("::").pop(), s.action, s.id])).toEqual([
      ["d", "import", "mg.example.com"],
      ["w", "import", webhookId("mg.example.com", "https://h.example.com/x")],
      ["r", "clear", undefined],
      ["k", "clear", undefined],
      ["r2", "clear", undefined],
      ["b", "keep", undefined],
    ]);
    expect(plan.foreign).toBe(1);
    expect(plan.deployment.resources!.map((r) => r.urn.split("::").pop())).toEqual(["p-s", "d", "w"]);
    // The read needs the region, the name and the serialized provider: the outputs start as the inputs.
    expect(plan.deployment.resources![1]).toMatchObject({ id: "mg.example.com", outputs: { name: "mg.example.com", region: "eu", __provider: "code" } });
    expect(plan.deployment.pending_operations!.map((p) => p.resource.type)).toEqual(["aws:s3/bucket:Bucket"]);
  });

  test("a pending DkimKey create is recorded by its id: the key it made may already be active, which its next create cannot tell from someone else's", () => {
    const inputs = { signingDomain: "mg.example.com", selector: "s1", region: "us", active: true };
    const plan = planRecovery({ resources: [stackRes], pending_operations: [{ type: "creating", resource: { urn: urn("DkimKey", "k"), type: `${T}DkimKey`, inputs } }] });
    expect(plan.steps).toEqual([expect.objectContaining({ action: "import", id: "mg.example.com/s1" })]);
    expect(plan.deployment.resources).toHaveLength(2);
  });

  test("a pending create whose URN is still recorded (a replacement under way) is cleared, never recorded twice", () => {
    const old = { urn: urn("Domain", "d"), type: `${T}Domain`, id: "mg.example.com", outputs: {} };
    const plan = planRecovery({ resources: [stackRes, old], pending_operations: [{ type: "creating", resource: { ...old, id: undefined, inputs: { name: "mg.example.com" } } }] });
    expect(plan.steps.map((s) => s.action)).toEqual(["clear"]);
    expect(plan.deployment.resources).toHaveLength(2);
    expect(plan.deployment.pending_operations).toBeUndefined();
  });

  test("a pending create replacing a recorded object (another id, or the same id in another region) records the new one and marks the old for deletion", () => {
    const old = { urn: urn("MailingList", "l"), type: `${T}MailingList`, id: "news@mg.example.com", inputs: { address: "news@mg.example.com", region: "us" }, outputs: { address: "news@mg.example.com", region: "us" } };
    const inputs = { address: "news@mg.example.com", region: "eu", __provider: "code" };
    const plan = planRecovery({ resources: [stackRes, old], pending_operations: [{ type: "creating", resource: { urn: old.urn, type: old.type, inputs } }] });
    expect(plan.steps).toEqual([expect.objectContaining({ action: "import", id: "news@mg.example.com", why: expect.stringContaining("replacement under way") })]);
    // The engine's own shape for a replacement whose create answered: the old entry marked, the new one after it.
    expect(plan.deployment.resources).toEqual([stackRes, { ...old, delete: true }, { urn: old.urn, type: old.type, inputs, id: "news@mg.example.com", outputs: inputs }]);
    expect(plan.deployment.pending_operations).toBeUndefined();
    const cred = { urn: urn("DomainCredential", "c"), type: `${T}DomainCredential`, id: "alice@mg.example.com", outputs: { region: "us" } };
    const renamed = planRecovery({ resources: [cred], pending_operations: [{ type: "creating", resource: { urn: cred.urn, type: cred.type, inputs: { domain: "mg.example.com", login: "bob", region: "us" } } }] });
    expect(renamed.deployment.resources!.map((r) => [r.id, r.delete ?? false])).toEqual([["alice@mg.example.com", true], ["bob@mg.example.com", false]]);
  });

  test("the same when the checkpoint already shows the old entry marked for deletion (the engine marks it once the create answers, before the step ends)", () => {
    const old = { urn: urn("SuppressionAllowlist", "a"), type: `${T}SuppressionAllowlist`, id: "mg.example.com/qa.example.com", delete: true, outputs: { region: "eu" } };
    const inputs = { domain: "mg.example.com", allowedDomain: "qa2.example.com", region: "eu" };
    const plan = planRecovery({ resources: [stackRes, old], pending_operations: [{ type: "creating", resource: { urn: old.urn, type: old.type, inputs } }] });
    expect(plan.steps).toEqual([expect.objectContaining({ action: "import", id: "mg.example.com/qa2.example.com" })]);
    expect(plan.deployment.resources!.map((r) => [r.id, r.delete ?? false])).toEqual([[undefined, false], ["mg.example.com/qa.example.com", true], ["mg.example.com/qa2.example.com", false]]);
  });

  test("nothing pending, nothing to do", () => {
    expect(planRecovery({ resources: [stackRes] }).steps).toEqual([]);
  });

  test("an interrupted destroy (only deletes pending) is resumed with pulumi destroy; anything else with pulumi up", () => {
    const route = { urn: urn("Route", "r"), type: `${T}Route`, id: "r1", inputs: { region: "us" } };
    const domain = { urn: urn("Domain", "d"), type: `${T}Domain`, id: "mg.example.com", inputs: { name: "mg.example.com" } };
    expect(planRecovery({ resources: [stackRes, route, domain], pending_operations: [{ type: "deleting", resource: route }, { type: "deleting", resource: domain }] }).resume).toBe("destroy");
    expect(planRecovery({ resources: [stackRes, route], pending_operations: [{ type: "deleting", resource: route }, { type: "creating", resource: domain }] }).resume).toBe("up");
    expect(planRecovery({ resources: [stackRes] }).resume).toBe("up");
  });
});
