/**
 * The plugin's lines for the user (provider/user-lines.ts) as the engine's log messages: the CLI
 * shows a plugin's stderr only under `--debug`, so progress under a rate limit would never show.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import type { LineSink } from "../provider/user-lines";

/** Lines sent one after another, in order; a line the engine does not take goes to stderr. */
export function engineLog(engineAddress: string): LineSink {
  const engine = new EngineClient(engineAddress, grpc.credentials.createInsecure());
  let sent: Promise<void> = Promise.resolve();
  return (line) => {
    const request = new LogRequest().setSeverity(LogSeverity.INFO).setMessage(line);
    sent = sent.then(
      () =>
        new Promise<void>((done) =>
          engine.log(request, (err) => {
            if (err) process.stderr.write(`${line}\n`);
            done();
          }),
        ),
    );
  };
}
