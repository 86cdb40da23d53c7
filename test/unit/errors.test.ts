import {
  fromResponse,
  isNotFound,
  MailgunApiError,
  MailgunAuthError,
  MailgunError,
  MailgunNotFoundError,
  MailgunRetryBudgetError,
  MailgunServerError,
} from "../../provider/client/errors";

const ident = { method: "GET", path: "/v3/routes/abc", region: "us" as const };

describe("error hierarchy", () => {
  it("picks the class by status", () => {
    const e = fromResponse({ ...ident, status: 503, bodyText: '{"message":"Internal server error"}' });
    expect(e).toBeInstanceOf(MailgunServerError);
    expect(e).toBeInstanceOf(MailgunApiError);
    expect(e).toBeInstanceOf(MailgunError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(MailgunNotFoundError);
    expect(e.code).toBe("MAILGUN_SERVER_ERROR");
    expect(e.name).toBe("MailgunServerError");
  });

  it("recognises an error from another loaded copy of the module by its brand", () => {
    jest.isolateModules(() => {
      const other = require("../../provider/client/errors") as typeof import("../../provider/client/errors");
      expect(other.MailgunNotFoundError).not.toBe(MailgunNotFoundError);
      const e = other.fromResponse({ ...ident, status: 404, bodyText: '{"message":"Route not found"}' });
      expect(e instanceof MailgunNotFoundError).toBe(true);
      expect(e instanceof MailgunAuthError).toBe(false);
      expect(isNotFound(e)).toBe(true);
    });
  });

  it("isNotFound sees through an exhausted budget", () => {
    const nf = fromResponse({ ...ident, status: 404, bodyText: '{"message":"Route not found"}' });
    const wrapped = new MailgunRetryBudgetError({ ...ident, attempts: 3, elapsedMs: 1000, lastError: nf, reason: "r", setting: "s" });
    expect(isNotFound(wrapped)).toBe(true);
    expect(isNotFound(new Error("404"))).toBe(false);
  });
});
