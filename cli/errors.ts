/** A failure the user can fix: printed as the message plus a hint, exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = "CliError";
  }
}
