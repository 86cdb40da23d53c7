import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

/**
 * How the engine shows check failures. It prints the value of whichever property a failure
 * names (`property smtpPassword value {&{{abcd}}} has a problem`), secret or not, and a list
 * item's as `{<nil>}`: failures on fields that can hold secrets, and on list items, must name
 * the field in the reason only, and no fragment of a secret may reach the output.
 */
const PASSWORD = "Zq9x"; // too short: 5 to 32 characters
const URL_TOKEN = "t0kenQ7vR2";
const BAD_URL = `ftp://hooks.example.com/in/${URL_TOKEN}`;
const ROUTE_TOKEN = "rt0kenW3z";
const BAD_ACTION = `forward("ftp://hooks.example.com/in/${ROUTE_TOKEN}")`;
const DOMAIN = "mg.check-test.example.com";

/** Every substring of at least 3 characters: none may appear in the output. */
function fragments(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < secret.length; i++) for (let j = i + 3; j <= secret.length; j++) out.push(secret.slice(i, j));
  return out;
}

describe("check failures through the real Pulumi engine", () => {
  const t = useMailgunStack([], { secrets: { password: PASSWORD, url: BAD_URL, action: BAD_ACTION } });

  /** The engine stops at the first resource whose check fails: one preview per bad resource. */
  async function previewFailure(spec: ResourceSpec): Promise<string> {
    await t.project.setResources([spec]);
    await t.emulator.clearRequests();
    let printed = "";
    const err = await t.project.stack.preview({ onOutput: (s) => (printed += s) }).then(() => undefined, (e: Error) => e);
    expect(err).toBeDefined();
    expect(await t.emulator.requests()).toEqual([]);
    return `${printed}\n${err!.message}`;
  }

  test("a secret input that fails a check is reported without any fragment of its value", async () => {
    const outputs = [
      await previewFailure({ kind: "Domain", name: "pw", args: { name: DOMAIN, smtpPassword: { $secret: "password" } } }),
      await previewFailure({ kind: "Webhook", name: "hook", args: { domain: DOMAIN, url: { $secret: "url" }, events: ["delivered"] } }),
      await previewFailure({ kind: "Route", name: "fwd", args: { expression: "catch_all()", actions: [{ $secret: "action" }] } }),
    ];
    expect(outputs[0]).toContain("Domain: [smtpPassword] smtpPassword must be 5 to 32 characters long");
    expect(outputs[0]).not.toContain("property smtpPassword");
    expect(outputs[1]).toContain("Webhook: [url] url must be an absolute http:// or https:// URL");
    expect(outputs[2]).toContain('Route: [actions.0] forward destination "ftp://hooks.example.com/…" is neither an email address nor an http(s) URL');
    for (const secret of [PASSWORD, URL_TOKEN, ROUTE_TOKEN]) {
      for (const fragment of fragments(secret)) for (const output of outputs) expect(output).not.toContain(fragment);
    }
  }, 180_000);

  // Each bad input's own failure is proven at handler level (test/handlers/bad-inputs.test.ts); this is the engine's part:
  // a resource failing several fields reports all of them in one preview, a list item by its index, before any call.
  test("one resource failing several fields: every failure reported as <Kind>: [field] reason, list items cleanly, at preview", async () => {
    const output = await previewFailure({
      kind: "Route",
      name: "several",
      args: { expression: "match_everything()", actions: ["stop()", "bogus()"], priority: -1, region: "de" },
    });
    expect(output).toContain('Route: [expression] "match_everything()" is not a Mailgun filter');
    expect(output).toContain(`resource 'several' has a problem: Route: [actions.1] "bogus()" is not a Mailgun action`);
    // A named property has its value printed by the engine: why failures on fields that can hold secrets name none.
    expect(output).toContain("property priority value {-1} has a problem: Route: [priority] priority must be 0 or more");
    expect(output).toContain('Route: [region] region must be "us" or "eu" (got "de")');
    // A failure on a list item names no property, which the engine would print as {<nil>}.
    expect(output).not.toContain("{<nil>}");
    expect(output).not.toMatch(/property actions\.1/);
  }, 180_000);
});
