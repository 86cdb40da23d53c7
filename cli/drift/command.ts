import { DRIFT_USAGE, Format, parseDriftOptions } from "./options";
import { checkPrerequisites } from "./preflight";
import { refreshPreview } from "./refresh-preview";
import { buildDriftReport, DriftReport } from "./report";
import { renderJson } from "./render-json";
import { renderMarkdown } from "./render-markdown";
import { renderTable } from "./render-table";

export const EXIT_IN_SYNC = 0;
export const EXIT_ERROR = 1;
export const EXIT_DIFFERENT = 2;

const RENDERERS: Record<Format, (report: DriftReport) => string> = { table: renderTable, json: renderJson, markdown: renderMarkdown };

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** `pulumi-mailgun drift`: returns the exit code; throws CliError for problems the user can fix. */
export async function runDrift(argv: string[], io: Io): Promise<number> {
  const options = parseDriftOptions(argv);
  if (options.help) {
    io.stdout(`${DRIFT_USAGE}\n`);
    return EXIT_IN_SYNC;
  }
  checkPrerequisites(options);
  io.stderr(`pulumi-mailgun drift: refreshing ${options.stack ? `stack ${options.stack}` : "the selected stack"} in preview mode (nothing is changed)\n`);
  const preview = await refreshPreview(options);
  const report = buildDriftReport(preview.events, preview);
  io.stdout(RENDERERS[options.format](report));
  return report.inSync ? EXIT_IN_SYNC : EXIT_DIFFERENT;
}
