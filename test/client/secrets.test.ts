import { routeParams, startHarness, uniqueDomain, type Harness } from "./emulator-harness";

describe("secrets never reach log lines or error messages", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it("logs each attempt without the key, passwords or key secrets", async () => {
    const lines: string[] = [];
    const c = h.client({ maxRetries: 2 }, { logger: (l) => lines.push(l), random: () => 0 });
    const name = uniqueDomain("secrets");
    const smtpPassword = "smtp-Pa55word-xyz";
    const credPassword = "cred-Pa55word-abc";
    const newPassword = "cred-Pa55word-new";

    await c.domains.create("us", { name, smtp_password: smtpPassword });
    await c.credentials.create("us", name, "alice", credPassword);
    await c.credentials.changePassword("us", name, "alice", newPassword);
    const key = await c.keys.create("us", { role: "sending", kind: "domain", domain_name: name, description: "k" });
    expect(key.secret.length).toBeGreaterThan(10);
    await h.knobs({ faults: { burst: { status: 503, count: 1 } } });
    await c.credentials.changePassword("us", name, "alice", "cred-Pa55word-3rd");
    const tooShort = await c.credentials.changePassword("us", name, "alice", "abc1").catch((e) => e);
    const badKey = await h.client({ apiKey: "0000000000000000deadbeefdeadbeef-00000000-00000000" }, { logger: (l) => lines.push(l) })
      .routes.create("us", routeParams("x"))
      .catch((e) => e);

    expect(lines.length).toBeGreaterThanOrEqual(7);
    // One line per attempt with method, path, region, status and attempt number; retries show the wait.
    expect(lines).toContainEqual(expect.stringMatching(/^mailgun #\d+ POST \/v4\/domains \[us\] status=200 attempt=1( queued=\d+ms)? \d+ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^mailgun #\d+ PUT \/v3\/domains\/.*\/credentials\/alice \[us\] status=503 attempt=1( queued=\d+ms)? \d+ms -> retry in \d+ms \(server-error\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/PUT \/v3\/domains\/.*\/credentials\/alice \[us\] status=200 attempt=2/));

    const everything = [...lines, String(tooShort?.message), JSON.stringify(tooShort?.body ?? ""), String(badKey?.message)].join("\n");
    for (const secret of [h.emu.apiKey, smtpPassword, credPassword, newPassword, "cred-Pa55word-3rd", key.secret, "0000000000000000deadbeefdeadbeef"]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
  });
});
