import { matchesDomain, parseGenerateOptions } from "../../cli/generate/options";
import { IdentifierAllocator, NameAllocator, sanitiseName } from "../../cli/generate/names";
import { carriesSecret } from "../../cli/generate/render";
import { CliError } from "../../cli/errors";

describe("generate: names", () => {
  test("sanitised from the natural key; collisions take -2, -3 in declaration order", () => {
    expect(sanitiseName("mg.example.com/webhook-hooks.example.com")).toBe("mg.example.com/webhook-hooks.example.com");
    expect(sanitiseName('route-us-match_recipient("a@b.com")')).toBe("route-us-match_recipient-a@b.com");
    const names = new NameAllocator();
    expect(["a b", "a-b", "A_B", "a b"].map((n) => names.take(n))).toEqual(["a-b", "a-b-2", "A_B", "a-b-3"]);
  });

  test("identifiers are camelCase, never reserved words or the program's own names, unique", () => {
    const ids = new IdentifierAllocator();
    expect(ids.take("mg.example.com")).toBe("mgExampleCom");
    expect(ids.take("mg-example.com")).toBe("mgExampleCom2");
    expect(ids.take("config")).toBe("config2");
    expect(ids.take("1st.example.com")).toBe("_1stExampleCom");
  });
});

describe("generate: options", () => {
  test("regions and domain lists", () => {
    const o = parseGenerateOptions(["--out", "x", "--region", "EU,us", "--domain", "a.com,*.b.com", "--domain", "c.com"]);
    expect(o.regions).toEqual(["us", "eu"]);
    expect(o.domains).toEqual(["a.com", "*.b.com", "c.com"]);
    expect(() => parseGenerateOptions(["--out", "x", "--region", "ap"])).toThrow(/unknown region "ap"/);
    expect(() => parseGenerateOptions(["--region", "us"])).toThrow(CliError);
  });

  test("globs match whole names, case-insensitively; dots are literal", () => {
    expect(matchesDomain("mg.b.com", ["*.b.com"])).toBe(true);
    expect(matchesDomain("MG.B.COM", ["mg.b.com"])).toBe(true);
    expect(matchesDomain("b.com", ["*.b.com"])).toBe(false);
    expect(matchesDomain("mgxb.com", ["mg.b.com"])).toBe(false);
    expect(matchesDomain("anything", undefined)).toBe(true);
  });
});

describe("generate: secrets", () => {
  test("a URL with a user, a password or a query string is read from config", () => {
    expect(carriesSecret("https://hooks.example.com/mailgun")).toBe(false);
    expect(carriesSecret("https://hooks.example.com/mailgun?token=x")).toBe(true);
    expect(carriesSecret("https://user:pw@hooks.example.com/")).toBe(true);
    expect(carriesSecret("not a url")).toBe(false);
  });
});
