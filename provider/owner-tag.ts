import { createHash } from "node:crypto";

/**
 * The marker of the objects a resource made, for kinds whose leftovers of an interrupted create
 * are recognised by it (SendingKey, ApiKey, IpAllowlistEntry, Template): a digest of the project,
 * stack and resource name. The TypeScript SDK computes it in the program, the plugin from the URN.
 */
export function ownerTagFor(project: string, stack: string, name: string): string {
  return createHash("sha256").update(`${project}/${stack}/${name}`).digest("hex").slice(0, 16);
}
