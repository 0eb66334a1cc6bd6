import { PatternStoreError } from '@smoke-repair/pattern-store';
import { SmokeRepairError } from '@smoke-repair/smoke-validator';

/** Errors the user can fix (configuration, input, environment): one message, exit 2. */
export function isUserError(error: unknown): boolean {
  return error instanceof SmokeRepairError || error instanceof PatternStoreError;
}
