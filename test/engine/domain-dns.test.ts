import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

/** The DNS outputs feed DNS providers: they must show what Mailgun serves, after updates and after drift. */
const SET = "mg.dns-test.example.com";
const LEFT = "mg.dns-free.example.com";
const withSelector = (dkimSelector: string): ResourceSpec => ({ kind: "Domain", name: "set", args: { name: SET, dkimSelector } });
const leftToMailgun: ResourceSpec = { kind: "Domain", name: "left", args: { name: LEFT } };

describe("Domain DNS records through the real Pulumi engine", () => {
  const t = useMailgunStack([withSelector("sel1"), leftToMailgun]);
  const dkimNames = (outs: { dnsRecords: { dkim: { name: string } }; sendingDnsRecords: { name: string }[] }) => [
    outs.dnsRecords.dkim.name,
    ...outs.sendingDnsRecords.filter((r) => r.name.includes("._domainkey.")).map((r) => r.name),
  ];

  test("after an update the outputs show the records Mailgun serves", async () => {
    const { project, log } = t;
    const first = await project.stack.up({ onOutput: log.onOutput });
    expect(dkimNames(first.outputs.resources.value.set)).toEqual([`sel1._domainkey.${SET}`, `sel1._domainkey.${SET}`]);

    await project.setResources([withSelector("sel2"), leftToMailgun]);
    const second = await project.stack.up({ onOutput: log.onOutput });
    expect(second.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(dkimNames(second.outputs.resources.value.set)).toEqual([`sel2._domainkey.${SET}`, `sel2._domainkey.${SET}`]);
    await project.stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
  }, 300_000);

  test("records changed at Mailgun are drift, even where no input shows it", async () => {
    const { project, emulator, log } = t;
    // The program leaves the selector to Mailgun; someone changes it in the dashboard.
    await emulator.api("us", "PUT", `/v3/domains/${LEFT}/dkim_selector`, { dkim_selector: "dashboard1" });
    await expect(project.stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const up = await project.stack.up({ refresh: true, onOutput: log.onOutput });
    expect(dkimNames(up.outputs.resources.value.left)).toEqual([`dashboard1._domainkey.${LEFT}`, `dashboard1._domainkey.${LEFT}`]);
    await project.stack.preview({ refresh: true, expectNoChanges: true, onOutput: log.onOutput });
    await project.stack.destroy({ onOutput: log.onOutput });
  }, 300_000);
});
