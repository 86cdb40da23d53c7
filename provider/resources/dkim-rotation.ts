/**
 * A Domain's `dkimRotation`: Mailgun's automatic rotation of Automatic Sender Security DKIM keys
 * (`PUT /v1/dkim_management/domains/{d}/rotation`, api-notes §2.8). Read back only for domains
 * whose program declares it, so every other domain's read costs no extra call.
 */
import { z } from "zod";
import { isNotFound, MailgunNotFoundError, MailgunRetryBudgetError } from "../client/errors";
import type { CallOptions } from "../client/request-loop";
import type { DkimRotation } from "../client/schemas";
import { client } from "../runtime";
import type { Region } from "../config";
import { sameValue } from "./diff";
import type { CheckFailure, Props } from "./types";
import { UNKNOWN, failureFor, optionalBoolean } from "./validation";

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
/** "The minimum allowed interval for rotation is 5 days" (spec). */
const MIN_MS = 5 * UNIT_MS.d;

/** Milliseconds of a duration as Mailgun takes it (`5d`, `120h`, `7d12h`) or may echo it (`120h0m0s`). */
export function durationMs(text: string): number | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?[dhms])+$/.test(s)) return undefined;
  let total = 0;
  for (const [, n, unit] of s.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)) total += Number(n) * UNIT_MS[unit];
  return total;
}

const interval = z
  .string({ error: 'dkimRotation.interval must be a string such as "7d" or "168h"' })
  .refine((s) => durationMs(s) !== undefined, { error: 'dkimRotation.interval must be a number of days or hours such as "7d", "10d" or "168h" (units: d, h)' })
  .refine((s) => (durationMs(s) ?? 0) >= MIN_MS, { error: 'dkimRotation.interval must be at least 5 days ("5d" or "120h"): Mailgun\'s minimum' });

export const dkimRotationInput = z
  .object(
    {
      enabled: optionalBoolean("dkimRotation.enabled"),
      interval: interval.optional(),
    },
    { error: 'dkimRotation must be an object such as { enabled: true, interval: "7d" }' },
  )
  .strict();

export type DkimRotationSetting = z.output<typeof dkimRotationInput>;

/**
 * Rules across fields, on the raw inputs: reported with the fields' own failures (a preview ends
 * at the first resource it refuses, so everything wrong with this one should show at once).
 * Values not known yet at preview are left to the next check.
 */
export function rotationFailures(news: Props): CheckFailure[] {
  const rotation = news.dkimRotation;
  if (rotation === undefined || rotation === null || typeof rotation !== "object" || Array.isArray(rotation)) return [];
  const { enabled, interval } = rotation as { enabled?: unknown; interval?: unknown };
  const failures: CheckFailure[] = [];
  if (interval !== undefined && enabled === false) {
    failures.push(failureFor("Domain", ["dkimRotation", "interval"], "dkimRotation.interval is only allowed with enabled: true (Mailgun refuses an interval while disabling rotation); remove it", news));
  }
  const ass = news.useAutomaticSenderSecurity;
  if (ass !== true && ass !== UNKNOWN) {
    failures.push(failureFor("Domain", ["dkimRotation"], "dkimRotation needs useAutomaticSenderSecurity: true: Mailgun rotates only the DKIM keys it hosts for Automatic Sender Security", news));
  }
  return failures;
}

/**
 * The setting as the program would state it: the live interval is reported in the program's own
 * spelling when it is the same duration (`7d` = `168h`), and only when the program sets one.
 */
export function rotationOutput(declared: DkimRotationSetting | undefined, live: DkimRotation): DkimRotationSetting {
  const out: DkimRotationSetting = { enabled: live.rotation_enabled };
  if (declared?.interval !== undefined) {
    const liveInterval = live.rotation_interval ?? "";
    const same = durationMs(liveInterval) !== undefined && durationMs(liveInterval) === durationMs(declared.interval);
    out.interval = same ? declared.interval : liveInterval;
  }
  return out;
}

/** A 404 page (not JSON) means this Mailgun does not serve the read-back endpoint: rotation is then not readable. */
function endpointMissing(err: unknown): boolean {
  const e = err instanceof MailgunRetryBudgetError ? err.lastError : err;
  return e instanceof MailgunNotFoundError && /endpoint not found/i.test(e.mailgunMessage);
}

/**
 * The live setting, or `previous` when it cannot be read. A JSON 404 from the DKIM service (the
 * domain no longer uses Automatic Sender Security) reads as rotation off.
 */
export async function readRotation(r: Region, name: string, declared: DkimRotationSetting | undefined, previous: DkimRotationSetting | undefined, o?: CallOptions): Promise<DkimRotationSetting | undefined> {
  try {
    return rotationOutput(declared, await client().dkim.getRotation(r, name, o));
  } catch (e) {
    if (endpointMissing(e)) return previous;
    if (isNotFound(e)) return { enabled: false, ...(declared?.interval !== undefined ? { interval: "" } : {}) };
    throw e;
  }
}

/** Sends the setting when it differs from `current`; answers what was written, if anything. */
export async function applyRotation(r: Region, name: string, current: DkimRotationSetting | undefined, desired: DkimRotationSetting | undefined, o?: CallOptions): Promise<DkimRotationSetting | undefined> {
  if (desired === undefined || sameValue(current, desired)) return undefined;
  await client().dkim.updateRotation(r, name, {
    rotation_enabled: desired.enabled,
    ...(desired.enabled && desired.interval !== undefined ? { rotation_interval: desired.interval } : {}),
  }, o);
  return desired;
}
