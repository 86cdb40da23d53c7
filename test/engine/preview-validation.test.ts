import { handler } from "../../provider";
import { useMailgunStack, ResourceSpec } from "../../testkit/mailgun-stack";
import type { RequestLogEntry } from "../../testkit/emulator";
import { BadInput, Kind, OMIT, badInputs, base } from "./bad-inputs";

/**
 * Issue 10: every bad input in bad-inputs.ts is refused by `pulumi preview`, with a failure
 * naming the field, and without a single call to Mailgun (the emulator's request log stays empty).
 *
 * Batching. Found by running it (Pulumi v3.259): the engine checks resources one at a time and
 * ends the preview at the first resource whose check fails ("resource ... is invalid"); the
 * other resources of the program are never checked, so their failures are not reported. A
 * check, though, reports every bad field of its one resource. So each preview declares one
 * resource that carries several cases, each on a different field of the kind's valid base
 * args; the failures are told apart by the `[field]` they name.
 */

interface Batch {
  kind: Kind;
  cases: BadInput[];
  args: Record<string, unknown>;
  /** Where an `item` case's value sits in its list. */
  index: Map<BadInput, number>;
}

/**
 * Greedy packing: a case joins the first batch of its kind that does not set its field yet;
 * the `item` cases of one list field all go into one list, in one batch.
 */
function pack(cases: BadInput[]): Batch[] {
  const batches: Batch[] = [];
  const place = (c: BadInput) => {
    let batch = batches.find((b) => b.kind === c.kind && !b.cases.some((o) => o.key === c.key));
    if (!batch) batches.push((batch = { kind: c.kind, cases: [], args: { ...base[c.kind] }, index: new Map() }));
    return batch;
  };
  for (const c of cases.filter((x) => !x.item)) {
    const batch = place(c);
    batch.cases.push(c);
    if (c.value === OMIT) delete batch.args[c.key];
    else batch.args[c.key] = c.value;
  }
  for (const key of new Set(cases.filter((x) => x.item).map((x) => `${x.kind}.${x.key}`))) {
    const items = cases.filter((x) => x.item && `${x.kind}.${x.key}` === key);
    const batch = place(items[0]);
    batch.cases.push(...items);
    batch.args[items[0].key] = items.map((x, i) => (batch.index.set(x, i), x.value));
  }
  return batches;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The failure texts this case must be among: after `<Kind>: [<field>] `, or `[<field>.<index>] ` for a list item. */
function failureTexts(output: string, c: BadInput, index: number | undefined): string[] {
  // A field of an object input (dkimRotation.interval) counts as the object's.
  const path = index === undefined ? `${escape(c.field)}(?:\\.\\w+)?` : `${escape(c.field)}\\.${index}`;
  return [...output.matchAll(new RegExp(`${c.kind}: \\[${path}\\] (.*)$`, "gm"))].map((m) => m[1]);
}

interface Outcome {
  failed: boolean;
  output: string;
  requests: RequestLogEntry[];
}

const batches = pack(badInputs);
const outcomes = new Map<Batch, Outcome>();

describe("bad inputs are refused at preview, naming the field, with 0 API calls", () => {
  const t = useMailgunStack([]);

  async function preview(resources: ResourceSpec[]): Promise<Outcome> {
    await t.project.setResources(resources);
    await t.emulator.clearRequests();
    const result = await t.project.stack.preview().then(
      (r) => ({ failed: false, output: r.stdout + r.stderr }),
      (e: Error) => ({ failed: true, output: e.message }),
    );
    return { ...result, requests: await t.emulator.requests() };
  }

  beforeAll(async () => {
    const started = Date.now();
    for (const [i, batch] of batches.entries()) {
      outcomes.set(batch, await preview([{ kind: batch.kind, name: `bad-${batch.kind.toLowerCase()}-${i}`, args: batch.args }]));
    }
    const byKind = (Object.keys(base) as Kind[]).map((k) => `${k} ${badInputs.filter((c) => c.kind === k).length}`).join(", ");
    console.log(
      `preview-validation: ${badInputs.length} bad-input cases (${byKind}) in ${batches.length} previews ` +
        `${Math.round((Date.now() - started) / 1000)} s`,
    );
  }, 60_000 + 20_000 * batches.length); // one preview per batch; a few seconds each on a busy machine

  test.each(Object.keys(base) as Kind[])("the valid base inputs of %s pass its check, so each refusal is the bad field's doing", async (kind) => {
    expect(await handler(kind).check({}, { ...base[kind] })).toEqual({ inputs: expect.any(Object) });
  });

  test("the table covers at least 80 cases, and every kind", () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(80);
    expect(new Set(badInputs.map((c) => c.kind))).toEqual(new Set(Object.keys(base)));
  });

  test.each(badInputs.map((c) => [`${c.kind} ${c.field}: ${c.what}`, c] as const))("%s", (_name, c) => {
    const batch = batches.find((b) => b.cases.includes(c))!;
    const outcome = outcomes.get(batch);
    expect(outcome).toBeDefined();
    expect(outcome!.requests).toEqual([]);
    expect(outcome!.failed).toBe(true);
    const texts = failureTexts(outcome!.output, c, batch.index.get(c));
    // Shows the case's own failures (or all of the preview's output when the field is not named at all).
    expect(texts.length ? texts : [outcome!.output]).toContainEqual(expect.stringMatching(c.reason));
  });
});
