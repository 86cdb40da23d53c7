/**
 * pulumi-resource-mailgun: the Pulumi resource provider plugin. The engine starts it with its own
 * address as the argument and reads the port it listens on from the first line of stdout.
 */
import "../provider/node-guard";
import "../provider/compile-cache";
import "../provider/young-generation";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { engineAddressOfProvider } from "../provider/declared-resources";
import { sendLinesTo } from "../provider/user-lines";
import { engineLog } from "./engine-log";
import { providerService } from "./server";
import { packageVersion } from "./version";

/** Large enough for any property bag the engine sends (Pulumi's own servers use the same). */
const MAX_MESSAGE = 400 * 1024 * 1024;

export async function serve(): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE });
  server.addService(ResourceProviderService, providerService(packageVersion()));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port, server };
}

/** Serves until the engine stops the process; the port on stdout is the handshake. */
export function main(): void {
  const engine = engineAddressOfProvider();
  if (engine) sendLinesTo(engineLog(engine));
  serve().then(
    ({ port }) => process.stdout.write(`${port}\n`),
    (e) => {
      process.stderr.write(`pulumi-resource-mailgun: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
