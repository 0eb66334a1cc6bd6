/** `smoke.scenarios` read from disk, then validated by `parseScenarioFile`. */
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ScenarioFileError } from '../errors.js';
import { parseScenarioFile, type scenarioFileSchema } from '../http/scenario-file.js';

/** Reads and validates a scenario file; throws `ScenarioFileError` naming the field. */
export async function loadScenarioFile(path: string): Promise<z.output<typeof scenarioFileSchema>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioFileError(`cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`, path, {
      cause: error,
    });
  }
  return parseScenarioFile(text, path);
}
