import { definedOnly, withEngineValues } from "../../provider/engine-values";
import type { ResourceHandler } from "../../provider/resources/types";

// Pulumi's dynamic-provider server fails a whole step on one undefined value ("Unexpected struct
// type."): test/crash/all-kinds.test.ts met it refreshing a DkimKey that recover had recorded.
test("results reach the engine without undefined values, nested ones included; other values as they were", async () => {
  expect(definedOnly({ a: 1, b: undefined, c: { d: undefined, e: [1, { f: undefined, g: null }] }, h: "" })).toEqual({ a: 1, c: { e: [1, { g: null }] }, h: "" });
  expect(Object.keys(definedOnly({ b: undefined }))).toEqual([]);
  const h: ResourceHandler<{ x?: number }, { x?: number; y?: string }> = {
    check: async () => ({ inputs: { x: 1, y: undefined } }),
    diff: async () => ({ changes: false }),
    create: async () => ({ id: "i", outs: { x: 1, y: undefined } }),
    read: async () => ({ id: "i", props: { x: undefined, y: "a" }, inputs: { x: undefined } }),
    update: async () => ({ outs: { y: undefined } }),
    delete: async () => undefined,
  };
  const w = withEngineValues(h);
  expect(Object.keys((await w.check({}, {})).inputs!)).toEqual(["x"]);
  expect(Object.keys((await w.create({})).outs)).toEqual(["x"]);
  const read = await w.read("i", {});
  expect([Object.keys(read.props!), Object.keys(read.inputs!)]).toEqual([["y"], []]);
  expect(Object.keys((await w.update("i", {}, {})).outs)).toEqual([]);
});
