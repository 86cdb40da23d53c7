import { handler } from "../../provider";

/**
 * Issue 20 item 3: a rename with `aliases` changes only the owner tag (the SDK derives it from
 * project, stack and resource name). No kind may show that as a change: it would break
 * `--expect-no-changes` gates for a rename that writes nothing at Mailgun.
 */
const cases = [
  { kind: "Template", args: { domain: "mg.example.com", name: "welcome", description: "d" }, outs: { createdBy: "pulumi-mailgun/t1", createdAt: "" } },
  { kind: "IpAllowlistEntry", args: { address: "203.0.113.7", description: "office" }, outs: {} },
  { kind: "SendingKey", args: { domain: "mg.example.com", description: "app" }, outs: { keyId: "k", secret: "s", createdAt: "" } },
  { kind: "ApiKey", args: { role: "basic", description: "ci" }, outs: { keyId: "k", secret: "s", createdAt: "", isDisabled: false } },
] as const;

test.each(cases)("$kind: a new owner tag alone is no change", async ({ kind, args, outs }) => {
  const h = handler(kind);
  const before = await h.check({}, { ...args, ownerTag: "0123456789abcdef" });
  const after = await h.check({}, { ...args, ownerTag: "fedcba9876543210" });
  expect(before.failures).toBeUndefined();
  expect(after.failures).toBeUndefined();
  const diff = await h.diff("id", { ...before.inputs, ...outs }, after.inputs);
  expect(diff.changes).toBe(false);
});
