import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import { TestEmulator } from "../../testkit/emulator";
import { createTestProject, TestProject } from "../../testkit/pulumi";
import { outputOf, resourcePageExamples, writeMergedProject } from "../../testkit/resource-pages";
import { emulatorLeftovers } from "../../testkit/tour";

/**
 * Issue 20 item 10: the example of every docs/resources page runs, through the real CLI against
 * the emulator: one `pulumi up` of all of them (testkit/resource-pages.ts merges them into one
 * program), a preview with no changes, and a destroy that leaves nothing behind.
 */
const PROJECT = "docs-resource-pages";
/** The domain the DomainVerification page waits on: its DNS is "published" as soon as it exists. */
const VERIFIED = "shop.example.com";

describe("the docs/resources pages' examples", () => {
  let emulator: TestEmulator;
  let project: TestProject | undefined;
  let source: string | undefined;

  beforeAll(async () => {
    emulator = await TestEmulator.start();
  });
  afterAll(async () => {
    await project?.cleanup();
    if (source) fs.rmSync(source, { recursive: true, force: true });
    await emulator?.close();
  });

  /** What a user does at their DNS provider, as soon as Mailgun has made the domain. */
  async function publishDnsOnceCreated(until: Promise<unknown>): Promise<void> {
    let done = false;
    void until.finally(() => (done = true));
    while (!done) {
      try {
        await emulator.dns(VERIFIED, true);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  test("run together: up, a preview with no changes, destroy leaving nothing", async () => {
    const examples = resourcePageExamples();
    expect(examples.map((e) => e.page)).toEqual(expect.arrayContaining(["domain", "dkim-key", "domain-verification", "suppressions"]));
    source = writeMergedProject(examples, PROJECT);
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    project = await createTestProject(source, {
      config: {
        "mailgun:apiKey": { value: emulator.apiKey, secret: true },
        "mailgun:apiUrlUs": { value: emulator.urls.us },
        "mailgun:apiUrlEu": { value: emulator.urls.eu },
        "mailgun:consistencyBudgetMs": { value: "5000" },
        [`${PROJECT}:smtpPassword`]: { value: "domain-page-pass", secret: true },
        [`${PROJECT}:failureHookUrl`]: { value: "https://example.com/hooks/account?token=t0k3n", secret: true },
        [`${PROJECT}:dkimPem`]: { value: pem, secret: true },
        [`${PROJECT}:relayPassword`]: { value: "relay-pass-1", secret: true },
      },
    });

    const running = project.stack.up();
    await publishDnsOnceCreated(running);
    const up = await running;
    expect(up.summary.result).toBe("succeeded");
    // Every resource of every page, a component per page, and the stack.
    const declared = examples.reduce((n, e) => n + [...e.code.matchAll(/new mailgun\.\w+\(/g)].length, 0);
    expect(declared).toBeGreaterThan(40);
    expect(up.summary.resourceChanges).toEqual({ create: declared + examples.length + 1 });
    expect(Object.keys(up.outputs).sort()).toEqual(examples.map((e) => outputOf(e.page)).sort());
    // A few of the values the pages' comments promise.
    expect(up.outputs.dkimKey.value.dkimRecord.name).toBe("s2025._domainkey.news.example.com");
    expect(up.outputs.domainCredential.value.smtpUser).toBe("app@smtp.example.com");
    expect(up.outputs.domainVerification.value.dnsState.every((r: { valid: string }) => r.valid === "valid")).toBe(true);
    expect(up.outputs.mailingList.value.devsMembers).toBe(0); // read when the list was made, before its member

    await project.stack.preview({ expectNoChanges: true });
    await project.stack.destroy();
    expect(await emulatorLeftovers(emulator)).toEqual([]);
  }, 300_000);
});
