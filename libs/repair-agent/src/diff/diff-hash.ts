import { createHash } from 'node:crypto';

/** The hash `RejectedCandidate.diffHash` is compared on. */
export function patchDiffHash(diff: string): string {
  return createHash('sha256').update(diff).digest('hex');
}
