/**
 * Imported first by the provider's entry points (the dynamic provider, the plugin). The provider
 * parses every answer, and `refresh` reads listings of hundreds of objects at once; under that
 * load V8 grows its young generation (from 2 to 32 MiB on Node 24), and that was most of what the
 * provider's peak memory had over the no-op provider's, whose young generation never grows. Held
 * at its first size it is collected more often, which costs little: what a call allocates dies
 * young. Measured side by side on 200 resources (bench/wall-time.ts): peak 189/194/173 MiB at
 * up/refresh/destroy without it, 167/176/162 with it, provider CPU within the runs' noise.
 * V8 reads the flag each time it would grow the space, so setting it after start takes effect;
 * a `--semi-space-growth-factor` or `--max-semi-space-size` given to node (or in NODE_OPTIONS) is left as it is.
 */
import { setFlagsFromString } from "node:v8";

/** Whether node was told how to size its young generation (on its command line, or in NODE_OPTIONS, which takes `--max-semi-space-size`). */
export function youngGenerationGiven(execArgv: readonly string[], nodeOptions = ""): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--(semi-space-growth-factor|max-semi-space-size)(=|$)/.test(a));
}

if (!youngGenerationGiven(process.execArgv, process.env.NODE_OPTIONS)) setFlagsFromString("--semi-space-growth-factor=1");
