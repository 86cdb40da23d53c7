import { useHandlerEmulator } from "../../testkit/handler-harness";
import { check, Decl, Held, later, newRun, ownerTag, plan, reasons, refresh, saying, up, writes, destroy } from "./engine-steps";

/**
 * What is particular to Template, as the provider runs it: Mailgun lower-cases the name (a
 * case-only change is none), the owner marker in createdBy that lets a create take back what an
 * interrupted one made, someone else's template needing adopt, and the run-wide checks (a
 * template declared twice, more than 100 on a domain). The generic lifecycle is in battery.test.ts.
 */
const t = useHandlerEmulator({});
const D = "mg.example.com";
const args = (extra: Record<string, unknown> = {}) => ({ domain: D, name: "Order-Shipped", description: "shipping notice", ...extra });
const shipped = (extra: Record<string, unknown> = {}, held?: Held) => up("Template", "shipped", args(extra), held);
const templatesAt = async (domain = D) => ((await t.emulator.state()).us.templates[domain] ?? []) as Array<{ name: string; description: string; createdBy: string; id: string; versions: unknown[] }>;

beforeEach(async () => {
  // Each test is a new provider process: no template of an earlier test is declared.
  newRun();
  await t.emulator.api("us", "POST", "/v4/domains", { name: D });
  await t.emulator.clearRequests();
});

test("Mailgun lower-cases the name, the program's spelling stays in the outputs, and a case-only change is none", async () => {
  const created = (await shipped()).held;
  // No version is made; the owner marker is in createdBy.
  const [stored] = await templatesAt();
  expect(await templatesAt()).toEqual([expect.objectContaining({ name: "order-shipped", description: "shipping notice", createdBy: `pulumi-mailgun/${ownerTag("shipped")}`, versions: [] })]);
  expect(created.outs).toMatchObject({ name: "Order-Shipped", templateId: stored.id, region: "us" });
  expect(await writes(t.emulator)).toEqual([`us POST /v3/${D}/templates`]);

  newRun();
  const read = (await refresh(later(created)))!;
  await t.emulator.clearRequests();
  expect((await shipped({ name: "ORDER-SHIPPED" }, read)).step).toBe("same");
  expect(await writes(t.emulator)).toEqual([]);
});

test("the description changes in place, the same template; edited by hand it is drift that up puts back", async () => {
  const created = (await shipped()).held;
  const id = created.outs.templateId;
  await t.emulator.clearRequests();
  const updated = await shipped({ description: "sent when an order ships" }, created);
  expect(updated.step).toBe("update");
  expect(await writes(t.emulator)).toEqual([`us PUT /v3/${D}/templates/order-shipped`]);
  expect(await templatesAt()).toEqual([expect.objectContaining({ id, description: "sent when an order ships" })]);

  await t.emulator.api("us", "PUT", `/v3/${D}/templates/order-shipped`, { description: "edited by hand" });
  newRun();
  const drifted = (await refresh(later(updated.held)))!;
  expect(drifted.outs.description).toBe("edited by hand");
  const repaired = await shipped({ description: "sent when an order ships" }, drifted);
  expect(repaired.step).toBe("update");
  expect((await templatesAt())[0]).toMatchObject({ id, description: "sent when an order ships" });
  newRun();
  expect(await plan("Template", "shipped", args({ description: "sent when an order ships" }), (await refresh(later(repaired.held)))!)).toBe("same");
});

test("a template with this resource's marker is taken as its own; someone else's needs adopt, and keeps its creator", async () => {
  // What a create whose answer was lost leaves: the template, with the resource's marker in createdBy.
  await t.emulator.api("us", "POST", `/v3/${D}/templates`, { name: "welcome", description: "half-made", createdBy: `pulumi-mailgun/${ownerTag("welcome")}` });
  await t.emulator.api("us", "POST", `/v3/${D}/templates`, { name: "receipt", description: "theirs", createdBy: "alice" });
  const welcome = (await up("Template", "welcome", { domain: D, name: "Welcome", description: "hello" })).held;
  expect((await templatesAt()).find((x) => x.name === "welcome")).toMatchObject({ description: "hello" });
  expect(welcome.outs.templateId).toBe((await templatesAt()).find((x) => x.name === "welcome")!.id);

  await t.emulator.clearRequests();
  const receipt = { domain: D, name: "receipt", description: "ours" };
  const refused = await up("Template", "receipt", receipt).then(() => undefined, (e: Error) => e);
  expect(refused?.message).toMatch(/template "receipt" already exists on mg\.example\.com in region us \(created by "alice"\), and this stack did not make it\. Set adopt: true/);
  expect((await writes(t.emulator, true)).filter((w) => !/ 4\d\d$/.test(w))).toEqual([]);
  expect((await templatesAt()).find((x) => x.name === "receipt")).toMatchObject({ description: "theirs" });
  expect(await templatesAt()).toHaveLength(2);

  const adopted = (await up("Template", "receipt", { ...receipt, adopt: true })).held;
  expect((await templatesAt()).find((x) => x.name === "receipt")).toMatchObject({ description: "ours", createdBy: "alice" });
  newRun();
  expect(await plan("Template", "receipt", { ...receipt, adopt: true }, (await refresh(later(adopted)))!)).toBe("same");
});

test("a new name replaces the template; destroy leaves none", async () => {
  const created = (await shipped()).held;
  const moved = await shipped({ name: "order-delivered" }, created);
  expect(moved.step).toBe("replace");
  expect((await templatesAt()).map((x) => x.name)).toEqual(["order-delivered"]);
  newRun();
  const { said } = await saying(() => destroy(moved.held));
  expect((await t.emulator.state()).us.templates).toEqual({});
  expect(said).not.toContain(t.emulator.apiKey);
});

test("one run that declares a template twice, or more than 100 on a domain, is refused at check before any call", async () => {
  const a: Decl = { kind: "Template", name: "a", args: args() };
  expect(reasons(await check(a.kind, a.name, a.args))).toEqual([]);
  // Another spelling of the same name is the same template.
  expect(reasons(await check("Template", "b", args({ name: "order-shipped" })))).toEqual([
    expect.stringMatching(/^Template: \[name\] Templates "a", "b" both declare template "order-shipped" on mg\.example\.com/),
  ]);

  newRun();
  const many = Array.from({ length: 101 }, (_, n) => ({ name: `t${n}`, args: { domain: D, name: `t${n}` } }));
  const refused: string[] = [];
  for (const m of many) refused.push(...reasons(await check("Template", m.name, m.args)));
  expect(refused).toEqual([
    expect.stringMatching(/the program declares 101 Templates on mg\.example\.com in region us \(.* and this one, "t100"\), and Mailgun stores at most 100 templates per domain/),
  ]);
  // The limit is per domain and region: a template of that domain in the EU is not counted.
  expect(reasons(await check("Template", "eu0", { domain: D, name: "eu0", region: "eu" }))).toEqual([]);
  expect(await t.emulator.requests()).toEqual([]);
});
