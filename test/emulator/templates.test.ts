import Mailgun from "mailgun.js";
import { createDomain, useEmulator } from "./helpers/harness";

const TEMPLATE_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} UTC$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("templates and versions", () => {
  const h = useEmulator();

  test("create with content makes an active first version; names and tags are lower-cased", async () => {
    const d = await createDomain(h.us);
    const created = await h.us.post(`/v3/${d}/templates`, {
      name: "Welcome.Mail", description: "Test", template: "{{fname}}", comment: "first", tag: "V1", headers: JSON.stringify({ Subject: "{{subject}}" }), createdBy: "me",
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      message: "template has been stored",
      template: {
        name: "welcome.mail", description: "Test", createdAt: expect.stringMatching(TEMPLATE_DATE), createdBy: "me", id: expect.stringMatching(UUID),
        version: {
          tag: "v1", template: "{{fname}}", engine: "handlebars", mjml: "", createdAt: expect.stringMatching(TEMPLATE_DATE),
          comment: "first", active: true, id: expect.stringMatching(UUID), headers: { Subject: "{{subject}}" },
        },
      },
    });
    // Any case finds it; the plain GET has no version, `active=yes` adds the active one.
    const got = await h.us.get(`/v3/${d}/templates/WELCOME.mail`);
    expect(got.body.template).not.toHaveProperty("version");
    expect(got.body.template).toMatchObject({ name: "welcome.mail", createdBy: "me" });
    expect((await h.us.get(`/v3/${d}/templates/welcome.mail`, { query: { active: "yes" } })).body.template.version).toMatchObject({ tag: "v1", template: "{{fname}}" });
    const dup = await h.us.post(`/v3/${d}/templates`, { name: "WELCOME.MAIL" });
    expect([dup.status, dup.body]).toEqual([400, { message: "template already exists" }]);
    // Without content no version is made; tag defaults to "initial" when content comes without one.
    await h.us.post(`/v3/${d}/templates`, { name: "bare" });
    expect((await h.us.get(`/v3/${d}/templates/bare/versions`)).body.template.versions).toEqual([]);
    expect((await h.us.post(`/v3/${d}/templates`, { name: "untagged", template: "x" })).body.template.version.tag).toBe("initial");
  });

  test("description updates; delete removes the template with its versions; unknown names and domains are 404", async () => {
    const d = await createDomain(h.us);
    await h.us.post(`/v3/${d}/templates`, { name: "t", description: "one", template: "a", tag: "v1" });
    expect((await h.us.put(`/v3/${d}/templates/T`, { description: "two" })).body).toEqual({ message: "template has been updated", template: { name: "t" } });
    expect((await h.us.get(`/v3/${d}/templates/t`)).body.template.description).toBe("two");
    expect((await h.us.delete(`/v3/${d}/templates/t`)).body).toEqual({ message: "template has been deleted", template: { name: "t" } });
    const gone = await h.us.get(`/v3/${d}/templates/t/versions/v1`);
    expect([gone.status, gone.body]).toEqual([404, { message: "template not found" }]);
    expect((await h.us.delete(`/v3/${d}/templates/t`)).status).toBe(404);
    const noDomain = await h.us.get("/v3/nowhere.example.test/templates/t");
    expect([noDomain.status, noDomain.body]).toEqual([404, { message: "domain not found" }]);
    // Region-bound: the EU host does not know a US domain's templates.
    expect((await h.eu.get(`/v3/${d}/templates`)).status).toBe(404);
  });

  test("versions: first is active, active=yes moves it, PUT keeps what is not sent, delete of the active one leaves none active", async () => {
    const d = await createDomain(h.us);
    const t = `/v3/${d}/templates/news`;
    await h.us.post(`/v3/${d}/templates`, { name: "news" });
    const v1 = await h.us.post(`${t}/versions`, { template: "one", tag: "V1", comment: "c1" });
    expect(v1.body).toMatchObject({ message: "new version of the template has been stored", template: { name: "news", version: { tag: "v1", active: true } } });
    expect((await h.us.post(`${t}/versions`, { template: "two", tag: "v2" })).body.template.version.active).toBe(false);
    expect((await h.us.post(`${t}/versions`, { template: "three", tag: "v3", active: "yes" }, { multipart: true })).body.template.version.active).toBe(true);
    const listed = await h.us.get(`${t}/versions`);
    expect(listed.body.template.versions.map((v: any) => [v.tag, v.active])).toEqual([["v1", false], ["v2", false], ["v3", true]]);
    // Listings leave out content and headers (recorded).
    expect(Object.keys(listed.body.template.versions[0]).sort()).toEqual(["active", "comment", "createdAt", "engine", "id", "mjml", "tag"]);
    expect((await h.us.post(`${t}/versions`, { template: "again", tag: "V2" })).body).toEqual({ message: "version with this tag already exists" });
    const bad = await h.us.post(`${t}/versions`, { template: "x", tag: "v9", headers: JSON.stringify({ "X-Custom": "1" }) });
    expect([bad.status, bad.body.message]).toEqual([400, "header 'X-Custom' is not supported; supported headers: From, Subject, Reply-To"]);
    expect((await h.us.post(`${t}/versions`, { tag: "v9" })).body).toEqual({ message: "Missing parameter 'template'" });

    const put = await h.us.put(`${t}/versions/V2`, { comment: "c2", headers: JSON.stringify({ From: "a@example.com" }), active: "yes" });
    expect(put.body).toEqual({ message: "version has been updated", template: { name: "news", version: { tag: "v2" } } });
    const v2 = (await h.us.get(`${t}/versions/v2`)).body.template.version;
    expect(v2).toMatchObject({ template: "two", comment: "c2", headers: { From: "a@example.com" }, active: true });
    expect((await h.us.get(`${t}/versions/v3`)).body.template.version.active).toBe(false);
    // active=no does not deactivate: a template keeps its active version.
    await h.us.put(`${t}/versions/v2`, { active: "no" });
    expect((await h.us.get(`${t}/versions/v2`)).body.template.version.active).toBe(true);

    expect((await h.us.delete(`${t}/versions/v2`)).body).toEqual({ message: "version has been deleted", template: { name: "news", version: { tag: "v2" } } });
    const after = await h.us.get(`${t}/versions`);
    expect(after.body.template.versions.map((v: any) => [v.tag, v.active])).toEqual([["v1", false], ["v3", false]]);
    const missing = await h.us.get(`${t}/versions/v2`);
    expect([missing.status, missing.body]).toEqual([404, { message: "version not found" }]);
  });

  test("limits: 100 templates per domain, 40 versions per template", async () => {
    const d = await createDomain(h.us);
    for (let i = 0; i < 100; i++) expect((await h.us.post(`/v3/${d}/templates`, { name: `t${i}` })).status).toBe(200);
    const over = await h.us.post(`/v3/${d}/templates`, { name: "t100" });
    expect([over.status, over.body]).toEqual([400, { message: "template limit reached: a domain can store up to 100 templates" }]);
    for (let i = 0; i < 40; i++) expect((await h.us.post(`/v3/${d}/templates/t0/versions`, { template: "x", tag: `v${i}` })).status).toBe(200);
    const tooMany = await h.us.post(`/v3/${d}/templates/t0/versions`, { template: "x", tag: "v40" });
    expect([tooMany.status, tooMany.body]).toEqual([400, { message: "version limit reached: a template can store up to 40 versions" }]);
  });

  test("listing pages by name with absolute links", async () => {
    const d = await createDomain(h.us);
    for (const name of ["c", "a", "b", "e", "d"]) await h.us.post(`/v3/${d}/templates`, { name });
    const first = await h.us.get(`/v3/${d}/templates`, { query: { limit: 2 } });
    expect(first.body.items.map((t: any) => t.name)).toEqual(["a", "b"]);
    expect(first.body.paging).toEqual({
      first: `${h.emulator.urls.us}/v3/${d}/templates?limit=2`,
      last: `${h.emulator.urls.us}/v3/${d}/templates?page=last&limit=2`,
      next: `${h.emulator.urls.us}/v3/${d}/templates?page=next&p=b&limit=2`,
      previous: `${h.emulator.urls.us}/v3/${d}/templates?page=previous&p=a&limit=2`,
    });
    const next = await h.us.get(new URL(first.body.paging.next).pathname + new URL(first.body.paging.next).search);
    expect(next.body.items.map((t: any) => t.name)).toEqual(["c", "d"]);
    expect((await h.us.get(`/v3/${d}/templates`, { query: { page: "last", limit: 2 } })).body.items.map((t: any) => t.name)).toEqual(["d", "e"]);
    expect((await h.us.get(`/v3/${d}/templates`, { query: { page: "previous", p: "d", limit: 2 } })).body.items.map((t: any) => t.name)).toEqual(["b", "c"]);
    expect((await h.us.get(`/v3/${d}/templates`, { query: { limit: 101 } })).status).toBe(400);
    expect((await h.us.delete(`/v3/${d}/templates`)).body).toEqual({ message: "templates have been deleted" });
    expect((await h.us.get(`/v3/${d}/templates`)).body.items).toEqual([]);
  });

  test("deleting the domain deletes its templates", async () => {
    const d = await createDomain(h.us);
    await h.us.post(`/v3/${d}/templates`, { name: "t", template: "x" });
    await h.us.delete(`/v3/domains/${d}`);
    await createDomain(h.us, d);
    expect((await h.us.get(`/v3/${d}/templates/t`)).status).toBe(404);
  });

  test("mailgun.js template calls work unchanged", async () => {
    jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const mg: any = new Mailgun(FormData).client({ username: "api", key: h.emulator.apiKey, url: h.emulator.urls.us });
    const d = await createDomain(h.us);
    const created = await mg.domains.domainTemplates.create(d, { name: "Order.Shipped", description: "shipping", template: "<p>{{id}}</p>", tag: "v1", comment: "first" });
    expect(created).toMatchObject({ name: "order.shipped", description: "shipping", version: { tag: "v1", active: true } });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await mg.domains.domainTemplates.get(d, "order.shipped", { active: "yes" })).toMatchObject({ name: "order.shipped", version: { template: "<p>{{id}}</p>" } });
    const list = await mg.domains.domainTemplates.list(d, { limit: 10 });
    expect(list.items.map((t: any) => t.name)).toEqual(["order.shipped"]);
    expect(list.pages.next).toMatchObject({ id: "next" });
    expect(await mg.domains.domainTemplates.update(d, "order.shipped", { description: "shipped" })).toMatchObject({ status: 200, message: "template has been updated", templateName: "order.shipped" });

    const v2 = await mg.domains.domainTemplates.createVersion(d, "order.shipped", { template: "<b>{{id}}</b>", tag: "v2", comment: "bold", active: "yes", headers: JSON.stringify({ Subject: "Shipped" }) });
    expect(v2).toMatchObject({ status: 200, message: "new version of the template has been stored", template: { version: { tag: "v2", active: true } } });
    expect(await mg.domains.domainTemplates.getVersion(d, "order.shipped", "v2")).toMatchObject({ version: { template: "<b>{{id}}</b>", headers: { Subject: "Shipped" } } });
    expect(await mg.domains.domainTemplates.updateVersion(d, "order.shipped", "v2", { comment: "bolder" })).toMatchObject({ status: 200, templateName: "order.shipped", templateVersion: { tag: "v2" } });
    const versions = await mg.domains.domainTemplates.listVersions(d, "order.shipped");
    expect(versions.template.versions.map((v: any) => [v.tag, v.active, v.comment])).toEqual([["v1", false, "first"], ["v2", true, "bolder"]]);
    expect(await mg.domains.domainTemplates.destroyVersion(d, "order.shipped", "v1")).toMatchObject({ message: "version has been deleted", templateVersion: { tag: "v1" } });
    expect(await mg.domains.domainTemplates.destroy(d, "order.shipped")).toMatchObject({ message: "template has been deleted", templateName: "order.shipped" });
    await expect(mg.domains.domainTemplates.get(d, "order.shipped")).rejects.toMatchObject({ status: 404 });
    expect(await mg.domains.domainTemplates.destroyAll(d)).toMatchObject({ message: "templates have been deleted" });
  });
});
