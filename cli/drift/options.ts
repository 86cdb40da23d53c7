import * as path from "node:path";
import { parseArgs } from "node:util";
import { CliError } from "../errors";

export const FORMATS = ["table", "json", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface DriftOptions {
  /** Undefined: the stack currently selected in the project. */
  stack?: string;
  cwd: string;
  format: Format;
  help: boolean;
}

export const DRIFT_USAGE = `usage: pulumi-mailgun drift [--stack <name>] [--cwd <dir>] [--format table|json|markdown]

Compares what the program declares, what the stack's state recorded and what Mailgun has now
(pulumi preview --refresh, which changes nothing) and reports each resource and property that differs.

  --stack <name>         the stack to check (default: the project's selected stack)
  --cwd <dir>            the Pulumi project directory, holding Pulumi.yaml (default: .)
  --format <format>      table (default), json, or markdown (for a pull-request comment)
  -h, --help             this help

Exit code: 0 in sync, 2 differences found, 1 error.
Needs the pulumi CLI on PATH and the backend's usual environment (PULUMI_BACKEND_URL or pulumi login,
PULUMI_CONFIG_PASSPHRASE for passphrase stacks).`;

export function parseDriftOptions(argv: string[]): DriftOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string", short: "s" },
        cwd: { type: "string", default: "." },
        format: { type: "string", default: "table" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliError((e as Error).message, DRIFT_USAGE);
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new CliError(`--format must be one of ${FORMATS.join(", ")} (got "${values.format}")`);
  if (values.stack !== undefined && values.stack.trim() === "") throw new CliError("--stack needs a stack name");
  return {
    stack: values.stack,
    cwd: path.resolve(values.cwd as string),
    format,
    help: values.help as boolean,
  };
}
