import type { DriftReport } from "../../cli/drift/report";
import { renderMarkdown } from "../../cli/drift/render-markdown";
import { renderTable } from "../../cli/drift/render-table";
import { displayValue, redact, truncate } from "../../cli/drift/values";

/** A report whose values are hostile to Markdown tables: pipes, backticks, newlines. */
const report: DriftReport = {
  project: "p",
  stack: "prod",
  inSync: false,
  drifted: true,
  resourceCount: 1,
  resources: [
    {
      urn: "urn:pulumi:prod::p::pulumi-nodejs:dynamic/mailgun:Route::r",
      name: "r",
      type: "Route",
      id: "1",
      change: "changed-in-mailgun",
      action: "update",
      presence: { program: true, state: true, mailgun: true },
      properties: [{ name: "description", program: "a | b", state: "a | b", mailgun: "uses `code`\nand a newline", origin: "mailgun" }],
    },
  ],
};

describe("drift report rendering", () => {
  test("Markdown cells keep pipes, backticks and newlines from breaking the table", () => {
    const row = renderMarkdown(report).split("\n").find((l) => l.startsWith("| `Route r`"));
    expect(row).toBe("| `Route r` | `description` | `a \\| b` | `a \\| b` | **`` uses `code`\\nand a newline ``** | update |");
  });

  test("the table keeps one line per row whatever the values hold", () => {
    const lines = renderTable(report).split("\n");
    expect(lines.find((l) => l.startsWith("Route r "))).toMatch(/^Route r\s+description\s+a \| b\s+a \| b\s+uses `code`\\nand a newline\s+update$/);
    expect(lines.some((l) => l.startsWith("and a newline"))).toBe(false);
  });

  test("values: secrets and unknowns are named, lists are readable, long text loses its middle", () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
    expect(redact({ a: secret, b: ["x", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"] })).toEqual({ a: "[secret]", b: ["x", "(known after up)"] });
    expect(displayValue(["permanent_fail", "temporary_fail"])).toBe("[permanent_fail, temporary_fail]");
    expect(displayValue("")).toBe('""');
    expect(displayValue(undefined)).toBe("-");
    expect(displayValue({ b: 1 })).toBe('{"b":1}');
    expect(truncate("abcdefghij", 5)).toBe("ab…ij");
    expect(truncate("abcde", 5)).toBe("abcde");
  });
});
