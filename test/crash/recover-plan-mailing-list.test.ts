import { planRecovery } from "../../cli/recover/plan";

const T = "pulumi-nodejs:dynamic/mailgun:";
const urn = (kind: string, name: string) => `urn:pulumi:s::p::${T}${kind}::${name}`;

describe("pulumi-mailgun recover's plan, mailing lists and members", () => {
  test("pending creates are recorded by their addresses (what their ids are), so a killed run's list is never 'someone else's'", () => {
    const plan = planRecovery({
      resources: [],
      pending_operations: [
        { type: "creating", resource: { urn: urn("MailingList", "devs"), type: `${T}MailingList`, inputs: { address: "devs@mg.example.com", name: "", region: "us" } } },
        { type: "creating", resource: { urn: urn("MailingListMember", "jane"), type: `${T}MailingListMember`, inputs: { list: "devs@mg.example.com", address: "jane@example.com", region: "us" } } },
        // The list's address was not known yet when the run was killed: nothing to record it by.
        { type: "creating", resource: { urn: urn("MailingListMember", "bob"), type: `${T}MailingListMember`, inputs: { address: "bob@example.com", region: "us" } } },
      ],
    });
    expect(plan.steps.map((s) => [s.urn.split("::").pop(), s.action, s.id])).toEqual([
      ["devs", "import", "devs@mg.example.com"],
      ["jane", "import", "devs@mg.example.com/jane@example.com"],
      ["bob", "clear", undefined],
    ]);
    expect(plan.deployment.pending_operations).toBeUndefined();
  });
});
