import type { ImportResult, PatternEvent } from './types.js';

/**
 * Feeds events to `applyBatch` in batches of `size` (one transaction or write each) and adds
 * up what was new; `applyBatch` returns how many events of its batch it applied.
 */
export async function importInBatches(
  events: Iterable<PatternEvent> | AsyncIterable<PatternEvent>,
  size: number,
  applyBatch: (batch: PatternEvent[]) => Promise<number>,
): Promise<ImportResult> {
  const total: ImportResult = { applied: 0, duplicates: 0 };
  let batch: PatternEvent[] = [];
  const flush = async (): Promise<void> => {
    const pending = batch;
    batch = [];
    const applied = await applyBatch(pending);
    total.applied += applied;
    total.duplicates += pending.length - applied;
  };
  for await (const event of events) {
    batch.push(event);
    if (batch.length >= size) await flush();
  }
  if (batch.length > 0) await flush();
  return total;
}
