/**
 * A Domain's `dkimRotation`: Mailgun's automatic rotation of Automatic Sender Security DKIM keys
 * (`PUT /v1/dkim_management/domains/{d}/rotation`, api-notes §2.8). Read back only for domains
 * whose program declares it, so every other domain's read costs no extra call. The setting's
 * schema, checks and output; the calls that read and write it are in dkim-rotation-calls.ts, so the
 * SDK's field definitions (which use the schema in the program's process) load no HTTP client.
 */
import { z } from "zod";
import type { DkimRotation } from "../client/schemas";
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
