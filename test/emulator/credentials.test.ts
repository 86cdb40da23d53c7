import { createDomain, useEmulator } from "./helpers/harness";

const RFC2822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const GENERATED = /^[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}$/;
const NOTE = "Please store your new password(s) now. You won't be able to see it anymore.";

describe("SMTP credentials", () => {
  const h = useEmulator();

  test("create with generated password, change password, delete, as recorded", async () => {
    const d = await createDomain(h.us);
    const base = `/v3/domains/${d}/credentials`;
    const created = await h.us.post(base, { login: "test_login" });
    expect(created.body).toEqual({
      message: "Created 1 credentials pair(s)", note: NOTE,
      credentials: { [`test_login@${d}`]: expect.stringMatching(GENERATED) },
    });
    const changed = await h.us.put(`${base}/test_login`, { spec: "abc" });
    expect(changed.body).toEqual({ message: "Password changed", note: NOTE, credentials: { [`test_login@${d}`]: expect.stringMatching(GENERATED) } });
    expect((await h.us.put(`${base}/test_login@${d}`, { password: "new-secret" })).body).toEqual({ message: "Password changed" });
    const same = await h.us.put(`${base}/test_login`, { password: "new-secret" });
    expect([same.status, same.body]).toEqual([400, { message: "New password cannot be the same as old password." }]);
    expect((await h.us.put(`${base}/test_login`, { password: "" })).status).toBe(400);
    const deleted = await h.us.delete(`${base}/test_login`);
    expect(deleted.body).toEqual({ message: "Credentials have been deleted", spec: `test_login@${d}` });
    expect((await h.us.put(`${base}/test_login`, { password: "whatever1" })).body).toEqual({ message: "Credentials not found" });
  });

  test("list with skip/limit, given passwords, validation", async () => {
    const d = await createDomain(h.us);
    const base = `/v3/domains/${d}/credentials`;
    expect((await h.us.post(base, { login: "a", password: "secret-a" })).body).toEqual({ message: "Created 1 credentials pair(s)" });
    expect((await h.us.post(base, { login: `b@${d}`, password: "secret-b" }, { multipart: true })).status).toBe(200);
    const list = await h.us.get(base);
    expect(list.body.items).toEqual([
      { created_at: expect.stringMatching(RFC2822), login: `a@${d}`, mailbox: `a@${d}`, size_bytes: null },
      { created_at: expect.stringMatching(RFC2822), login: `b@${d}`, mailbox: `b@${d}`, size_bytes: null },
    ]);
    expect(list.body.total_count).toBe(2);
    expect((await h.us.get(base, { query: { skip: 1, limit: 5 } })).body.items.map((c: any) => c.login)).toEqual([`b@${d}`]);
    expect((await h.us.get(base, { query: { limit: 1001 } })).body).toEqual({ message: "Limit parameter can't be larger than 1000" });
    expect((await h.us.post(base, { password: "secret-x" })).body).toEqual({ message: "Parameter 'login' is missing" });
    expect((await h.us.post(base, { login: "c", password: "abc" })).status).toBe(400);
    expect((await h.us.post(base, { login: "a", password: "secret-a2" })).status).toBe(400);
    expect((await h.us.post(base, { login: "x@elsewhere.test", password: "secret-x" })).status).toBe(400);
    expect((await h.us.get("/v3/domains/nope.example.test/credentials")).status).toBe(404);
  });

  test("postmaster from smtp_password is a system mailbox; delete-all spares it", async () => {
    const d = await createDomain(h.us, undefined, { smtp_password: "postmaster-pw" });
    const base = `/v3/domains/${d}/credentials`;
    await h.us.post(base, { login: "x", password: "secret-x" });
    const refused = await h.us.delete(`${base}/postmaster`);
    expect([refused.status, refused.body]).toEqual([400, { message: `Cannot delete system mailbox: postmaster@${d}` }]);
    expect((await h.us.delete(base)).body).toEqual({ message: "All domain credentials have been deleted", count: 1 });
    expect((await h.us.get(base)).body.items.map((c: any) => c.login)).toEqual([`postmaster@${d}`]);
  });

  test("what the DomainCredential resource relies on: a taken login is refused without change, logins are case-blind, a generated password cannot be sent back", async () => {
    const d = await createDomain(h.us);
    const base = `/v3/domains/${d}/credentials`;
    const generated = (await h.us.post(base, { login: "Mixed" })).body.credentials[`mixed@${d}`];
    expect(generated).toMatch(GENERATED);
    // Taken: refused, and the password stays (setting it again is "unchanged").
    expect((await h.us.post(base, { login: `mixed@${d}`, password: "other-pass" })).status).toBe(400);
    expect((await h.us.put(`${base}/MIXED`, { password: "chosen-1" })).body).toEqual({ message: "Password changed" });
    expect((await h.us.put(`${base}/mixed`, { password: "chosen-1" })).body).toEqual({ message: "New password cannot be the same as old password." });
    // A generated password is 50 characters: sent back, the 5-32 rule refuses it before any comparison.
    const regenerated = (await h.us.put(`${base}/mixed`, {})).body.credentials[`mixed@${d}`];
    expect((await h.us.put(`${base}/mixed`, { password: regenerated })).body).toEqual({ message: "Password is too short. It must be between 5 and 32 characters." });
    expect((await h.us.get(base)).body.items.map((c: { login: string }) => c.login)).toEqual([`mixed@${d}`]);
  });
});
