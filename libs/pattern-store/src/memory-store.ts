import type { PatternState } from './pattern-state.js';
import { StateBackedStore, type Journal } from './state-store.js';
import type { PatternEvent, PatternStore } from './types.js';

/** Keeps events in the process only. */
class MemoryJournal implements Journal {
  /** Serialises writers, as the file lock does across processes. */
  private tail: Promise<void> = Promise.resolve();

  async refresh(): Promise<void> {
    // Nothing else writes to this memory.
  }

  write(state: PatternState, decide: (state: PatternState) => PatternEvent[]): Promise<void> {
    const run = this.tail.then(() => {
      for (const event of decide(state)) state.apply(event);
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    // Nothing to release.
  }
}

/** A pattern store that lives and dies with the process: tests and throwaway runs (`memory:`). */
export function createMemoryPatternStore(): PatternStore {
  return new StateBackedStore('memory', 'memory:', new MemoryJournal());
}
