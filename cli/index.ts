#!/usr/bin/env node
/**
 * `pulumi-mailgun`: the package's command line. `drift` is the GitOps check that reports what
 * differs between the program, the state and Mailgun; `recover` finishes what a killed
 * `pulumi up` left pending (docs/crash-recovery.md); `generate` writes a program adopting an
 * existing account's objects (docs/generate.md).
 */
import "./node-guard";
import { CliError } from "./errors";
import { EXIT_ERROR, runDrift } from "./drift/command";
import { RecoverError, runRecover } from "./recover/command";
import { runGenerate } from "./generate/command";

const USAGE = `usage: pulumi-mailgun <command> [options]

Commands:
  drift    report what differs between the program, the stack's state and Mailgun (exit 0 in sync, 2 differences, 1 error)
  recover  after an interrupted pulumi up/destroy: settle its pending operations so the next run neither duplicates nor orphans
  generate read an existing account and write a Pulumi program that adopts every object in it (docs/generate.md)

Run pulumi-mailgun <command> --help for its options.`;

const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new CliError("no command given", USAGE);
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (command === "drift") return runDrift(rest, io);
  if (command === "generate") return runGenerate(rest, io);
  if (command === "recover") {
    try {
      return await runRecover(rest, io);
    } catch (error) {
      if (error instanceof RecoverError) throw new CliError(`recover: ${error.message}`);
      throw error;
    }
  }
  throw new CliError(`unknown command "${command}"`, USAGE);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      io.stderr(`pulumi-mailgun: ${error.message}\n${error.hint ? `${error.hint}\n` : ""}`);
    } else {
      io.stderr(`pulumi-mailgun: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = EXIT_ERROR;
  },
);
