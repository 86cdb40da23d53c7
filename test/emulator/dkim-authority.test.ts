/**
 * `PUT /v3/domains/{d}/dkim_authority` changes what is stored (state dump) and everything Mailgun
 * shows of the authority: the DKIM record in `sending_dns_records`, the `authority` filter of the
 * domain list, and the `changed` flag of the next call.
 */
import { createDomain, domainName, useEmulator } from "./helpers/harness";

describe("DKIM authority", () => {
  const h = useEmulator();

  const dumped = async (name: string) => (await h.control.state()).us.domains.find((d: any) => d.name === name);
  const dkimRecordName = async (name: string) => (await h.us.get(`/v4/domains/${name}`)).body.sending_dns_records
    .find((r: any) => r.name.includes("._domainkey.")).name;
  const withAuthority = async (authority: string) =>
    (await h.us.get("/v4/domains", { query: { authority, sort: "name" } })).body.items.map((d: any) => d.name);

  test("a subdomain shares its registered root's authority until it is made its own, and back", async () => {
    const root = await createDomain(h.us, domainName("root"));
    const sub = await createDomain(h.us, `mail.${root}`);
    expect(await dumped(sub)).toMatchObject({ force_dkim_authority: false, dkim_authority: root });
    expect(await dkimRecordName(sub)).toBe(`k1._domainkey.${root}`);
    expect(await withAuthority(root)).toEqual([root, sub].sort());

    const own = await h.us.put(`/v3/domains/${sub}/dkim_authority`, { self: "true" });
    expect([own.status, own.body.message, own.body.changed]).toEqual([200, "Domain DKIM authority has been changed", true]);
    expect(own.body.sending_dns_records.map((r: any) => r.name)).toContain(`k1._domainkey.${sub}`);
    expect(await dumped(sub)).toMatchObject({ force_dkim_authority: true, dkim_authority: sub });
    expect((await dumped(sub)).sending_dns_records[0].name).toBe(`k1._domainkey.${sub}`);
    expect(await dkimRecordName(sub)).toBe(`k1._domainkey.${sub}`);
    expect(await withAuthority(root)).toEqual([root]);
    expect(await withAuthority(sub)).toEqual([sub]);

    const again = await h.us.put(`/v3/domains/${sub}/dkim_authority`, { self: "true" });
    expect([again.body.message, again.body.changed]).toEqual(["Domain DKIM authority has not been changed", false]);

    const back = await h.us.put(`/v3/domains/${sub}/dkim_authority`, { self: "false" });
    expect(back.body.changed).toBe(true);
    expect(await dumped(sub)).toMatchObject({ force_dkim_authority: false, dkim_authority: root });
    expect(await dkimRecordName(sub)).toBe(`k1._domainkey.${root}`);
  });

  test("force_dkim_authority at create makes a subdomain its own authority", async () => {
    const root = await createDomain(h.us, domainName("root"));
    const sub = await createDomain(h.us, `mail.${root}`, { force_dkim_authority: "true" });
    expect(await dumped(sub)).toMatchObject({ force_dkim_authority: true, dkim_authority: sub });
    expect(await dkimRecordName(sub)).toBe(`k1._domainkey.${sub}`);
  });

  test("without a registered root the flag is stored both ways and the domain stays its own authority", async () => {
    const name = await createDomain(h.us);
    await h.us.put(`/v3/domains/${name}/dkim_authority`, { self: "true" });
    expect(await dumped(name)).toMatchObject({ force_dkim_authority: true, dkim_authority: name });
    await h.us.put(`/v3/domains/${name}/dkim_authority`, { self: "false" });
    expect(await dumped(name)).toMatchObject({ force_dkim_authority: false, dkim_authority: name });
  });
});
