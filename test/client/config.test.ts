import { parseBaseUrl, parseRegion, resolveConfig, type ConfigSource } from "../../provider/config";
import { MailgunConfigError } from "../../provider/client/errors";
import { unknownSettingWarnings } from "../../provider/unknown-settings";

const cfg = (values: Record<string, string>): ConfigSource => ({ get: (k) => values[k] });

function configError(fn: () => unknown): MailgunConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MailgunConfigError);
    return e as MailgunConfigError;
  }
  throw new Error("expected a MailgunConfigError");
}

describe("resolveConfig", () => {
  it("has the documented defaults", () => {
    expect(resolveConfig(undefined, {})).toEqual({
      apiKey: undefined,
      defaultRegion: "us",
      baseUrls: { us: "https://api.mailgun.net", eu: "https://api.eu.mailgun.net" },
      maxRetries: 8,
      retryBudgetMs: 120_000,
      consistencyBudgetMs: 30_000,
      requestTimeoutMs: 30_000,
      maxConcurrency: 8,
    });
  });

  it("reads the environment and lets Pulumi config win over it", () => {
    const env = { MAILGUN_API_KEY: "env-key", MAILGUN_REGION: "EU", MAILGUN_MAX_RETRIES: "3", MAILGUN_API_URL_EU: "http://127.0.0.1:4010/" };
    const fromEnv = resolveConfig(undefined, env);
    expect(fromEnv).toMatchObject({ apiKey: "env-key", defaultRegion: "eu", maxRetries: 3 });
    expect(fromEnv.baseUrls.eu).toBe("http://127.0.0.1:4010");
    const both = resolveConfig(cfg({ "mailgun:apiKey": "cfg-key", "mailgun:region": "us", "mailgun:maxConcurrency": "2" }), env);
    expect(both).toMatchObject({ apiKey: "cfg-key", defaultRegion: "us", maxRetries: 3, maxConcurrency: 2 });
  });

  it("treats empty values as unset", () => {
    expect(resolveConfig(cfg({ "mailgun:region": "" }), { MAILGUN_REGION: " " }).defaultRegion).toBe("us");
  });

  it("rejects a bad region naming the key and the allowed values, never falling back to us", () => {
    expect(configError(() => resolveConfig(cfg({ "mailgun:region": "europe" }), {})).message)
      .toBe('mailgun:region: invalid region "europe"; allowed values are "us" and "eu"');
    expect(configError(() => resolveConfig(undefined, { MAILGUN_REGION: "us-east" })).message).toMatch(/^MAILGUN_REGION: invalid region "us-east"/);
  });

  it("reads mailgun:domainDeleteTimeoutSeconds (seconds, fractions allowed) and rejects anything else", () => {
    expect(resolveConfig(undefined, {}).domainDeleteTimeoutSeconds).toBeUndefined();
    expect(resolveConfig(cfg({ "mailgun:domainDeleteTimeoutSeconds": "0.5" }), {}).domainDeleteTimeoutSeconds).toBe(0.5);
    expect(configError(() => resolveConfig(undefined, { MAILGUN_DOMAIN_DELETE_TIMEOUT_SECONDS: "-1" })).message)
      .toBe('MAILGUN_DOMAIN_DELETE_TIMEOUT_SECONDS: expected a number of seconds of 0 or more, got "-1"');
  });

  it("rejects bad numbers naming the key", () => {
    expect(configError(() => resolveConfig(cfg({ "mailgun:retryBudgetMs": "2m" }), {})).message).toMatch(/^mailgun:retryBudgetMs: expected a whole number/);
    expect(configError(() => resolveConfig(undefined, { MAILGUN_MAX_CONCURRENCY: "0" })).message).toMatch(/^MAILGUN_MAX_CONCURRENCY: expected a whole number of at least 1/);
  });
});

describe("parseRegion", () => {
  it("accepts us/eu in any case", () => {
    expect(parseRegion("US", "x")).toBe("us");
    expect(parseRegion(" Eu ", "x")).toBe("eu");
  });
});

describe("base URLs", () => {
  it("accept https hosts and http only on loopback", () => {
    expect(parseBaseUrl("https://api.eu.mailgun.net/", "k")).toBe("https://api.eu.mailgun.net");
    expect(parseBaseUrl("http://127.0.0.1:8080", "k")).toBe("http://127.0.0.1:8080");
    expect(parseBaseUrl("http://127.45.0.9:1", "k")).toBe("http://127.45.0.9:1");
    expect(parseBaseUrl("http://localhost:3000", "k")).toBe("http://localhost:3000");
    expect(parseBaseUrl("http://[::1]:3000", "k")).toBe("http://[::1]:3000");
  });

  it("refuse plain http to anything but loopback", () => {
    for (const url of ["http://api.mailgun.net", "http://10.0.0.5:8080", "http://128.0.0.1", "http://127.0.0.1.evil.com"]) {
      expect(configError(() => resolveConfig(cfg({ "mailgun:apiUrlUs": url }), {})).message)
        .toMatch(/^mailgun:apiUrlUs: plain http is only allowed for loopback addresses \(127\.0\.0\.0\/8, localhost, \[::1\]\)/);
    }
  });

  it("refuse a version path with the host-only advice", () => {
    const e = configError(() => resolveConfig(undefined, { MAILGUN_API_URL_EU: "https://api.eu.mailgun.net/v3" }));
    expect(e.message).toBe('MAILGUN_API_URL_EU: "https://api.eu.mailgun.net/v3" contains a version path (/v3); use the host only, e.g. https://api.eu.mailgun.net');
    expect(configError(() => parseBaseUrl("http://127.0.0.1:9/proxy/v4/", "k")).message).toMatch(/use the host only/);
  });

  it("refuse credentials, queries and non-URLs", () => {
    expect(configError(() => parseBaseUrl("https://api:key@api.mailgun.net", "k")).message).toMatch(/must not contain credentials/);
    expect(configError(() => parseBaseUrl("https://api.mailgun.net?x=1", "k")).message).toMatch(/query/);
    expect(configError(() => parseBaseUrl("api.mailgun.net", "k")).message).toMatch(/is not a URL; use the host only/);
    expect(configError(() => parseBaseUrl("ftp://api.mailgun.net", "k")).message).toMatch(/unsupported scheme/);
  });

  it("keep a non-version path prefix (reverse proxy)", () => {
    expect(parseBaseUrl("https://proxy.example.com/mailgun/", "k")).toBe("https://proxy.example.com/mailgun");
  });
});

describe("unknown mailgun:* keys", () => {
  it("get one warning each naming the closest known key; other namespaces and known keys none", () => {
    expect(unknownSettingWarnings(["mailgun:apiUrlUS", "mailgun:apiKey", "fixture:resources", "mailgun:maxRetry"])).toEqual([
      "mailgun:apiUrlUS is not a pulumi-mailgun setting and is ignored; did you mean mailgun:apiUrlUs?",
      "mailgun:maxRetry is not a pulumi-mailgun setting and is ignored; did you mean mailgun:maxRetries?",
    ]);
  });
});
