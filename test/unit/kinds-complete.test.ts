import * as fs from "node:fs";
import * as path from "node:path";
import { MINIMUM, initial as benchStack } from "../../bench/api-calls";
import { renderProgram } from "../../cli/generate/render";
import { readAccount } from "../../cli/generate/snapshot";
import { planRecovery, TAKEN_OVER, TYPE_PREFIX } from "../../cli/recover/plan";
import { handler, KINDS, type ResourceKind } from "../../provider";
import { client } from "../../provider/runtime";
import * as mailgun from "../../sdk";
import { MailgunResource } from "../../sdk/provider";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { repoRoot } from "../../testkit/pulumi";
import { sdkInputs } from "../../testkit/sdk-inputs";
import { badInputs, base } from "../handlers/bad-inputs";
import { samples } from "../handlers/samples";

/**
 * Every kind of the registry (`handlers` in provider/index.ts) comes with everything a kind
 * needs: its SDK class, docs page, rows in the resources index and the README, bad-input rows, handler-level battery sample,
 * benchmark row, and `generate` and `recover` support. A new kind fails here until it has them,
 * or until EXEMPT states why it does without.
 */
type Requirement = "sdk" | "docs" | "readme" | "badInputs" | "battery" | "bench" | "generate" | "recover";

/** The one table of exemptions: kind -> requirement -> why it does not apply. */
const EXEMPT: Partial<Record<ResourceKind, Partial<Record<Requirement, string>>>> = {
  SendingKey: { generate: "its secret cannot be read back from Mailgun: generate lists the keys in a comment instead of declaring them" },
  ApiKey: { generate: "its secret cannot be read back from Mailgun: generate lists the keys in a comment instead of declaring them" },
  DomainVerification: { generate: "a check, not an object: there is nothing at Mailgun to read back" },
};

const exempt = (kind: ResourceKind, r: Requirement): string | undefined => EXEMPT[kind]?.[r];
const owing = (r: Requirement) => KINDS.filter((k) => !exempt(k, r));
const kebab = (kind: string) => kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
const read = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");

describe("every kind of the registry is complete", () => {
  useHandlerEmulator({});

  test("each exemption gives its reason", () => {
    for (const [kind, reasons] of Object.entries(EXEMPT)) {
      expect(KINDS).toContain(kind);
      for (const why of Object.values(reasons)) expect(why).toMatch(/\w{3,}.* \w{3,}/);
    }
  });

  test.each(owing("sdk"))("%s: its SDK class is exported from sdk/index.ts", (kind) => {
    const Class = (mailgun as Record<string, unknown>)[kind] as { prototype?: unknown } | undefined;
    expect(typeof Class).toBe("function");
    expect(Class!.prototype).toBeInstanceOf(MailgunResource);
  });

  test.each(owing("docs"))("%s: docs/resources/<kind>.md", (kind) => {
    expect(fs.existsSync(path.join(repoRoot, "docs", "resources", `${kebab(kind)}.md`))).toBe(true);
  });

  test.each(owing("readme"))("%s: a row of docs/resources/README.md's table and a line of the README's map, each linking its page", (kind) => {
    const row = read("docs/resources/README.md").split("\n").find((l) => l.startsWith(`| \`${kind}\` |`));
    expect(row).toContain(`(${kebab(kind)}.md)`);
    const line = read("README.md").split("\n").find((l) => l.startsWith(`- [\`${kind}\`]`));
    expect(line).toContain(`(docs/resources/${kebab(kind)}.md)`);
  });

  test.each(owing("badInputs"))("%s: bad-input rows (test/handlers/bad-inputs.ts)", (kind) => {
    expect(badInputs.filter((c) => c.kind === kind).length).toBeGreaterThan(0);
  });

  test.each(owing("battery"))("%s: a handler-level battery sample (test/handlers/samples.ts), each item played or its reason given", (kind) => {
    const sample = samples[kind];
    expect(sample.regions.length).toBeGreaterThan(0);
    for (const item of [sample.update, sample.replace, sample.drift, sample.deleteByHand, sample.adopt]) {
      // A string is the stated reason the item does not apply; it must say something.
      if (typeof item === "string") expect(item.trim().length).toBeGreaterThan(10);
      else expect(item).toBeDefined();
    }
  });

  test.each(owing("bench"))("%s: a benchmark row (bench/api-calls.ts: in its stack, with the minimum calls of each operation)", (kind) => {
    expect(benchStack.some((s) => s.kind === kind)).toBe(true);
    expect(Object.keys(MINIMUM[kind] ?? {}).sort()).toEqual(["create", "delete", "read", "update"]);
  });

  test("recover: a pending create of every kind is either recorded by its Mailgun id or dropped for a stated reason", async () => {
    const pending = await Promise.all(
      owing("recover").map(async (kind) => {
        const { inputs } = await handler(kind).check({}, await sdkInputs(kind, base[kind]));
        return { type: "creating", resource: { urn: `urn:pulumi:test::mailgun-stack::${TYPE_PREFIX}${kind}::${kind}`, type: `${TYPE_PREFIX}${kind}`, custom: true, inputs } };
      }),
    );
    const { steps } = planRecovery({ resources: [], pending_operations: pending });
    const byKind = Object.fromEntries(steps.map((s) => [s.urn.split("::").pop(), s]));
    for (const kind of owing("recover")) {
      const step = byKind[kind];
      if (step.action === "import") expect({ kind, id: step.id }).toEqual({ kind, id: expect.any(String) });
      else expect({ kind, action: step.action, why: step.why }).toEqual({ kind, action: "clear", why: TAKEN_OVER[kind] });
    }
  });

  test.each(owing("recover"))("%s: a row of docs/crash-recovery.md's table says what recover does with its interrupted create", (kind) => {
    const rows = read("docs/crash-recovery.md").split("\n").filter((l) => l.startsWith("| create of "));
    expect(rows.filter((row) => row.split("|")[1].includes(`**${kind}**`))).toHaveLength(1);
  });

  test("generate: an account holding one object of every kind gives a program declaring each", async () => {
    for (const kind of owing("generate")) {
      const { inputs, failures } = await handler(kind).check({}, await sdkInputs(kind, base[kind]));
      expect({ kind, failures }).toEqual({ kind, failures: undefined });
      await handler(kind).create(inputs as never);
    }
    const snapshot = await readAccount(client(), { regions: ["us"] }, () => undefined);
    const { counts } = renderProgram(snapshot, { project: "kinds", regions: ["us"], packageName: "pulumi-mailgun", packageVersion: "0.0.0", pulumiVersion: "3.0.0" });
    // At least one: the domain's own DKIM key comes with it.
    for (const kind of owing("generate")) expect({ kind, declared: (counts.get(kind) ?? 0) > 0 }).toEqual({ kind, declared: true });
  }, 60_000);
});
