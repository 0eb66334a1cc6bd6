import type { SourceTree } from '../../source/source-tree.js';

// Dependencies, build output, tests and manifests hold no stored rows.
const NOT_DATA = new RegExp(
  String.raw`(^|\/)(node_modules|dist|build|coverage|tests?|__tests__|\.smoke-repair|artifacts)\/|(^|` +
    String.raw`\/)(package(-lock)?|tsconfig[\w.-]*|openapi|swagger)\.json$`,
);

/**
 * The project keeps `key` as a JSON array in its data files (a seed: `"skills": ["brakes", …]`),
 * and the text `JSON.parse` refused is one of those arrays as `String(array)` gives it
 * (`"brakes,whe"...`): the value read is the array itself, not JSON text. False when any data
 * file holds the key otherwise (a string, an object), or no stored array reads as the text.
 */
export async function storedAsArray(
  tree: Pick<SourceTree, 'list' | 'read'>,
  key: string,
  text: string,
): Promise<boolean> {
  let matched = false;
  for (const file of await tree.list()) {
    if (!file.endsWith('.json') || NOT_DATA.test(file)) continue;
    const source = await tree.read(file);
    if (source === null || !source.includes(`"${key}"`)) continue;
    let data: unknown;
    try {
      data = JSON.parse(source);
    } catch {
      continue;
    }
    for (const value of valuesOf(data, key)) {
      if (!Array.isArray(value)) return false;
      if (String(value).startsWith(text)) matched = true;
    }
  }
  return matched;
}

function* valuesOf(data: unknown, key: string): Generator<unknown> {
  if (Array.isArray(data)) for (const item of data) yield* valuesOf(item, key);
  else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (k === key) yield v;
      else yield* valuesOf(v, key);
    }
  }
}
