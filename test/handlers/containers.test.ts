import { handler } from "../../provider";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { startNewRun } from "../../provider/run-state";

/**
 * Issue 20 item 1: a container never takes with it contents that the program still declares or
 * that no resource of the stack manages, unless the program sets forceDestroy: true.
 */
const LIST = "news@mg.example.com";
const list = handler("MailingList");
const member = handler("MailingListMember");

describe("a MailingList keeps its members", () => {
  const t = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "2000" });
  const writes = async () => (await t.emulator.requests()).filter((r) => r.method !== "GET");
  const made = async (args: Record<string, unknown> = {}) => {
    const { inputs } = await list.check({}, { address: LIST, ...args, __declaredAs: "news" });
    return { inputs: inputs as any, ...(await list.create(inputs as any)) };
  };
  const signUp = (address: string, region = "us") => t.emulator.api(region as "us", "POST", `/v3/lists/${LIST}/members`, { address });
  const membersAt = async (region: "us" | "eu") => (await t.emulator.api(region, "GET", `/v3/lists/${LIST}/members/pages`)).items.map((m: { address: string }) => m.address);

  test("a region move with a hand-made member is refused at preview, naming it, before any write", async () => {
    const { id, outs } = await made();
    await signUp("signup@example.com");
    await t.emulator.clearRequests();
    const news = (await list.check({}, { address: LIST, region: "eu", __declaredAs: "news" })).inputs as any;
    await expect(list.diff(id, outs, news)).rejects.toThrow(/refusing to delete mailing list news@mg\.example\.com in region us: it holds 1 members \(signup@example\.com\).*forceDestroy: true/);
    expect(await writes()).toEqual([]);
  });

  test("with forceDestroy: true the region move works: made in eu, the old list deleted with its members", async () => {
    const { id, outs } = await made();
    await signUp("signup@example.com");
    const news = (await list.check({}, { address: LIST, region: "eu", forceDestroy: true, __declaredAs: "news" })).inputs as any;
    expect(await list.diff(id, outs, news)).toMatchObject({ changes: true, replaces: ["region"] });
    await list.create(news);
    // The old half's delete follows the replacing program's forceDestroy, not the state's.
    await list.delete(id, outs);
    expect((await t.emulator.api("eu", "GET", `/v3/lists/${LIST}`)).list.address).toBe(LIST);
    await expect(t.emulator.api("us", "GET", `/v3/lists/${LIST}`)).rejects.toThrow(/404/);
  });

  test("a delete with a member no resource manages fails before it writes; forceDestroy in the state lets it go", async () => {
    const { id, outs } = await made();
    await signUp("signup@example.com");
    // The list is gone from the program: the run that deletes it does not check it.
    startNewRun();
    await t.emulator.clearRequests();
    await expect(list.delete(id, outs)).rejects.toThrow(/it holds 1 members \(signup@example\.com\) that no resource of this stack manages/);
    expect(await writes()).toEqual([]);
    expect(await membersAt("us")).toEqual(["signup@example.com"]);
    await list.delete(id, { ...outs, forceDestroy: true });
    await expect(t.emulator.api("us", "GET", `/v3/lists/${LIST}`)).rejects.toThrow(/404/);
  });

  test("a member the program still declares is refused at once", async () => {
    const { id, outs } = await made();
    const m = (await member.check({}, { list: LIST, address: "jane@example.com", __declaredAs: "jane" })).inputs as any;
    await member.create(m);
    // Next run: the list left the program, its member did not.
    startNewRun();
    await member.check({}, { list: LIST, address: "jane@example.com", __declaredAs: "jane" });
    await t.emulator.clearRequests();
    await expect(list.delete(id, outs)).rejects.toThrow(/it holds 1 members \(jane@example\.com\) that resources of this program still declare/);
    expect(await writes()).toEqual([]);
  });

  test("a destroy deleting the members beside the list: the list waits for them, then goes", async () => {
    const { id, outs } = await made();
    const { outs: m } = await member.create((await member.check({}, { list: LIST, address: "ann@example.com" })).inputs as any);
    startNewRun();
    // A destroy is a run of its own that checks nothing: nothing is declared. Both deletes start together, as the engine may run them.
    await Promise.all([list.delete(id, outs), new Promise((r) => setTimeout(r, 300)).then(() => member.delete(`${LIST}/ann@example.com`, m))]);
    await expect(t.emulator.api("us", "GET", `/v3/lists/${LIST}`)).rejects.toThrow(/404/);
  });

  test("forceDestroy alone changes nothing at Mailgun: a state-only update", async () => {
    const { id, outs, inputs } = await made();
    const news = { ...inputs, forceDestroy: true };
    expect(await list.diff(id, outs, news)).toEqual({ changes: true });
    await t.emulator.clearRequests();
    const { outs: updated } = await list.update(id, outs, news);
    expect(updated).toMatchObject({ forceDestroy: true });
    expect(await writes()).toEqual([]);
  });
});

