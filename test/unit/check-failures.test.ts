import { withoutUrlPaths } from "../../provider/resources/route-syntax";
import { declareOwner, managedElsewhere, markReplacing } from "../../provider/resources/ownership";
import { failureFor, maskValue } from "../../provider/resources/validation";
import { declareSubscription, describeUrl } from "../../provider/resources/webhook-slots";

describe("check failures never carry secrets", () => {
  test("a sensitive field's failure names no property and masks every quoted fragment of the value", () => {
    const f = failureFor("Webhook", ["url"], 'bad "https://x.example.com/abc" here: "abc"', { url: "https://x.example.com/abcdef" }, { sensitive: ["url"] });
    expect(f).toEqual({ property: "", reason: 'Webhook: [url] bad "[secret]" here: "[secret]"' });
  });

  test("a plain top-level field keeps its property; list items do not (the engine prints {<nil>} for them)", () => {
    expect(failureFor("Route", ["priority"], "m", {}).property).toBe("priority");
    expect(failureFor("Route", ["actions", 1], "m", {})).toEqual({ property: "", reason: "Route: [actions.1] m" });
  });

  test("maskValue masks the value wherever it appears, in nested values too", () => {
    expect(maskValue("got s3cr3t-t0ken-1 and xs3cr3t-t0ken-1x", { a: ["s3cr3t-t0ken-1"] })).toBe("got [secret] and x[secret]x");
    expect(maskValue('got "abcd" and xabcdx', { a: ["abcd"] })).toBe('got "[secret]" and xabcdx');
    // Issue 20 item 8: a short value that is a word of the message itself masks nothing of it.
    expect(maskValue("url must be an absolute http:// or https:// URL, e.g. https://example.com/hooks/mailgun", "https://")).toBe("url must be an absolute http:// or https:// URL, e.g. https://example.com/hooks/mailgun");
    expect(maskValue("nothing to hide", undefined)).toBe("nothing to hide");
  });

  test("URLs in route messages keep only their origin", () => {
    expect(withoutUrlPaths('forward("https://h.example.com/p/t0ken?x=1")')).toBe('forward("https://h.example.com/…")');
    expect(withoutUrlPaths("https://h.example.com")).toBe("https://h.example.com");
    expect(describeUrl("https://h.example.com/t0ken")).toBe("https://h.example.com/…");
  });
});

describe("what the resources of a run declare", () => {
  test("more than 3 URLs on one event are refused, naming the resources; a resource checked twice counts once", () => {
    const d = (url: string) => ({ region: "us" as const, domain: "slots.example.com", url, events: ["opened"] });
    for (const n of ["a", "b", "c"]) expect(declareSubscription(d(`https://${n}.example.com/`), n)).toBeUndefined();
    expect(declareSubscription(d("https://c.example.com/"), "c")).toBeUndefined();
    expect(declareSubscription(d("https://d.example.com/"), "d")).toMatch(/would get 4 URLs .*"a", "b", "c" and this one \("d"\)/);
    expect(declareSubscription(d("https://a.example.com/"), "a2")).toMatch(/Webhooks "a", "a2" both subscribe the same URL/);
  });

  test("a delete is skipped when another resource declares the object, unless it is a replacement", () => {
    declareOwner("Domain", "own.example.com", "renamed");
    expect(managedElsewhere("Domain", "own.example.com", "own.example.com")).toBe('Domain "renamed"');
    expect(managedElsewhere("Domain", "other.example.com", "other.example.com")).toBeUndefined();
    markReplacing("Domain", "own.example.com");
    expect(managedElsewhere("Domain", "own.example.com", "own.example.com")).toBeUndefined();
  });
});
