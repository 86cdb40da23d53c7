import { createHash } from "node:crypto";
import { ResourceSpec, useMailgunStack } from "../../testkit/mailgun-stack";

const D = "mg.example.com";
const domain: ResourceSpec = { kind: "Domain", name: "domain", args: { name: D } };
const template = (args: Record<string, unknown> = {}, name = "shipped"): ResourceSpec => ({
  kind: "Template",
  name,
  args: { domain: { $ref: "domain.name" }, name: "Order-Shipped", description: "shipping notice", ...args },
});

/** The SDK's owner tag for a resource of this stack (sdk/provider.ts ownerTagOf). */
const ownerTag = (resource: string) => createHash("sha256").update(`mailgun-stack/test/${resource}`).digest("hex").slice(0, 16);

describe("Template through the real Pulumi engine", () => {
  const t = useMailgunStack([domain, template()]);
  const templatesAt = async () => ((await t.emulator.state()).us.templates[D] ?? []) as Array<{ name: string; description: string; createdBy: string; id: string; versions: unknown[] }>;

  test("create, no-op preview and refresh, case-only change, update in place, drift, deletion by hand, owner marker, adoption, replace, destroy", async () => {
    const { emulator, project, log } = t;
    const { stack } = project;
    const up = await stack.up({ onOutput: log.onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 3 });
    let templates = await templatesAt();
    // Mailgun lower-cases the name; the program's spelling stays in the outputs. No version is made.
    expect(templates).toEqual([expect.objectContaining({ name: "order-shipped", description: "shipping notice", createdBy: `pulumi-mailgun/${ownerTag("shipped")}`, versions: [] })]);
    const id = templates[0].id;
    expect(up.outputs.resources.value.shipped).toMatchObject({ name: "Order-Shipped", templateId: id, region: "us" });

    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });
    await stack.refresh({ expectNoChanges: true, onOutput: log.onOutput });
    // Only the case differs: the same template, nothing to do.
    await project.setResources([domain, template({ name: "ORDER-SHIPPED" })]);
    await stack.preview({ expectNoChanges: true, onOutput: log.onOutput });

    // In place: the description.
    await project.setResources([domain, template({ description: "sent when an order ships" })]);
    const update = await stack.up({ onOutput: log.onOutput });
    expect(update.summary.resourceChanges).toMatchObject({ update: 1 });
    templates = await templatesAt();
    expect(templates).toEqual([expect.objectContaining({ id, description: "sent when an order ships" })]);

    // Drift: the description edited in the dashboard shows in a refreshing preview, and up puts it back.
    await emulator.api("us", "PUT", `/v3/${D}/templates/order-shipped`, { description: "edited by hand" });
    await expect(stack.preview({ refresh: true, expectNoChanges: true })).rejects.toThrow();
    const repair = await stack.up({ refresh: true, onOutput: log.onOutput });
    expect(repair.summary.resourceChanges).toMatchObject({ update: 1 });
    expect((await templatesAt())[0]).toMatchObject({ id, description: "sent when an order ships" });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Deleted by hand: refresh drops it, up makes it again.
    await emulator.api("us", "DELETE", `/v3/${D}/templates/order-shipped`);
    const refreshed = await stack.refresh({ onOutput: log.onOutput });
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const recreate = await stack.up({ onOutput: log.onOutput });
    expect(recreate.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await templatesAt()).toHaveLength(1);

    // A template this resource made in a run whose answer was lost (its marker in createdBy) is taken as its own.
    await emulator.api("us", "POST", `/v3/${D}/templates`, { name: "welcome", description: "half-made", createdBy: `pulumi-mailgun/${ownerTag("welcome")}` });
    // Someone else's template of that name needs adopt.
    await emulator.api("us", "POST", `/v3/${D}/templates`, { name: "receipt", description: "theirs", createdBy: "alice" });
    const withBoth = [domain, template({ description: "sent when an order ships" }), template({ name: "Welcome", description: "hello" }, "welcome"), template({ name: "receipt", description: "ours" }, "receipt")];
    await project.setResources(withBoth);
    const refused = await stack.up({ onOutput: log.onOutput }).then(() => undefined, (e: Error) => e);
    expect(refused?.message).toMatch(/template "receipt" already exists on mg\.example\.com in region us \(created by "alice"\), and this stack did not make it\. Set adopt: true/);
    templates = await templatesAt();
    expect(templates.find((x) => x.name === "welcome")).toMatchObject({ description: "hello" });
    expect(templates.find((x) => x.name === "receipt")).toMatchObject({ description: "theirs" });
    expect(templates).toHaveLength(3);
    withBoth[3] = template({ name: "receipt", description: "ours", adopt: true }, "receipt");
    await project.setResources(withBoth);
    await stack.up({ onOutput: log.onOutput });
    expect((await templatesAt()).find((x) => x.name === "receipt")).toMatchObject({ description: "ours", createdBy: "alice" });
    await stack.preview({ refresh: true, expectNoChanges: true });

    // Replace: a new name is another template; the old one goes.
    await project.setResources([domain, template({ name: "order-delivered", description: "sent when an order ships" })]);
    const replace = await stack.up({ onOutput: log.onOutput });
    expect(replace.summary.resourceChanges).toMatchObject({ replace: 1, delete: 2 });
    expect((await templatesAt()).map((x) => x.name)).toEqual(["order-delivered"]);

    await stack.destroy({ onOutput: log.onOutput });
    expect((await emulator.state()).us.templates).toEqual({});
    expect(log.text).not.toContain(emulator.apiKey);
  }, 600_000);

  test("a program that declares a template twice or more than 100 on a domain is refused at preview, before any call", async () => {
    const { emulator, project } = t;
    await emulator.clearRequests();
    await project.setResources([domain, template({}, "a"), template({ name: "order-shipped" }, "b")]);
    const twice = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(twice?.message).toMatch(/Template: \[name\] Templates "a", "b" both declare template "order-shipped" on mg\.example\.com/);
    const many = Array.from({ length: 101 }, (_, n) => template({ domain: D, name: `t${n}` }, `t${n}`));
    await project.setResources(many);
    const over = await project.stack.preview().then(() => undefined, (e: Error) => e);
    expect(over?.message).toMatch(/the program declares 101 Templates on mg\.example\.com in region us \(.* and this one, "t\d+"\), and Mailgun stores at most 100 templates per domain/);
    expect(await emulator.requests()).toEqual([]);
  }, 300_000);
});
