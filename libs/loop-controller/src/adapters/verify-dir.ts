/** The scratch dir that holds the default verify command's spec, for one run. */
import { rm } from 'node:fs/promises';
import { makeScratchDir } from '@smoke-repair/smoke-validator';

/** Owned, like every scratch dir: a killed run's is removed by the next. */
export function makeVerifyDir(): Promise<string> {
  return makeScratchDir('smoke-repair-verify-spec-');
}

/** Removes it at the end of the run. */
export async function removeVerifyDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
