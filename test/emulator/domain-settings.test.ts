import { createDomain, useEmulator } from "./helpers/harness";

const FOOTER_HTML = '\n<br>\n<p><a href="%unsubscribe_url%">unsubscribe</a></p>\n';
const FOOTER_TEXT = "\n\nTo unsubscribe click: <%unsubscribe_url%>\n\n";

describe("domain settings", () => {
  const h = useEmulator();

  test("tracking: defaults, open/click/unsubscribe updates with yes/no/true/false/htmlonly", async () => {
    const name = await createDomain(h.us);
    expect((await h.us.get(`/v3/domains/${name}/tracking`)).body).toEqual({
      tracking: {
        open: { active: false, place_at_the_top: false },
        click: { active: false },
        unsubscribe: { active: false, html_footer: FOOTER_HTML, text_footer: FOOTER_TEXT },
        web_scheme: "http",
      },
    });
    const open = await h.us.put(`/v3/domains/${name}/tracking/open`, { active: "yes", place_at_the_top: "true" });
    expect(open.body).toEqual({ message: "Domain tracking settings have been updated", open: { active: true, place_at_the_top: true } });
    const click = await h.us.put(`/v3/domains/${name}/tracking/click`, { active: "htmlonly" });
    expect(click.body).toEqual({ message: "Domain tracking settings have been updated", click: { active: "htmlonly" } });
    const unsub = await h.us.put(`/v3/domains/${name}/tracking/unsubscribe`, { active: "no", html_footer: "<p>bye</p>" }, { multipart: true });
    expect(unsub.body.unsubscribe).toEqual({ active: false, html_footer: "<p>bye</p>", text_footer: FOOTER_TEXT });
    // Omitting `active` leaves it unchanged.
    const keep = await h.us.put(`/v3/domains/${name}/tracking/open`, { place_at_the_top: "no" });
    expect(keep.body.open).toEqual({ active: true, place_at_the_top: false });
    expect((await h.us.put(`/v3/domains/${name}/tracking/click`, { active: "sometimes" })).status).toBe(400);
    const after = await h.us.get(`/v3/domains/${name}/tracking`);
    expect(after.body.tracking.click).toEqual({ active: "htmlonly" });
    expect((await h.us.get("/v3/domains/nope.example.test/tracking")).status).toBe(404);
  });

  test("connection: flat GET and PUT as recorded", async () => {
    const name = await createDomain(h.us);
    expect((await h.us.get(`/v3/domains/${name}/connection`)).body).toEqual({ require_tls: false, skip_verification: false });
    const put = await h.us.put(`/v3/domains/${name}/connection`, { require_tls: "true", skip_verification: "true" });
    expect(put.body).toEqual({
      message: "Domain connection settings have been updated, may take 10 minutes to fully propagate",
      require_tls: true, skip_verification: true,
    });
    expect((await h.us.get(`/v4/domains/${name}`)).body.domain).toMatchObject({ require_tls: true, skip_verification: true });
  });

  test("DKIM selector (query string, as mailgun.js sends it), authority, web prefix and domain keys", async () => {
    const name = await createDomain(h.us);
    const selector = await h.us.call("PUT", `/v3/domains/${name}/dkim_selector`, { query: { dkim_selector: "mailo1" } });
    expect(selector.body).toEqual({ message: "DKIM selector changed" });
    expect((await h.us.put(`/v3/domains/${name}/dkim_selector`, { dkim_selector: "bad.selector" })).status).toBe(400);
    expect((await h.us.put(`/v3/domains/${name}/dkim_selector`, {})).body).toEqual({ message: "Missing parameter 'dkim_selector'" });

    const same = await h.us.put(`/v3/domains/${name}/dkim_authority`, { self: "true" });
    expect(same.body.message).toBe("Domain DKIM authority has not been changed");
    expect(same.body.changed).toBe(false);
    expect(same.body.sending_dns_records[1].name).toBe(`mailo1._domainkey.${name}`);
    // Without a registered root domain the authority stays the domain itself (see the DKIM authority tests).
    const moved = await h.us.put(`/v3/domains/${name}/dkim_authority`, { self: "false" });
    expect([moved.body.message, moved.body.changed]).toEqual(["Domain DKIM authority has not been changed", false]);

    expect((await h.us.put(`/v3/domains/${name}/web_prefix`, { web_prefix: "links" })).body).toEqual({ message: "Domain web prefix updated" });
    const domain = await h.us.get(`/v4/domains/${name}`);
    expect(domain.body.domain.web_prefix).toBe("links");
    expect(domain.body.sending_dns_records.map((r: any) => r.name)).toContain(`links.${name}`);

    const keys = await h.us.get(`/v4/domains/${name}/keys`);
    expect(keys.body.items).toEqual([{ signing_domain: name, selector: "mailo1", dns_record: expect.objectContaining({ name: `mailo1._domainkey.${name}`, is_active: false }) }]);
    expect((await h.us.put(`/v4/domains/${name}/keys/mailo1/activate`)).body).toEqual({ message: "domain key activated" });
    expect((await h.us.get(`/v4/domains/${name}/keys`)).body.items[0].dns_record.is_active).toBe(true);
    expect((await h.us.put(`/v4/domains/${name}/keys/mailo1/deactivate`)).body).toEqual({ message: "domain key deactivated" });
    expect((await h.us.put(`/v4/domains/${name}/keys/other/activate`)).status).toBe(404);
  });
});
