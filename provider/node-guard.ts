/**
 * Imported first by the library entry points (the SDK, the provider, the emulator): refuses an
 * unsupported Node.js with one readable error before the modules that would crash load.
 */
import { unsupportedNodeMessage } from "./node-version";

const problem = unsupportedNodeMessage();
if (problem !== undefined) {
  const error = new Error(problem);
  // Pulumi prints a RunError's message alone, and Node prints the stack of an uncaught error:
  // either way the reader gets the message, not frames pointing into this file.
  Object.defineProperty(error, "__pulumiRunError", { value: true });
  error.stack = problem;
  throw error;
}