describe("a Template keeps its versions", () => {
  const t = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "2000" });
  const template = handler("Template");
  const version = handler("TemplateVersion");
  const D = "mg.example.com";
  const writes = async () => (await t.emulator.requests()).filter((r) => r.method !== "GET");
  const made = async (args: Record<string, unknown> = {}) => {
    await t.emulator.api("us", "POST", "/v4/domains", { name: D });
    const { inputs } = await template.check({}, { domain: D, name: "welcome", ...args, __declaredAs: "welcome" });
    return { inputs: inputs as any, ...(await template.create(inputs as any)) };
  };
  const versionByHand = (tag: string) => t.emulator.api("us", "POST", `/v3/${D}/templates/welcome/versions`, { tag, template: "<p>hi</p>" });

  test("a new name with a version made by hand is refused at preview, naming it, before any write", async () => {
    const { id, outs } = await made();
    await versionByHand("dashboard");
    await t.emulator.clearRequests();
    const news = (await template.check({}, { domain: D, name: "welcome-2", __declaredAs: "welcome" })).inputs as any;
    await expect(template.diff(id, outs, news)).rejects.toThrow(/refusing to delete template "welcome" on mg\.example\.com in region us: it holds 1 versions \(dashboard\)/);
    expect(await writes()).toEqual([]);
    const forced = (await template.check({}, { domain: D, name: "welcome-2", forceDestroy: true, __declaredAs: "welcome" })).inputs as any;
    expect(await template.diff(id, outs, forced)).toMatchObject({ replaces: ["name"] });
  });

  test("removed from the program while its versions stay declared: refused at once, nothing deleted", async () => {
    const { id, outs } = await made();
    const v = (await version.check({}, { domain: D, template: "welcome", tag: "v1", content: "<p>a</p>", __declaredAs: "v1" })).inputs as any;
    await version.create(v);
    startNewRun();
    await version.check({}, { domain: D, template: "welcome", tag: "v1", content: "<p>a</p>", __declaredAs: "v1" });
    await t.emulator.clearRequests();
    await expect(template.delete(id, outs)).rejects.toThrow(/it holds 1 versions \(v1\) that resources of this program still declare/);
    expect(await writes()).toEqual([]);
  });

  test("a delete with a version no resource manages fails before it writes; forceDestroy lets it go", async () => {
    const { id, outs } = await made();
    await versionByHand("dashboard");
    startNewRun();
    await t.emulator.clearRequests();
    await expect(template.delete(id, outs)).rejects.toThrow(/it holds 1 versions \(dashboard\) that no resource of this stack manages/);
    expect(await writes()).toEqual([]);
    await template.delete(id, { ...outs, forceDestroy: true });
    await expect(t.emulator.api("us", "GET", `/v3/${D}/templates/welcome`)).rejects.toThrow(/404/);
  });
});

describe("a Domain keeps what the program still declares in it", () => {
  const t = useHandlerEmulator({ "mailgun:consistencyBudgetMs": "2000" });
  const domain = handler("Domain");
  const template = handler("Template");
  const D = "mg.keep.example.com";
  const writes = async () => (await t.emulator.requests()).filter((r) => r.method !== "GET");
  const made = async (args: Record<string, unknown> = {}) => {
    const { inputs } = await domain.check({}, { name: D, ...args, __declaredAs: "mail" });
    return domain.create(inputs as any);
  };

  test("removed from the program while a Template on it stays: refused before any write, naming it; forceDestroy lets it go", async () => {
    const { id, outs } = await made();
    // The next run: the Domain left the program, its Template did not.
    startNewRun();
    expect((await template.check({}, { domain: D, name: "welcome", __declaredAs: "welcome" })).failures).toBeUndefined();
    await t.emulator.clearRequests();
    await expect(domain.delete(id, outs)).rejects.toThrow(/refusing to delete domain mg\.keep\.example\.com in region us: it holds 1 objects \(Template "welcome"\) that resources of this program still declare[\s\S]*forceDestroy: true/);
    expect(await writes()).toEqual([]);
    await domain.delete(id, { ...outs, forceDestroy: true });
    expect((await t.emulator.state()).us.domains).toEqual([]);
  });

  test("forceDestroy alone writes nothing at Mailgun and is recorded", async () => {
    const { id, outs } = await made();
    const news = (await domain.check({}, { name: D, forceDestroy: true, __declaredAs: "mail" })).inputs as any;
    expect(await domain.diff(id, outs, news)).toMatchObject({ changes: true });
    expect((await domain.diff(id, outs, news)).replaces ?? []).toEqual([]);
    await t.emulator.clearRequests();
    const { outs: updated } = await domain.update(id, outs, news);
    expect(updated).toMatchObject({ forceDestroy: true });
    expect(await writes()).toEqual([]);
  });

  test("a delete while it holds what no resource manages (a template made by hand, a webhook, a bounce Mailgun recorded): refused before any write, naming them; forceDestroy lets it go", async () => {
    const { id, outs } = await made();
    await t.emulator.api("us", "POST", `/v3/${D}/templates`, { name: "by-hand" });
    await t.emulator.api("us", "POST", `/v3/${D}/bounces`, { address: "gone@example.com", code: "550" });
    await t.emulator.api("us", "POST", `/v3/domains/${D}/webhooks`, { id: "opened", url: "https://hooks.example.com/h?token=Secret-Token-9" });
    startNewRun();
    await t.emulator.clearRequests();
    const refusal = await domain.delete(id, outs).then(() => undefined, (e: Error) => e.message);
    expect(refusal).toMatch(/refusing to delete domain mg\.keep\.example\.com in region us: it holds 3 objects \(template by-hand, webhook for opened, bounce gone@example\.com\) that no resource of this stack manages[\s\S]*forceDestroy: true/);
    // A webhook is named by its event: its URL may carry a token.
    expect(refusal).not.toContain("Secret-Token-9");
    expect(await writes()).toEqual([]);
    await domain.delete(id, { ...outs, forceDestroy: true });
    expect((await t.emulator.state()).us.domains).toEqual([]);
  });

  test("a domain's postmaster@ login (Mailgun's own) does not count as contents", async () => {
    const { id, outs } = await made({ smtpPassword: "postmaster-Pass-1" });
    startNewRun();
    await domain.delete(id, outs);
    expect((await t.emulator.state()).us.domains).toEqual([]);
  });

  test("a destroy (nothing declared) deletes it", async () => {
    const { id, outs } = await made();
    startNewRun();
    await domain.delete(id, outs);
    expect((await t.emulator.state()).us.domains).toEqual([]);
  });
});
