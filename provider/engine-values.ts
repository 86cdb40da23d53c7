import type { ResourceHandler } from "./resources/types";

/**
 * Pulumi's dynamic-provider server turns results into protobuf Structs, which have no
 * `undefined`: one such value anywhere in a result fails the whole step with "Unexpected struct
 * type." (a refresh of a resource that `pulumi-mailgun recover` recorded with its inputs as
 * outputs met it: fields only a create sets read back as undefined). Keys holding undefined are
 * left out, as an absent key, which is what they mean.
 */
export function definedOnly<T>(value: T): T {
  if (Array.isArray(value)) return value.map(definedOnly) as T;
  if (!value || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = definedOnly(v);
  return out as T;
}

/** The handler with every result the engine receives free of undefined values. */
export function withEngineValues<I extends object, O extends object>(h: ResourceHandler<I, O>): ResourceHandler<I, O> {
  return {
    ...h,
    async check(olds, news) {
      const r = await h.check(olds, news);
      return r.inputs === undefined ? r : { ...r, inputs: definedOnly(r.inputs) };
    },
    async create(inputs) {
      const r = await h.create(inputs);
      return { ...r, outs: definedOnly(r.outs) };
    },
    async read(id, props) {
      const r = await h.read(id, props);
      return definedOnly(r);
    },
    async update(id, olds, news) {
      const r = await h.update(id, olds, news);
      return { ...r, outs: definedOnly(r.outs) };
    },
  };
}
