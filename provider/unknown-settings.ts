import { distance } from "fastest-levenshtein";
import { CONFIG_KEYS } from "./config";

/** Case-insensitive: `apiUrlUS` is one step from `apiUrlUs`. */
function editDistance(a: string, b: string): number {
  return distance(a.toLowerCase(), b.toLowerCase());
}

export function closestKnownKey(key: string): string {
  return CONFIG_KEYS.reduce((best, known) => (editDistance(key, known) < editDistance(key, best) ? known : best));
}

/**
 * One warning per `mailgun:*` key the provider does not read: the provider would silently use
 * the default instead (a typo'd `mailgun:apiUrlUS` sends calls to the real Mailgun).
 */
export function unknownSettingWarnings(keys: Iterable<string>): string[] {
  const warnings: string[] = [];
  for (const key of keys) {
    if (!key.startsWith("mailgun:") || CONFIG_KEYS.includes(key)) continue;
    warnings.push(`${key} is not a pulumi-mailgun setting and is ignored; did you mean ${closestKnownKey(key)}?`);
  }
  return warnings;
}
