import type { DriftReport } from "./report";
import { advice, CHANGE_LABELS, headline, rowsOf } from "./rows";
import { truncate } from "./values";

/** Cells are cut to this length so a row fits a terminal; --format json has the full values. */
const MAX_CELL = 40;

export function renderTable(report: DriftReport): string {
  const lines = [headline(report)];
  if (report.inSync) return `${lines[0]}\n`;
  const headers = ["RESOURCE", "PROPERTY", "PROGRAM", "STATE", "MAILGUN", "UP WOULD"];
  // A newline inside a value would split its row: it is shown as \n.
  const cells = rowsOf(report).map((r) => [r.resource, r.property, r.program, r.state, r.mailgun, r.action].map((c) => truncate(c.replace(/\r?\n/g, "\\n"), MAX_CELL)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  lines.push("", line(headers), ...cells.map(line), "");
  lines.push("PROGRAM: what the code declares. STATE: what Pulumi recorded at the last update. MAILGUN: what the API returns now.", "");
  for (const r of report.resources) lines.push(`${r.type} ${r.name}: ${CHANGE_LABELS[r.change]}`);
  lines.push("", ...advice(report).map((a) => (a.command ? `${a.text}: ${a.command}` : a.text)));
  return `${lines.join("\n")}\n`;
}
