import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ConfigureRequest, PropertyDiff } from "@pulumi/pulumi/proto/provider_pb";
import { configSourceOf } from "../../plugin/config";
import { diffResponse } from "../../plugin/diff";
import { fromStruct, secret, SECRET_SIG, SIG_KEY, toStruct } from "../../plugin/values";

test("secret envelopes are taken off for the handlers, remembered per top-level property, and put back on results", () => {
  const incoming = Struct.fromJavaScript({ login: "app", password: secret("pw-12345") as never, nested: { list: [secret("x") as never, "y"] } });
  const { props, secrets } = fromStruct(incoming);
  expect(props).toEqual({ login: "app", password: "pw-12345", nested: { list: ["x", "y"] } });
  expect([...secrets].sort()).toEqual(["nested", "password"]);
  const out = toStruct({ login: "app", password: "pw-12345", gone: undefined, deep: { u: undefined, v: 1 } }, ["password", "absent"]).toJavaScript();
  expect(out).toEqual({ login: "app", password: { [SIG_KEY]: SECRET_SIG, value: "pw-12345" }, deep: { v: 1 } });
  expect(fromStruct(undefined)).toEqual({ props: {}, secrets: new Set() });
});

test("configure reads mailgun:config:<key> variables first, then args (secret envelopes unwrapped); other namespaces are not the provider's", () => {
  const req = new ConfigureRequest();
  req.getVariablesMap().set("mailgun:config:apiUrlUs", "http://127.0.0.1:1");
  req.getVariablesMap().set("mailgun:config:maxRetries", "3");
  req.setArgs(Struct.fromJavaScript({ apiUrlUs: "http://ignored", apiKey: secret("key-abc") as never, maxConcurrency: 2 }));
  const source = configSourceOf(req);
  expect(source.get("mailgun:apiUrlUs")).toBe("http://127.0.0.1:1");
  expect(source.get("mailgun:maxRetries")).toBe("3");
  expect(source.get("mailgun:apiKey")).toBe("key-abc");
  expect(source.get("mailgun:maxConcurrency")).toBe("2");
  expect(source.get("mailgun:region")).toBeUndefined();
  expect(source.get("other:apiKey")).toBeUndefined();
});

test("a diff names its properties: set values against the outputs, dropped inputs as deletes, replacing ones as replaces", () => {
  const olds = { name: "a.example.com", region: "us", spamAction: "disabled", state: "active", __provider: "old" };
  const oldInputs = { name: "a.example.com", region: "us", spamAction: "disabled", wildcard: true };
  const news = { name: "a.example.com", region: "eu", spamAction: "block" };
  const resp = diffResponse({ changes: true, replaces: ["region"], deleteBeforeReplace: true }, olds, oldInputs, news);
  const map = resp.getDetaileddiffMap();
  const detailed = Object.fromEntries(resp.getDiffsList().map((k) => [k, map.get(k)!.getKind()]));
  expect(detailed).toEqual({ region: PropertyDiff.Kind.UPDATE_REPLACE, spamAction: PropertyDiff.Kind.UPDATE, wildcard: PropertyDiff.Kind.DELETE });
  expect(resp.getReplacesList()).toEqual(["region"]);
  expect(resp.getDeletebeforereplace()).toBe(true);
  expect(resp.getHasdetaileddiff()).toBe(true);
  // The handler's "no changes" wins over any difference of values it does not compare.
  const none = diffResponse({ changes: false }, olds, oldInputs, news);
  expect(none.getDetaileddiffMap().getLength()).toBe(0);
  expect(none.getReplacesList()).toEqual([]);
});
