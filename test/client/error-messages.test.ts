import { fromResponse, MailgunAuthError, MailgunBadRequestError, MailgunConflictError, MailgunNotFoundError } from "../../provider/client/errors";

const get = { method: "GET", region: "eu" as const };

describe("error message extraction from each body shape", () => {
  it.each([
    ["message", '{"message":"Route not found"}', "Route not found"],
    ["Message", '{"Message":"Something failed"}', "Something failed"],
    ["Reason", '{"Reason":"https://x/ is not a valid url: host not found"}', "https://x/ is not a valid url: host not found"],
    ["Description", '{"Description":"webhook not found"}', "webhook not found"],
    ["error", '{"error":"not found"}', "not found"],
    ["Field/Value", '{"Field":"event_types","Value":"duplicate event types: \'accepted\'"}', "invalid event_types: duplicate event types: 'accepted'"],
    ["plain text", "Forbidden", "Forbidden"],
    ["empty", "", "(empty body)"],
  ])("reads %s", (_shape, body, text) => {
    const e = fromResponse({ ...get, path: "/v3/routes/r1", status: 400, bodyText: body });
    expect(e.mailgunMessage).toBe(text);
    expect(e.message).toBe(`GET /v3/routes/r1 in region eu: 400 ${text}`);
  });

  it("prefers message over the other keys", () => {
    expect(fromResponse({ ...get, path: "/x", status: 400, bodyText: '{"Reason":"b","message":"a"}' }).mailgunMessage).toBe("a");
  });

  it("turns an HTML 404 page into a wrong-URL message, without the region hint", () => {
    const e = fromResponse({
      ...get,
      path: "/v4/domains/mg.x.com",
      status: 404,
      contentType: "text/html; charset=utf-8",
      bodyText: "<!DOCTYPE html><html><title>404 Not Found</title></html>",
    });
    expect(e).toBeInstanceOf(MailgunNotFoundError);
    expect(e.message).toBe("GET /v4/domains/mg.x.com in region eu: 404 endpoint not found (check the API URL)");
  });

  it("adds the region hint to a domain-scoped 404", () => {
    const e = fromResponse({ ...get, path: "/v4/domains/mg.x.com", status: 404, bodyText: '{"message":"Domain not found"}' });
    expect(e.message).toBe(
      "GET /v4/domains/mg.x.com in region eu: 404 Domain not found; domain mg.x.com not found in region eu; it may exist in us (check the region)",
    );
    const child = fromResponse({ method: "PUT", region: "us", path: "/v3/domains/mg.y.com/tracking/open", status: 404, bodyText: '{"message":"Domain not found"}' });
    expect(child.message).toMatch(/domain mg\.y\.com not found in region us; it may exist in eu \(check the region\)$/);
  });

  it("does not blame the region for a missing child of an existing domain", () => {
    const e = fromResponse({ ...get, path: "/v3/domains/mg.x.com/credentials/bob", status: 404, bodyText: '{"message":"Credentials not found"}' });
    expect(e.message).toBe("GET /v3/domains/mg.x.com/credentials/bob in region eu: 404 Credentials not found");
  });

  it("explains a 401 and classifies 400/409", () => {
    const e = fromResponse({ ...get, path: "/v3/routes", status: 401, bodyText: "Forbidden", contentType: "text/plain" });
    expect(e).toBeInstanceOf(MailgunAuthError);
    expect(e.message).toMatch(/401 Forbidden; check the API key \(mailgun:apiKey or MAILGUN_API_KEY\)/);
    expect(fromResponse({ ...get, path: "/x", status: 400, bodyText: "{}" })).toBeInstanceOf(MailgunBadRequestError);
    expect(fromResponse({ ...get, path: "/x", status: 409, bodyText: "{}" })).toBeInstanceOf(MailgunConflictError);
  });

  it("truncates a huge body", () => {
    const e = fromResponse({ ...get, path: "/x", status: 500, bodyText: "x".repeat(5000) });
    expect(e.mailgunMessage.length).toBeLessThan(510);
  });
});
