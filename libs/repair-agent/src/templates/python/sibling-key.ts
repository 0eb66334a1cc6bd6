import { maskStrings } from './expression-text.js';

/**
 * The values of fields a returned dict literal lacks, read the way its other entries are: when
 * entries give each key from the same dict under the same key (`"present": counts["present"]`),
 * and that dict is a literal of the function with the missing key too (`counts = {"present": 0,
 * "absent": 0}`), the missing `"absent"` is `counts["absent"]`. Null unless every missing field
 * has such a value: nothing is invented.
 */
export function siblingKeyValues(returned: string, body: string, missing: readonly string[]): string[] | null {
  const readers = new Set(
    [...returned.matchAll(/["'](\w+)["']\s*:\s*([A-Za-z_]\w*)\[\s*["'](\w+)["']\s*\]/g)]
      .filter((m) => m[1] === m[3])
      .map((m) => m[2]!),
  );
  if (readers.size !== 1 || missing.length === 0) return null;
  const [dict] = [...readers];
  const masked = maskStrings(body);
  const literals = [...masked.matchAll(new RegExp(`(?<![\\w.])${dict}\\s*=\\s*\\{`, 'g'))].map((m) =>
    literalAt(body, m.index + m[0].length - 1),
  );
  if (literals.length !== 1 || literals[0] === null) return null;
  const keys = new Set([...literals[0]!.matchAll(/["'](\w+)["']\s*:/g)].map((m) => m[1]!));
  return missing.every((field) => keys.has(field))
    ? missing.map((field) => `${JSON.stringify(field)}: ${dict}[${JSON.stringify(field)}]`)
    : null;
}

// The `{…}` literal opening at `open`, brackets balanced outside strings; null when it never closes.
function literalAt(text: string, open: number): string | null {
  const masked = maskStrings(text);
  let depth = 0;
  for (let i = open; i < masked.length; i++) {
    if ('([{'.includes(masked[i]!)) depth++;
    else if (')]}'.includes(masked[i]!) && --depth === 0) return text.slice(open, i + 1);
  }
  return null;
}
