/**
 * Preloaded (`--require`) into the node processes under the CLI while bench/profile.ts profiles
 * them: the engine stops a provider plugin with SIGINT, which ends node before `--cpu-prof` can
 * write its profile; exiting from a handler lets node write it.
 */
process.on("SIGINT", () => process.exit(130));
