#!/usr/bin/env node
/**
 * `mailgun-emulator`: runs the emulator until SIGINT/SIGTERM and prints one JSON line
 * `{"us": url, "eu": url, "apiKey": key}` on stdout once both listeners are up.
 */
import "../cli/node-guard";
import { parseArgs } from "node:util";
import { startEmulator } from "./index";

const USAGE = `usage: mailgun-emulator [--host H] [--us-port N] [--eu-port N] [--api-key KEY]
                        [--data-file FILE] [--latency-ms N] [--verbose]`;

function port(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${name} must be a port number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      "us-port": { type: "string" },
      "eu-port": { type: "string" },
      "api-key": { type: "string" },
      "data-file": { type: "string" },
      "latency-ms": { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const latency = values["latency-ms"] === undefined ? undefined : Number(values["latency-ms"]);
  if (latency !== undefined && !(latency >= 0)) throw new Error(`--latency-ms must be a non-negative number`);

  const emulator = await startEmulator({
    host: values.host,
    usPort: port("us-port", values["us-port"]),
    euPort: port("eu-port", values["eu-port"]),
    apiKey: values["api-key"],
    dataFile: values["data-file"],
    knobs: latency === undefined ? undefined : { latencyMs: latency },
    logRequests: values.verbose,
  });
  process.stdout.write(`${JSON.stringify({ us: emulator.urls.us, eu: emulator.urls.eu, apiKey: emulator.apiKey })}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(() => process.exit(0), (error) => {
      process.stderr.write(`mailgun-emulator: ${error}\n`);
      process.exit(1);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: Error) => {
  process.stderr.write(`mailgun-emulator: ${error.message}\n${USAGE}\n`);
  process.exit(2);
});
