import type { ChangeKind, DriftReport, ResourceDrift } from "./report";
import { displayValue } from "./values";

/** The cells the table and Markdown renderers share: one row per differing property or per whole-resource change. */
export interface Row {
  resource: string;
  property: string;
  program: string;
  state: string;
  mailgun: string;
  action: string;
  /** Which of the three cells hold the difference, so a renderer can point at it. */
  changed: { program: boolean; mailgun: boolean };
}

export const CHANGE_LABELS: Record<ChangeKind, string> = {
  "changed-in-mailgun": "changed in Mailgun",
  "changed-in-program": "changed in the program, not applied yet",
  "deleted-in-mailgun": "deleted in Mailgun",
  "not-yet-created": "in the program, not created yet",
  "removed-from-program": "removed from the program, still exists",
};

function resourceLabel(r: ResourceDrift): string {
  return `${r.type} ${r.name}`;
}

function wholeResourceRow(r: ResourceDrift): Row {
  const mailgun = r.presence.mailgun === null ? "not checked" : r.presence.mailgun ? "exists" : "deleted";
  return {
    resource: resourceLabel(r),
    property: "(resource)",
    program: r.presence.program ? "declared" : "not declared",
    state: r.presence.state ? "recorded" : "none",
    mailgun,
    action: r.action,
    changed: { program: r.change === "not-yet-created" || r.change === "removed-from-program", mailgun: r.change === "deleted-in-mailgun" },
  };
}

export function rowsOf(report: DriftReport): Row[] {
  const rows: Row[] = [];
  for (const r of report.resources) {
    if (r.change === "changed-in-mailgun" || r.change === "changed-in-program") {
      if (r.properties.length === 0) {
        // The engine plans a change it does not detail, e.g. a new value of a secret input.
        rows.push({ resource: resourceLabel(r), property: "(not detailed)", program: "?", state: "?", mailgun: "?", action: r.action, changed: { program: true, mailgun: false } });
      }
      for (const p of r.properties) {
        rows.push({
          resource: resourceLabel(r),
          property: p.secret ? `${p.name} (secret)` : p.name,
          program: displayValue(p.program),
          state: displayValue(p.state),
          mailgun: displayValue(p.mailgun),
          action: r.action,
          changed: { program: p.origin !== "mailgun", mailgun: p.origin !== "program" },
        });
      }
    } else {
      rows.push(wholeResourceRow(r));
    }
  }
  return rows;
}

export function headline(report: DriftReport): string {
  const where = `stack ${report.stack} (project ${report.project})`;
  if (report.inSync) return `No drift in ${where}: the program, the state and Mailgun agree on all ${report.resourceCount} resources.`;
  const n = report.resources.length;
  return `${report.drifted ? "Drift" : "Pending changes"} in ${where}: ${n} of ${report.resourceCount} resources differ.`;
}

/** A piece of advice: words, then the command to run. */
export interface Advice {
  text: string;
  command?: string;
}

/** What to do next, in words that fit both a terminal and a pull-request comment. */
export function advice(report: DriftReport): Advice[] {
  if (report.inSync) return [];
  const out: Advice[] = [];
  const byMailgun = report.resources.filter((r) => r.change === "changed-in-mailgun" || r.change === "deleted-in-mailgun");
  if (byMailgun.length) {
    out.push({ text: "To put Mailgun back as the program declares, run", command: `pulumi up --refresh --stack ${report.stack}` });
    out.push({ text: "To keep a change made in Mailgun, change the program to match it, then run", command: `pulumi up --refresh --stack ${report.stack}` });
  }
  if (report.resources.length > byMailgun.length) out.push({ text: "To apply the program's changes, run", command: `pulumi up --stack ${report.stack}` });
  return out;
}
