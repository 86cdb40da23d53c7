#!/usr/bin/env node
/**
 * Stand-alone entry point of `pulumi-mailgun recover` (bin `pulumi-mailgun-recover`), kept apart
 * from the package's main `pulumi-mailgun` command so either can be wired into the other.
 */
import { RecoverError, runRecover } from "./command";

const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };

runRecover(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.stderr(`pulumi-mailgun recover: ${error instanceof RecoverError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
