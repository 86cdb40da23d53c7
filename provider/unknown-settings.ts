import { CONFIG_KEYS } from "./config";

/** Levenshtein distance, case-insensitive: `apiUrlUS` is one step from `apiUrlUs`. */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
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
