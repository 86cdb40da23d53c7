/**
 * Lines for the person running Pulumi: progress under a rate limit, waits for Mailgun to show a
 * write, and with MAILGUN_DEBUG every call. The CLI shows a dynamic provider's stderr as
 * diagnostics, but a plugin's stderr only under `--debug`, so the plugin sends its lines to the
 * engine's log instead (plugin/engine-log.ts).
 */
export type LineSink = (line: string) => void;

const toStderr: LineSink = (line) => {
  process.stderr.write(`${line}\n`);
};

let sink: LineSink = toStderr;

export function showLine(line: string): void {
  sink(line);
}

/** Where lines go from now on; none given: stderr again. */
export function sendLinesTo(next: LineSink | undefined): void {
  sink = next ?? toStderr;
}
