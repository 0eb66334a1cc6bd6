/** `smoke.json`: the `SmokeResult` as JSON (schema: `smokeResultJsonSchema()`). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SmokeResult } from '../smoke-result.js';

/** Writes the result as pretty JSON to `path` (directories created). */
export async function writeJsonReport(result: SmokeResult, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`, 'utf8');
}
