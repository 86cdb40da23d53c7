import { encodeForm, encodeQuery, path } from "../../provider/client/encoding";
import { MailgunError } from "../../provider/client/errors";

describe("path", () => {
  it("percent-encodes each segment", () => {
    expect(path`/v3/domains/${"mg.example.com"}/credentials/${"a b@mg.example.com"}`).toBe("/v3/domains/mg.example.com/credentials/a%20b%40mg.example.com");
    expect(path`/v3/routes/${"../v4/x"}`).toBe("/v3/routes/..%2Fv4%2Fx");
  });
  it("refuses an empty segment instead of calling another endpoint", () => {
    expect(() => path`/v3/domains/${""}/webhooks`).toThrow(MailgunError);
  });
});

describe("encodeForm", () => {
  it("repeats list fields, writes booleans as true/false and skips undefined", () => {
    expect(encodeForm({ priority: 0, description: "a b", action: ['forward("x@y.com")', "stop()"], wildcard: false, skip: undefined }))
      .toBe("priority=0&description=a+b&action=forward%28%22x%40y.com%22%29&action=stop%28%29&wildcard=false");
  });
  it("round-trips through URLSearchParams", () => {
    const p = new URLSearchParams(encodeForm({ url: ["https://a/x?y=1&z", "https://b"], id: "delivered" }));
    expect(p.getAll("url")).toEqual(["https://a/x?y=1&z", "https://b"]);
    expect(p.get("id")).toBe("delivered");
  });
});

describe("encodeQuery", () => {
  it("is empty without values", () => {
    expect(encodeQuery(undefined)).toBe("");
    expect(encodeQuery({ a: undefined })).toBe("");
  });
  it("joins values", () => {
    expect(encodeQuery({ url: "https://a,https://b", kind: "domain" })).toBe("?url=https%3A%2F%2Fa%2Chttps%3A%2F%2Fb&kind=domain");
  });
});
