import { handler, KINDS } from "../../provider";
import type { CheckFailure, CheckResult } from "../../provider/resources/types";
import { useHandlerEmulator } from "../../testkit/handler-harness";
import { sdkInputs } from "../../testkit/sdk-inputs";
import { argsOf, badInputs, base, type BadInput } from "./bad-inputs";

/**
 * Issue 10 at handler level: every bad input of bad-inputs.ts is refused by its kind's check, run
 * as the provider process runs it (handler(kind)) on the inputs the SDK class builds, with a
 * failure naming the field, and without a single call to Mailgun (the emulator's request log
 * stays empty). The engine turns each failure into `<Kind>: [field] reason` on its own line;
 * test/engine/check-failures.test.ts shows that once for a resource failing several fields.
 */

/**
 * Fields that can hold a secret. The engine prints the value of whichever property a failure
 * names, so a failure on one of them must leave `property` empty and name the field in the
 * reason alone, without the value (provider/resources/validation.ts failureFor).
 */
const SECRET_FIELDS: Partial<Record<BadInput["kind"], string[]>> = {
  Domain: ["smtpPassword"],
  DomainCredential: ["password"],
  DkimKey: ["pem"],
  // A URL may carry a token in its path or query.
  Webhook: ["url"],
  AccountWebhook: ["url"],
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The failures that name the case's field, with the text after `<Kind>: [<field>] `. */
function naming(failures: CheckFailure[], c: BadInput): Array<CheckFailure & { text: string }> {
  // A list item is `field.0`; a field inside an object input (dkimRotation.interval) counts as the object's.
  const path = c.item ? `${escape(c.field)}\\.0` : `${escape(c.field)}(?:\\.\\w+)?`;
  const pattern = new RegExp(`^${c.kind}: \\[${path}\\] (.*)$`, "s");
  return failures.flatMap((f) => {
    const m = pattern.exec(f.reason);
    return m ? [{ ...f, text: m[1] }] : [];
  });
}

/** An input the kind does not have (a typo, another tool's spelling): it may be a misspelled secret. */
const isUnknownKey = (c: BadInput) => /^unknown key/.test(c.what);

describe("bad inputs are refused by the check, naming the field, with 0 API calls", () => {
  const t = useHandlerEmulator({});

  /**
   * One run: the earlier resources' checks, then the case's; the emulator must see no call. A check
   * records what the run declares (template-slots.ts, webhook-slots.ts) and one checked again replaces
   * its own record, so every case but the run-wide ones uses the SDK's default name: they never collide.
   */
  async function check(c: BadInput): Promise<CheckResult> {
    await t.emulator.clearRequests();
    for (const e of c.earlier) expect((await handler(c.kind).check({}, await sdkInputs(c.kind, e.args, e.name))).failures).toBeUndefined();
    const result = await handler(c.kind).check({}, await sdkInputs(c.kind, argsOf(c), c.name));
    expect(await t.emulator.requests()).toEqual([]);
    return result;
  }

  test.each(KINDS)("the valid base inputs of %s pass its check, so each refusal is the bad field's doing", async (kind) => {
    await t.emulator.clearRequests();
    const result = await handler(kind).check({}, await sdkInputs(kind, { ...base[kind] }));
    expect(result).toEqual({ inputs: expect.any(Object) });
    expect(await t.emulator.requests()).toEqual([]);
  });

  test("the table covers at least 80 cases, and every kind", () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(80);
    expect(new Set(badInputs.map((c) => c.kind))).toEqual(new Set(KINDS));
  });

  test.each(badInputs.map((c) => [`${c.kind} ${c.field}: ${c.what}`, c] as const))("%s", async (_name, c) => {
    const { failures = [] } = await check(c);
    expect(failures.length).toBeGreaterThan(0);
    const named = naming(failures, c);
    // Shows every failure when none names the field.
    expect(named.length ? named.map((f) => f.text) : failures.map((f) => f.reason)).toContainEqual(expect.stringMatching(c.reason));
    const top = c.field.split(".")[0];
    const secret = isUnknownKey(c) || (SECRET_FIELDS[c.kind] ?? []).includes(top);
    for (const f of named) {
      // Named only for a plain top-level field, never for a list item or a field that can hold a secret.
      expect(f.property).toEqual(c.item || secret || c.field.includes(".") ? "" : expect.stringMatching(new RegExp(`^(${escape(top)})?$`)));
      if (secret && typeof c.value === "string" && c.value.length >= 3) expect(f.reason).not.toContain(c.value);
    }
  });
});
