/**
 * `pulumi-mailgun generate`: reads an existing account and writes a Pulumi program that adopts
 * every object this package manages (docs/generate.md). Reads only: it never writes to Mailgun.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { MailgunClient } from "../../provider/client/client";
import { MailgunApiError, MailgunAuthError, MailgunConfigError, MailgunError } from "../../provider/client/errors";
import { type ConfigSource, DEFAULT_BASE_URLS, resolveConfig } from "../../provider/config";
import { CliError } from "../errors";
import { GENERATE_USAGE, parseGenerateOptions } from "./options";
import { renderProgram } from "./render";
import { readAccount } from "./snapshot";

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

function packageInfo(): { name: string; version: string; pulumiVersion: string } {
  const root = path.resolve(__dirname, "..", "..", "..");
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const pulumiRange: string = pkg.dependencies?.["@pulumi/pulumi"] ?? pkg.peerDependencies?.["@pulumi/pulumi"] ?? "3.0.0";
  return { name: pkg.name, version: pkg.version, pulumiVersion: pulumiRange.replace(/^[\^~>=<\s]+/, "") };
}

/** What the user can do about a failed read; the message never holds the key (the client scrubs it). */
function explain(e: unknown, hosts: string): CliError {
  if (e instanceof MailgunConfigError) return new CliError(e.message);
  if (e instanceof MailgunAuthError || (e instanceof MailgunApiError && (e.status === 401 || e.status === 403))) {
    return new CliError(`Mailgun refused the API key (${e.message})`, "Set MAILGUN_API_KEY to an account API key with read access (a domain sending key cannot list the account).");
  }
  if (e instanceof MailgunError) {
    return new CliError(`could not read the account: ${e.message}`, `Check that ${hosts} is reachable (MAILGUN_API_URL_US / MAILGUN_API_URL_EU), or try again later.`);
  }
  return e instanceof Error ? new CliError(`could not read the account: ${e.message}`) : new CliError(String(e));
}

/**
 * The stack's config, secrets decrypted, as the provider's `configure` receives it; kept in memory
 * only (the CLI's answer is never printed).
 */
function stackConfig(stack: string, cwd: string): ConfigSource {
  const r = spawnSync("pulumi", ["config", "--json", "--show-secrets", "--stack", stack, "--non-interactive"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.error) throw new CliError(`could not run pulumi (${r.error.message})`, "Install the Pulumi CLI or add it to PATH, or leave out --stack and set MAILGUN_API_KEY.");
  if (r.status !== 0) throw new CliError(`could not read the config of stack ${stack} in ${cwd}: ${(r.stderr ?? "").trim()}`, "Pass the project directory with --cwd, and the backend's environment (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE).");
  const values = JSON.parse(r.stdout) as Record<string, { value?: unknown }>;
  return { get: (key) => (typeof values[key]?.value === "string" ? (values[key].value as string) : undefined) };
}

export async function runGenerate(argv: string[], io: Io): Promise<number> {
  const o = parseGenerateOptions(argv);
  if (o.help) {
    io.stdout(`${GENERATE_USAGE}\n`);
    return 0;
  }
  let config;
  try {
    config = resolveConfig(o.stack === undefined ? undefined : stackConfig(o.stack, o.cwd), process.env);
  } catch (e) {
    throw explain(e, "");
  }
  if (!config.apiKey) {
    throw new CliError(
      o.stack === undefined ? "no API key: MAILGUN_API_KEY is not set" : `no API key: neither stack ${o.stack}'s mailgun:apiKey nor MAILGUN_API_KEY is set`,
      "Export MAILGUN_API_KEY (an account API key; it is only read, never written out), or pass --stack <a stack whose config holds mailgun:apiKey>.",
    );
  }
  if (fs.existsSync(o.out) && fs.readdirSync(o.out).length && !o.force) {
    throw new CliError(`${o.out} is not empty`, "Choose an empty or new directory, or pass --force to overwrite the generated files in it.");
  }
  const hosts = o.regions.map((r) => config.baseUrls[r]).join(" and ");
  io.stderr(`pulumi-mailgun generate: reading the account (${o.regions.join(", ")}${o.domains ? `; domains ${o.domains.join(", ")}` : ""}); nothing is changed at Mailgun\n`);
  // Silent client: its debug log (MAILGUN_DEBUG) still goes to stderr, scrubbed.
  const client = new MailgunClient(config);
  let snapshot;
  try {
    snapshot = await readAccount(client, { regions: o.regions, domains: o.domains }, (line) => io.stderr(`${line}\n`));
  } catch (e) {
    throw explain(e, hosts);
  } finally {
    await client.close();
  }
  const pkg = packageInfo();
  const generated = renderProgram(snapshot, {
    project: o.project, regions: o.regions, domains: o.domains, packageName: pkg.name, packageVersion: pkg.version, pulumiVersion: pkg.pulumiVersion,
    apiUrls: Object.fromEntries(o.regions.filter((r) => config.baseUrls[r] !== DEFAULT_BASE_URLS[r]).map((r) => [r, config.baseUrls[r]])),
  });
  fs.mkdirSync(o.out, { recursive: true });
  if (o.force) fs.rmSync(path.join(o.out, "templates"), { recursive: true, force: true });
  for (const [rel, text] of generated.files) {
    const file = path.join(o.out, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const total = [...generated.counts.values()].reduce((a, b) => a + b, 0);
  const kinds = [...generated.counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${n} ${k}`).join(", ");
  io.stderr(`wrote ${o.out}: ${total} resources${kinds ? ` (${kinds})` : ""}; ${generated.skipped.length} objects listed as comments; ${generated.secrets.length} secrets to set in config\n`);
  io.stdout(`${o.out}\n`);
  return 0;
}
