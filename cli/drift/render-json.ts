import type { DriftReport } from "./report";

/** The report as it is (values already redacted), for scripts. */
export function renderJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
