/**
 * Imported right after the Node guard by the entry points (the SDK, the provider, the plugin):
 * every `pulumi up`, `preview`, `refresh` and `destroy` starts fresh program and provider
 * processes that compile this package and zod again, about a fifth of the provider's CPU
 * at 200 resources (bench/profiles/). Node's compile cache keeps the compiled code on disk
 * (in the temp folder; `NODE_DISABLE_COMPILE_CACHE=1` turns it off) for the modules loaded after
 * this one. Older Nodes without it are left as they are.
 */
import * as nodeModule from "node:module";

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
