import { z } from 'zod';

/**
 * A strict zod object whose unknown keys are reported with the nearest known one:
 * `unknown key "comand" (did you mean "command"?)`. A typo in a config must not be ignored.
 */
export function strictWithHints<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined),
  });
}

/** `unknown key "x" (did you mean "y"?)` for each key, joined. */
export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((key) => {
      const near = nearestName(key, known);
      return (
        `unknown key ` +
        `"${key}"${
          near ? ` (did you mean ` + `"${near}"?)` : ` (known: ${known.filter((k) => k !== '$comment').join(', ')})`
        }`
      );
    })
    .join('; ');
}

/**
 * The known name nearest to `key` — within a third of its length in edits (at least 1, at most
 * 3), case ignored — or null. The one "did you mean" rule for config keys, flags and commands.
 */
export function nearestName(key: string, known: readonly string[]): string | null {
  let best: { key: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  const limit = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  return best && best.distance <= limit ? best.key : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
