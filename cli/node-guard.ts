/** Imported first by the command-line entry points: an unsupported Node.js gets one line on stderr and exit 1. */
import { unsupportedNodeMessage } from "../provider/node-version";

const problem = unsupportedNodeMessage();
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
