import * as path from "node:path";
import { parseArgs } from "node:util";
import { REGIONS, type Region } from "../../provider/config";
import { CliError } from "../errors";

export interface GenerateOptions {
  out: string;
  regions: Region[];
  /** Names or globs (`*` matches any run of characters); undefined: every domain. */
  domains?: string[];
  project: string;
  force: boolean;
  help: boolean;
  /** Read the provider settings from this stack's config (as `pulumi up` would) instead of the environment alone. */
  stack?: string;
  cwd: string;
}

export const GENERATE_USAGE = `usage: pulumi-mailgun generate --out <dir> [--region us,eu] [--domain <name|glob>[,...]] [--project <name>] [--force]

Reads an existing Mailgun account and writes a TypeScript Pulumi program declaring every object
this package can manage, each with adopt: true, so that \`pulumi up\` takes them over without
changing anything at Mailgun. Only reads: nothing is written to Mailgun.

  --out <dir>            where to write the program (index.ts, Pulumi.yaml, package.json, tsconfig.json, README.md, templates/)
  --region <list>        us, eu or us,eu (default: both)
  --domain <list>        only these domains: comma-separated names or globs (*.example.com); routes, account
                         webhooks, the IP allowlist and account keys are then left out
  --project <name>       the Pulumi project name written to Pulumi.yaml (default: mailgun-account)
  --force                write into a directory that already has files (generated files are overwritten)
  --stack <name>         take the key and hosts from this stack's config (mailgun:apiKey, mailgun:apiUrlUs, ...),
                         as the provider does; needs the pulumi CLI and the backend's environment
  --cwd <dir>            the Pulumi project of --stack (default: .)
  -h, --help             this help

Without --stack, credentials as the provider reads them from the environment: MAILGUN_API_KEY, and MAILGUN_API_URL_US / MAILGUN_API_URL_EU for
other hosts (an emulator, a proxy); MAILGUN_MAX_CONCURRENCY and the other MAILGUN_* settings apply too.
Progress goes to stderr. Exit code: 0 written, 1 error.`;

/** Whether `name` is one of `patterns` (globs with `*`); no patterns: everything matches. */
export function matchesDomain(name: string, patterns: string[] | undefined): boolean {
  if (patterns === undefined) return true;
  const n = name.toLowerCase();
  return patterns.some((p) => {
    const re = new RegExp(`^${p.toLowerCase().split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
    return re.test(n);
  });
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

export function parseGenerateOptions(argv: string[]): GenerateOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: "string", short: "o" },
        region: { type: "string" },
        domain: { type: "string", multiple: true },
        project: { type: "string", default: "mailgun-account" },
        force: { type: "boolean", default: false },
        stack: { type: "string", short: "s" },
        cwd: { type: "string", default: "." },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliError((e as Error).message, GENERATE_USAGE);
  }
  const help = values.help as boolean;
  if (!help && (values.out === undefined || values.out.trim() === "")) throw new CliError("--out <dir> is required: the directory to write the program to", GENERATE_USAGE);
  const regions = list(values.region as string | undefined) ?? [...REGIONS];
  for (const r of regions) {
    if (!REGIONS.includes(r.toLowerCase() as Region)) throw new CliError(`--region: unknown region "${r}"; use us, eu or us,eu`);
  }
  const domainArgs = values.domain as string[] | undefined;
  const domains = domainArgs === undefined ? undefined : domainArgs.flatMap((d) => list(d) ?? []);
  if (domains !== undefined && domains.length === 0) throw new CliError("--domain needs at least one name or glob, e.g. --domain example.com or --domain '*.example.com'");
  const project = values.project as string;
  if (!/^[A-Za-z0-9_.-]+$/.test(project)) throw new CliError(`--project: "${project}" is not a valid Pulumi project name (letters, digits, _, . and -)`);
  return {
    out: path.resolve(values.out ?? "."),
    regions: [...new Set(regions.map((r) => r.toLowerCase() as Region))].sort((a, b) => REGIONS.indexOf(a) - REGIONS.indexOf(b)),
    domains,
    project,
    force: values.force as boolean,
    help,
    stack: values.stack as string | undefined,
    cwd: path.resolve(values.cwd as string),
  };
}
