import type { RequestLogEntry } from "../../testkit/emulator";
import { PartialCreateError } from "../../provider/resources/types";
import { Recorded, destroy, laterRun, newRun, withProgress, previewRefresh, refresh, up, useEngineSteps } from "./engine-runs";

/**
 * What is particular to a DomainVerification: create waits (checking DNS through Mailgun) until
 * the records are published, reporting progress; a timeout names the missing records; a domain
 * that became unverified is drift; delete touches nothing at Mailgun.
 */
const h = useEngineSteps({ "mailgun:consistencyBudgetMs": "5000" });
const NAME = "mg.verify-test.example.com";
const verifies = (log: RequestLogEntry[], name = NAME) => log.filter((r) => r.method === "PUT" && r.path === `/v4/domains/${name}/verify`);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
/** 10 s: checks 1 s apart (a tenth of the timeout). */
const verification = { domain: NAME, waitFor: ["sending", "tracking"], timeoutSeconds: 10 };

async function verifiedDomain(): Promise<{ domain: Recorded; v: Recorded }> {
  const domain = (await up("Domain", "d", { name: NAME })).state;
  await h.emulator.dns(NAME, true);
  return { domain, v: (await up("DomainVerification", "v", verification)).state };
}

test("create waits through unverified checks until the records are published, reporting progress; a refresh never verifies again", async () => {
  await up("Domain", "d", { name: NAME });
  await h.emulator.clearRequests();
  const creating = withProgress(() => up("DomainVerification", "v", verification));
  // Publish the DNS records only once create has seen them missing twice (SPF first, the rest a check later).
  while (verifies(await h.emulator.requests()).length < 2) await sleep(50);
  await h.emulator.dns(NAME, true, ["spf"]);
  const seen = verifies(await h.emulator.requests()).length;
  while (verifies(await h.emulator.requests()).length === seen) await sleep(50);
  await h.emulator.dns(NAME, true);
  const { result: { state }, lines } = await creating;

  const checks = verifies(await h.emulator.requests());
  expect(checks.length).toBeGreaterThanOrEqual(4);
  expect(checks.every((r) => r.status === 200)).toBe(true);
  expect(lines).toMatch(/verifying mg\.verify-test\.example\.com: 0 of 2 sending, 0 of 1 tracking records valid, next check in 1 s/);
  expect(lines).toMatch(/verifying mg\.verify-test\.example\.com: 1 of 2 sending, 0 of 1 tracking records valid, next check in 1 s/);
  expect(lines).toMatch(/verified mg\.verify-test\.example\.com after \d+ checks \(\d+ s\): 2 of 2 sending, 1 of 1 tracking records valid/);
  expect(state.outs.state).toBe("active");
  expect(state.outs.records).toEqual([
    { category: "sending", type: "TXT", name: `k1._domainkey.${NAME}`, value: expect.stringMatching(/^k=rsa; p=/), valid: "valid" },
    { category: "sending", type: "TXT", name: NAME, value: "v=spf1 include:mailgun.org ~all", valid: "valid" },
    { category: "tracking", type: "CNAME", name: `email.${NAME}`, value: "mailgun.org", valid: "valid" },
  ]);

  await h.emulator.clearRequests();
  expect((await up("DomainVerification", "v", verification, state)).step).toBe("same");
  expect((await previewRefresh(laterRun(state), verification))?.changes).toBe(false);
  expect(verifies(await h.emulator.requests())).toEqual([]);
});

test("a domain that became unverified is drift that preview --refresh shows; up verifies it again with one check", async () => {
  const { v } = await verifiedDomain();
  // By hand: the DNS records are removed and Mailgun re-checks.
  await h.emulator.dns(NAME, false);
  expect((await h.emulator.api("us", "PUT", `/v4/domains/${NAME}/verify`)).domain.state).toBe("unverified");
  // An update that verifies again, not a replacement.
  expect(await previewRefresh(laterRun(v), verification)).toEqual({ changes: true });

  // Records back: up verifies again (one check), and all is quiet after.
  const refreshed = (await refresh(laterRun(v)))!;
  await h.emulator.dns(NAME, true);
  await h.emulator.clearRequests();
  const again = await up("DomainVerification", "v", verification, refreshed);
  expect(again.step).toBe("update");
  expect(verifies(await h.emulator.requests())).toHaveLength(1);
  expect(again.state.outs.state).toBe("active");
  expect((await previewRefresh(laterRun(again.state), verification))?.changes).toBe(false);
});

test("a timeout fails naming each missing record as a zone-file line, within Mailgun's verify rate limit, and leaves no partial state", async () => {
  const NEVER = "mg.never-verified.example.com";
  await h.emulator.api("us", "POST", "/v4/domains", { name: NEVER });
  await h.emulator.dns(NEVER, true, ["dkim"]);
  // A tighter verify window than checks a second apart would need: the client's pacer must keep within it.
  await h.emulator.setKnobs({ verifyRateLimit: { limit: 2, windowMs: 4_000 } });
  await h.emulator.clearRequests();
  const started = Date.now();
  const { result: error } = await withProgress(() => up("DomainVerification", "never", { domain: NEVER, waitFor: ["sending", "receiving"], timeoutSeconds: 5 }).then(() => undefined, (e: Error) => e));
  const seconds = (Date.now() - started) / 1000;
  expect(error).toBeDefined();
  // A plain failure: the engine records nothing for it (a PartialCreateError would be recorded).
  expect(error).not.toBeInstanceOf(PartialCreateError);
  const message = error!.message;
  expect(message).toMatch(/domain mg\.never-verified\.example\.com is not verified after [56] s \(Mailgun reports state "unverified"; waiting for sending, receiving records\)/);
  expect(message).toMatch(/Mailgun does not see these 3 DNS records yet; publish them at your DNS provider \(zone-file lines\):/);
  expect(message).toContain(`${NEVER}. IN TXT "v=spf1 include:mailgun.org ~all"    ; sending, invalid`);
  expect(message).toContain(`${NEVER}. IN MX 10 mxa.mailgun.org.    ; receiving, invalid`);
  expect(message).toContain(`${NEVER}. IN MX 10 mxb.mailgun.org.    ; receiving, invalid`);
  // The DKIM record is published: not listed.
  expect(message).not.toMatch(/_domainkey\.mg\.never-verified\.example\.com\. IN TXT/);
  // Checks a second apart would make a third call within 4 s: the pacer holds them to the window, so none is refused.
  const checks = verifies(await h.emulator.requests(), NEVER);
  expect(checks.length).toBeGreaterThanOrEqual(3);
  expect(checks.map((r) => r.status)).toEqual(checks.map(() => 200));
  expect(seconds).toBeLessThan(15);
});

test("deleting a verification makes no request: the domain stays verified; with its domain, only the domain's own delete writes", async () => {
  const { domain, v } = await verifiedDomain();
  newRun();
  await h.emulator.clearRequests();
  await destroy(v);
  expect(await h.emulator.requests()).toEqual([]);
  expect((await h.emulator.state()).us.domains[0].state).toBe("active");

  await destroy(v);
  await destroy(domain);
  // The domain's own delete: its contents listed first (it deletes nothing no resource manages), then the DELETE.
  expect((await h.emulator.requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v3/domains/${NAME}`]);
});
