import { readsWholeState, sameProvider, withoutSecrets } from "../../provider/read-ahead";
import type { StateResource } from "../../provider/stack-resources";

describe("which runs read the state ahead of the engine", () => {
  test.each([
    [["pulumi", "refresh", "--yes"], true],
    [["pulumi", "--cwd", "infra", "refresh", "--stack", "dev", "--skip-preview"], true],
    [["pulumi", "up", "--refresh", "--yes"], true],
    [["pulumi", "up", "-r"], true],
    [["pulumi", "preview", "--refresh=true"], true],
    [["pulumi", "up", "--yes"], false],
    [["pulumi", "up", "--refresh=false"], false],
    [["pulumi", "destroy", "--yes"], false],
    [["pulumi", "import", "mailgun:index:Route", "r", "abc"], false],
    // Only some resources: reading the others would be calls nobody takes.
    [["pulumi", "refresh", "--target", "urn:pulumi:dev::p::mailgun:index:Route::r"], false],
    [["pulumi", "refresh", "--target=urn:x"], false],
    [["pulumi", "refresh", "-t", "urn:x"], false],
    [["pulumi", "refresh", "-turn:x"], false],
    [["pulumi", "refresh", "--exclude", "urn:x"], false],
    [["pulumi", "up", "--refresh", "--target-dependents", "--target", "urn:x"], false],
  ])("%j: %s", (args, reads) => {
    expect(readsWholeState(args)).toBe(reads);
  });
});

test("a read ahead is given the state's outputs without their encrypted values", () => {
  const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
  expect(withoutSecrets({ id: "k1", secret, nested: { password: secret, login: "a" }, list: ["x", secret], n: 1, b: false })).toEqual({
    id: "k1",
    nested: { login: "a" },
    list: ["x", undefined],
    n: 1,
    b: false,
  });
});

describe("which resources a provider process reads ahead", () => {
  const r = (kind: string, id: string, provider?: string): StateResource => ({ kind, id, outputs: {}, front: "plugin", ...(provider ? { provider } : {}) });
  const state = [r("Route", "a", "urn:default::1"), r("Route", "b", "urn:eu::2"), r("Domain", "d", "urn:default::1"), r("Domain", "a", "urn:eu::2")];
  test("the resources of the provider resource that serves the engine's first read", () => {
    expect(sameProvider(state, "Route", "a").map((x) => `${x.kind}/${x.id}`)).toEqual(["Route/a", "Domain/d"]);
    expect(sameProvider(state, "Domain", "a").map((x) => `${x.kind}/${x.id}`)).toEqual(["Route/b", "Domain/a"]);
  });
  test("none when the first read's resource is not in the state, or is there twice (one name in two accounts)", () => {
    expect(sameProvider(state, "Route", "z")).toEqual([]);
    expect(sameProvider([...state, r("Route", "a", "urn:eu::2")], "Route", "a")).toEqual([]);
  });
  test("dynamic resources, which name no provider resource, are one provider's", () => {
    expect(sameProvider([r("Route", "a"), r("Route", "b")], "Route", "b")).toHaveLength(2);
  });
});
