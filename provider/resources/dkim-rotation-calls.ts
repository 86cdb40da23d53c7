/**
 * Reads and writes a Domain's `dkimRotation` at Mailgun (the setting itself: dkim-rotation.ts).
 */
import { isNotFound, MailgunNotFoundError, MailgunRetryBudgetError } from "../client/errors";
import type { CallOptions } from "../client/request-loop";
import type { Region } from "../config";
import { client } from "../runtime";
import { sameValue } from "./diff";
import { type DkimRotationSetting, rotationOutput } from "./dkim-rotation";

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
