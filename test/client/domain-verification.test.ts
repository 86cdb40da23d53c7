import { domainVerificationHandler as h, DomainVerificationInputs } from "../../provider/resources/domain-verification";
import { checked, useHandlerEmulator } from "../../testkit/handler-harness";

/** The handler as one provider process runs it, against the emulator: the calls each operation makes. */
describe("DomainVerification handler", () => {
  const t = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "1000" });
  const D = "mg.handler-verify.example.com";
  const calls = async () => (await t.emulator.requests()).map((r) => `${r.region} ${r.method} ${r.path}`);

  test("check puts waitFor in one order and fills the defaults", async () => {
    // A category given twice is refused (issue 20 item 9: test/handlers/bad-inputs.ts); the order is not.
    const inputs = await checked<DomainVerificationInputs>(h, { domain: "MG.Example.com", waitFor: ["tracking", "sending"] });
    expect(inputs).toMatchObject({ domain: "mg.example.com", region: "us", waitFor: ["sending", "tracking"], timeoutSeconds: 600 });
    expect(await checked(h, { domain: D })).toMatchObject({ waitFor: ["sending"] });
  });

  test("an EU domain is verified on the EU host; its diff is quiet while verified and not once a read sees it unverified", async () => {
    await t.emulator.api("eu", "POST", "/v4/domains", { name: D });
    await t.emulator.dns(D, true);
    const inputs = await checked<DomainVerificationInputs>(h, { domain: D, region: "eu", timeoutSeconds: 5 });
    await t.emulator.clearRequests();
    const { id, outs } = await h.create(inputs);
    expect(id).toBe(D);
    expect(await calls()).toEqual([`eu PUT /v4/domains/${D}/verify`]);
    expect(outs.state).toBe("active");
    expect(await h.diff(id, outs, inputs)).toEqual({ changes: false });

    // Only the timeout changes on a verified domain: nothing to ask Mailgun.
    await t.emulator.clearRequests();
    const longer = { ...inputs, timeoutSeconds: 60 };
    expect(await h.diff(id, outs, longer)).toEqual({ changes: true });
    const updated = await h.update(id, outs, longer);
    expect(updated.outs).toMatchObject({ timeoutSeconds: 60, state: "active" });
    expect(await calls()).toEqual([]);
    // A new category is checked.
    const more = { ...longer, waitFor: ["sending", "receiving"] as DomainVerificationInputs["waitFor"] };
    const withMx = await h.update(id, updated.outs, more);
    expect(withMx.outs.records.filter((r) => r.category === "receiving")).toHaveLength(2);
    expect(await calls()).toEqual([`eu PUT /v4/domains/${D}/verify`]);

    await t.emulator.dns(D, false, ["mx"]);
    const read = await h.read(id, withMx.outs);
    expect(read.props!.records.filter((r) => r.valid !== "valid").map((r) => r.value)).toEqual(["mxa.eu.mailgun.org", "mxb.eu.mailgun.org"]);
    expect(read.inputs).toEqual({ domain: D, region: "eu", waitFor: ["sending", "receiving"], timeoutSeconds: 60 });
    expect(await h.diff(id, read.props!, more)).toEqual({ changes: true });

    // Delete changes nothing at Mailgun; a deleted domain reads as gone.
    await t.emulator.clearRequests();
    await h.delete(id, read.props!);
    expect(await calls()).toEqual([]);
    await t.emulator.api("eu", "DELETE", `/v3/domains/${D}`);
    expect(await h.read(id, { ...read.props!, writtenAt: undefined })).toEqual({});
  });

  test("a domain that is not in the region fails, naming the region it lives in, or the fix", async () => {
    await t.emulator.api("eu", "POST", "/v4/domains", { name: D });
    const inputs = await checked<DomainVerificationInputs>(h, { domain: D, timeoutSeconds: 5 });
    await expect(h.create(inputs)).rejects.toThrow(`domain ${D} not found in region us: it lives in region eu. Set region: "eu" on this DomainVerification.`);
    const nowhere = await checked<DomainVerificationInputs>(h, { domain: "mg.nowhere.example.com", timeoutSeconds: 5 });
    await expect(h.create(nowhere)).rejects.toThrow("domain mg.nowhere.example.com not found in region us: create it first (a mailgun.Domain, and pass its name so this waits for it), or set region to where it lives.");
  });
});
