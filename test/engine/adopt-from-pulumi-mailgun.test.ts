import * as fs from "node:fs";
import * as path from "node:path";
import { TestEmulator, type RequestLogEntry } from "../../testkit/emulator";
import { repoRoot, createTestProject } from "../../testkit/pulumi";
import { isWrite, useExampleEmulator } from "../../testkit/examples";

/**
 * examples/adopt-from-pulumi-mailgun through the real CLI: Mailgun holds what a @pulumi/mailgun
 * v3.9 program made (sent the way its bridged Terraform provider, wgebis v0.10 on mailgun-go v5,
 * sends it), and the example takes it over with `adopt: true`. The emulator's request log is the
 * proof: the only write that changes anything is the one the program asks for (a new webhook URL).
 */
const NAME = "mg.acme-shop.example.com";
const SMTP_PASSWORD = "postmaster-Secret-41";
const APP_PASSWORD = "app-Smtp-Secret-77";
const APP_URL = "https://api.acme-shop.example.com/hooks/mailgun";
const ALERTS_URL = "https://alerts.acme-shop.example.com/mailgun";
const ANALYTICS_URL = "https://analytics.acme-shop.example.com/mailgun";

/** What `pulumi up` of the @pulumi/mailgun "before" program in docs/migrating/from-pulumi-mailgun.md sends. */
async function seedAsPulumiMailgunDid(emulator: TestEmulator) {
  // mailgun-go CreateDomain: name, plus the provider's defaults (spam_action "disabled"), the
  // web scheme and the password; a false wildcard is not sent at all.
  await emulator.api("us", "POST", "/v4/domains", { name: NAME, spam_action: "disabled", smtp_password: SMTP_PASSWORD, web_scheme: "https" });
  // openTracking: true is a second call after the create; clickTracking: false sends nothing.
  await emulator.api("us", "PUT", `/v3/domains/${NAME}/tracking/open`, { active: "yes" });
  await emulator.api("us", "POST", "/v3/routes", {
    priority: "10",
    description: "support@ to the help desk",
    expression: `match_recipient("support@${NAME}")`,
    action: ['forward("https://helpdesk.acme-shop.example.com/inbound")', "stop()"],
  });
  await emulator.api("us", "POST", "/v3/routes", {
    priority: "20",
    description: "returns@ stored, the shop is notified",
    expression: `match_recipient("returns@${NAME}")`,
    action: ['store(notify="https://api.acme-shop.example.com/mail/returns")'],
  });
  // One mailgun.Webhook per event, each with its URL list: id = the event, url repeated.
  await emulator.api("us", "POST", `/v3/domains/${NAME}/webhooks`, { id: "delivered", url: [APP_URL] });
  await emulator.api("us", "POST", `/v3/domains/${NAME}/webhooks`, { id: "permanent_fail", url: [APP_URL, ALERTS_URL] });
  await emulator.api("us", "POST", `/v3/domains/${NAME}/webhooks`, { id: "complained", url: [ALERTS_URL] });
  // mailgun_domain_credential sends login as the full address.
  await emulator.api("us", "POST", `/v3/domains/${NAME}/credentials`, { login: `app@${NAME}`, password: APP_PASSWORD });
}

const show = (r: RequestLogEntry) => `${r.method} ${r.path} ${r.status}${r.applied ? " applied" : ""}`;

describe("examples/adopt-from-pulumi-mailgun", () => {
  const t = useExampleEmulator();

  test("takes over what @pulumi/mailgun made: one write (the new URL), then no changes; removing adopt changes nothing; destroy deletes", async () => {
    await seedAsPulumiMailgunDid(t.emulator);
    const before = await t.emulator.state();
    const domainBefore = before.us.domains.find((d: { name: string }) => d.name === NAME);
    const routeIds = before.us.routes.map((r: { id: string }) => r.id).sort();
    await t.emulator.clearRequests();

    t.project = await createTestProject(path.join(repoRoot, "examples", "adopt-from-pulumi-mailgun"), {
      config: {
        "mailgun:apiKey": { value: t.emulator.apiKey, secret: true },
        "mailgun:apiUrlUs": { value: t.emulator.urls.us },
        "mailgun:apiUrlEu": { value: t.emulator.urls.eu },
        "mailgun:consistencyBudgetMs": { value: "5000" },
        "mailgun-adopt-from-pulumi-mailgun:smtpPassword": { value: SMTP_PASSWORD, secret: true },
        "mailgun-adopt-from-pulumi-mailgun:appSmtpPassword": { value: APP_PASSWORD, secret: true },
      },
    });
    const p = t.project;
    const up = await p.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 8 }); // seven resources and the stack

    const writes = (await t.emulator.requests()).filter(isWrite);
    // Exactly one write changed Mailgun: the analytics URL the program adds.
    expect(writes.filter((r) => r.applied).map(show)).toEqual([`POST /v4/domains/${NAME}/webhooks 200 applied`]);
    // Passwords cannot be read, so adopting sends them once; Mailgun refuses a password equal to
    // the current one (400), which is how the provider knows it already holds. Nothing else is tried.
    expect(writes.filter((r) => !r.applied).map(show).sort()).toEqual(
      [`PUT /v3/domains/${NAME}/credentials/app 400`, `PUT /v4/domains/${NAME} 400`].sort(),
    );

    const after = await t.emulator.state();
    expect(after.us.domains.find((d: { name: string }) => d.name === NAME)).toEqual(domainBefore);
    expect(after.us.routes.map((r: { id: string }) => r.id).sort()).toEqual(routeIds);
    expect(after.us.webhooks[NAME]).toEqual({
      delivered: [APP_URL],
      permanent_fail: [APP_URL, ALERTS_URL],
      complained: [ALERTS_URL],
      opened: [ANALYTICS_URL],
    });
    expect(up.outputs.domainId.value).toBe(domainBefore.id);
    expect(up.outputs.smtpLogin.value).toBe(`app@${NAME}`);
    for (const secret of [SMTP_PASSWORD, APP_PASSWORD]) {
      expect(up.stdout).not.toContain(secret);
      expect(p.rawState()).not.toContain(secret);
    }

    await t.emulator.clearRequests();
    await p.stack.preview({ expectNoChanges: true });
    await p.stack.preview({ refresh: true, expectNoChanges: true });
    expect((await t.emulator.requests()).filter(isWrite).map(show)).toEqual([]);

    // The guide's last step: once adopted, `adopt: true` can go; that is no change either.
    const program = path.join(p.dir, "index.ts");
    fs.writeFileSync(program, fs.readFileSync(program, "utf8").replace(/^\s*adopt: true,\n/gm, ""));
    expect(fs.readFileSync(program, "utf8")).not.toMatch(/^\s*adopt:/m);
    // An up that finds nothing to do is what a no-change preview would have said, and shows no write followed.
    const settled = await p.stack.up();
    expect(settled.summary.resourceChanges).toEqual({ same: 8 });
    expect((await t.emulator.requests()).filter(isWrite).map(show)).toEqual([]);

    // Adopted means owned: destroy deletes the objects the old program made.
    await p.stack.destroy();
    const gone = await t.emulator.state();
    expect(gone.us.domains).toEqual([]);
    expect(gone.us.routes).toEqual([]);
  }, 600_000);
});
