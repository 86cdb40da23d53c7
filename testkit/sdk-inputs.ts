import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../provider";
import type { Props } from "../provider/resources/types";

/**
 * The inputs a kind's check receives when a program declares `new mailgun.<Kind>(name, args)`,
 * for tests that drive the handlers without the engine. The SDK class itself builds them (its
 * optional keys, owner tag, declared name, account identity); Pulumi's own serialization drops
 * undefined values; secrets arrive unwrapped, as the dynamic-provider plugin (which accepts no
 * secrets) passes them. Pulumi's mocks stand in for the engine only to catch the registration.
 *
 * The project and stack are the mailgun-stack fixture's (testkit/mailgun-stack.ts), so owner tags
 * are the ones an engine test of that fixture would see.
 */
export async function sdkInputs(kind: ResourceKind, args: Record<string, unknown>, name: string = kind.toLowerCase(), opts?: object): Promise<Props> {
  const registered = new Promise<Props>((resolve) => waitFor(`${TYPE_PREFIX}${kind}::${name}`, resolve));
  const Ctor = sdk()[kind] as unknown as new (name: string, args: unknown, opts?: object) => pulumi.CustomResource;
  new Ctor(name, args, opts);
  return registered;
}

const TYPE_PREFIX = "pulumi-nodejs:dynamic/mailgun:";
const waiting = new Map<string, Array<(inputs: Props) => void>>();
let mailgun: typeof import("../sdk") | undefined;

function waitFor(key: string, resolve: (inputs: Props) => void): void {
  waiting.set(key, [...(waiting.get(key) ?? []), resolve]);
}

/** The SDK, loaded once mocks are set: the classes register through whatever runtime is current. */
function sdk(): typeof import("../sdk") {
  if (!mailgun) {
    pulumi.runtime.setMocks(
      {
        newResource(args) {
          const key = `${args.type}::${args.name}`;
          const [resolve, ...rest] = waiting.get(key) ?? [];
          if (rest.length) waiting.set(key, rest);
          else waiting.delete(key);
          resolve?.(plain(args.inputs) as Props);
          return { id: `${args.name}-id`, state: {} };
        },
        call: () => ({}),
      },
      "mailgun-stack",
      "test",
      false,
    );
    mailgun = require("../sdk") as typeof import("../sdk");
  }
  return mailgun;
}

/** The value with every Pulumi secret replaced by what it holds. */
function plain(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value)) return plain(pulumi.runtime.unwrapRpcSecret(value));
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}
