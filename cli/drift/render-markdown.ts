import type { DriftReport } from "./report";
import { advice, CHANGE_LABELS, headline, rowsOf } from "./rows";

/** Inline code that survives any value: backticks fenced by a longer run, pipes escaped for GFM tables, newlines shown as \\n. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const padded = longest > 0 || text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, "\\|").replace(/\r?\n/g, "\\n")}${fence}`;
}

/** For a pull-request comment: a heading, one table row per difference, the changed side in bold. */
export function renderMarkdown(report: DriftReport): string {
  const lines = [`### Mailgun drift report: stack \`${report.stack}\``, "", headline(report)];
  if (report.inSync) return `${lines.join("\n")}\n`;
  lines.push("", "| Resource | Property | Program | State | Mailgun | `pulumi up` would |", "| --- | --- | --- | --- | --- | --- |");
  for (const r of rowsOf(report)) {
    const program = r.changed.program ? `**${code(r.program)}**` : code(r.program);
    const mailgun = r.changed.mailgun ? `**${code(r.mailgun)}**` : code(r.mailgun);
    lines.push(`| ${code(r.resource)} | ${code(r.property)} | ${program} | ${code(r.state)} | ${mailgun} | ${r.action} |`);
  }
  lines.push("");
  for (const r of report.resources) lines.push(`- ${code(`${r.type} ${r.name}`)}: ${CHANGE_LABELS[r.change]}`);
  for (const a of advice(report)) lines.push("", a.command ? `${a.text} ${code(a.command)}.` : a.text);
  lines.push("", "<sub>Program: what the code declares. State: what Pulumi recorded at the last update. Mailgun: what the API returns now. Made by <code>pulumi-mailgun drift</code>.</sub>");
  return `${lines.join("\n")}\n`;
}
