/**
 * The Node.js versions this package runs on. No imports: the entry points load the guards built
 * on this before anything else, because on an older Node fastify and @pulumi/pulumi fail while loading,
 * with a TypeError that says nothing about the version.
 */
export const MIN_NODE_MAJOR = 22;

/** The one line to show on an unsupported Node.js, or undefined when this one is supported. */
export function unsupportedNodeMessage(version: string = process.versions.node, execPath: string = process.execPath): string | undefined {
  const major = Number(version.split(".")[0]);
  if (major >= MIN_NODE_MAJOR) return undefined;
  return (
    `pulumi-mailgun needs Node.js ${MIN_NODE_MAJOR} or newer; this is Node.js ${version} (${execPath}). ` +
    `Install Node.js ${MIN_NODE_MAJOR}+ and put it first on PATH: Pulumi runs the program and the provider with the \`node\` it finds there.`
  );
}
