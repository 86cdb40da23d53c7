import { readsWholeState, withoutSecrets } from "../../provider/read-ahead";

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
