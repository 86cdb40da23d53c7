import {
  ApiKeyCreateResponseSchema,
  DomainWithRecordsSchema,
  RouteUpdateResponseSchema,
  TrackingResponseSchema,
  WebhookMapSchema,
  WebhookResponseSchema,
} from "../../provider/client/schemas";

describe("response schemas", () => {
  it("keep fields Mailgun adds and read null optionals as absent", () => {
    const r = DomainWithRecordsSchema.parse({
      domain: { name: "mg.x.com", state: "unverified", wildcard: "no", tracking_host: null, brand_new_field: 1 },
      sending_dns_records: [{ record_type: "TXT", name: "mg.x.com", value: "v=spf1", valid: "unknown", cached: null }],
      receiving_dns_records: [{ record_type: "MX", value: "mxa.mailgun.org", priority: 10, valid: "unknown", is_active: "true" }],
    });
    expect(r.domain.wildcard).toBe(false);
    expect(r.domain.tracking_host).toBeUndefined();
    expect((r.domain as Record<string, unknown>).brand_new_field).toBe(1);
    expect(r.sending_dns_records[0].cached).toEqual([]);
    expect(r.receiving_dns_records[0]).toMatchObject({ priority: "10", is_active: true });
  });

  it("accept missing record lists", () => {
    expect(DomainWithRecordsSchema.parse({ domain: { name: "a", state: "active" } }).sending_dns_records).toEqual([]);
  });

  it("read tracking booleans from yes/no strings and keep htmlonly", () => {
    const t = TrackingResponseSchema.parse({
      tracking: { open: { active: "yes" }, click: { active: "htmlonly" }, unsubscribe: { active: false, html_footer: "<p/>" } },
    }).tracking;
    expect(t.open.active).toBe(true);
    expect(t.click.active).toBe("htmlonly");
    expect(t.unsubscribe.active).toBe(false);
  });

  it("accept the flat route update body and the documented nested one", () => {
    const route = { id: "r1", priority: "5", description: null, expression: "catch_all()", actions: ["stop()"] };
    expect(RouteUpdateResponseSchema.parse({ message: "Route has been updated", ...route })).toMatchObject({ id: "r1", priority: 5, description: "" });
    expect(RouteUpdateResponseSchema.parse({ route })).toMatchObject({ id: "r1" });
  });

  it("accept the nested and the flat key create body", () => {
    const key = { id: "aaaa-bbbb", kind: "domain", role: "sending", secret: "s" };
    expect(ApiKeyCreateResponseSchema.parse({ message: "great success", key })).toMatchObject({ id: "aaaa-bbbb", secret: "s" });
    expect(ApiKeyCreateResponseSchema.parse(key)).toMatchObject({ secret: "s" });
  });

  it("map v3 webhooks, including the legacy single url and no webhooks at all", () => {
    expect(WebhookMapSchema.parse({ webhooks: { delivered: { urls: ["https://a"] }, opened: { url: "https://b" } } }))
      .toEqual({ delivered: ["https://a"], opened: ["https://b"] });
    expect(WebhookMapSchema.parse({ webhooks: {} })).toEqual({});
    expect(WebhookMapSchema.parse({})).toEqual({});
    expect(WebhookResponseSchema.parse({ message: "Webhook has been created", webhook: { urls: ["https://a"] } })).toEqual(["https://a"]);
  });
});
