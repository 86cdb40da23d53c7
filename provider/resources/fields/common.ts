/** Fields many kinds share, defined once here. */
import { z } from "zod";
import { domainName, optionalBoolean, region } from "../validation";
import type { InputField } from "./define";

/** `region`: where the object lives; another region is another object. */
export function regionField(description = "", change?: string) {
  return {
    schema: region.optional(),
    change: "replace",
    description,
    docs: { type: '`"us"` \\| `"eu"`', default: "config", ...(change ? { change } : {}) },
  } as const satisfies InputField;
}

/** `adopt`: take over an existing object instead of failing; never a diff. */
export function adoptField(description: string) {
  return { schema: optionalBoolean("adopt").optional(), change: "not compared", description, docs: { default: "`false`" } } as const satisfies InputField;
}

/** `forceDestroy`: lets a delete take what the object holds; a change needs no call. */
export function forceDestroyField(description: string) {
  return {
    schema: optionalBoolean("forceDestroy").optional(),
    change: "in place",
    description,
    docs: { default: "`false`", change: "in place (no call)" },
  } as const satisfies InputField;
}

/** The Mailgun domain that holds the object. */
export function domainField(description = "", options: { change?: "replace"; example?: string } = {}) {
  return { schema: domainName, change: options.change ?? "replace", description, example: options.example ?? "mg.example.com" } as const satisfies InputField;
}

/** `ownerTag`: the SDK's marker of the objects this resource made (sdk/provider.ts ownerTagOf). */
export const ownerTagField = { schema: z.string().optional(), change: "not compared", internal: true, description: "" } as const satisfies InputField;
