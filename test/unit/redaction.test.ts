import { defaultLogger, makeRedactor } from "../../provider/client/log";

describe("makeRedactor", () => {
  const key = "0123456789abcdef0123456789abcdef-01234567-89abcdef";
  const r = makeRedactor([key, "hunter22", undefined, "ab"]);
  it("replaces known secret values", () => {
    expect(r(`key ${key} and hunter22`)).toBe("key *** and ***");
  });
  it("scrubs password and secret fields in form and JSON text", () => {
    expect(r("login=a&password=s3cr3t&x=1")).toBe("login=a&password=***&x=1");
    expect(r('{"secret":"abc-def","id":"1","smtp_password":"p\\"q"}')).toBe('{"secret":"***","id":"1","smtp_password":"***"}');
    expect(r("Authorization: Basic YXBpOmtleQ==")).toBe("Authorization: Basic ***");
  });
  it("leaves very short values alone (they would shred ordinary text)", () => {
    expect(r("ab cd")).toBe("ab cd");
  });
});

describe("defaultLogger", () => {
  it("writes to stderr only when MAILGUN_DEBUG is set", () => {
    const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      defaultLogger({})("quiet");
      defaultLogger({ MAILGUN_DEBUG: "0" })("quiet");
      expect(spy).not.toHaveBeenCalled();
      defaultLogger({ MAILGUN_DEBUG: "1" })("loud");
      expect(spy).toHaveBeenCalledWith("loud\n");
    } finally {
      spy.mockRestore();
    }
  });
});
