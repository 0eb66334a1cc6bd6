/**
 * Keeps a smoke going when the app dies under it: sees the death (the runner's exit event), tells
 * which requests were in flight at that moment, restarts the app (at most `maxRestarts` times,
 * one restart per death however many requests noticed it) and holds new requests while it does.
 * A suspect request is rerun alone, so a request that kills the app again is the only one in
 * flight when it does.
 */
import type { AppExit, AppRunner } from '../runner/app-runner.js';

/** One death of the app during a smoke. */
export interface CrashRecord {
  readonly exit: AppExit;
  /** The app's generation that died (0: as first started; +1 per restart). */
  readonly generation: number;
  /**
   * Scenario id and request id of the request that crashed it, once known. `byRerun`: it was one
   * of several requests in flight, and crashed the app again when rerun alone (that later death
   * carries the attribution window).
   */
  culprit?: {
    readonly scenarioId: string;
    readonly requestId: string;
    readonly startMs: number;
    readonly byRerun?: boolean;
  };
  /** Restarted afterwards; false when the restart budget was spent or the restart failed. */
  restarted?: boolean;
  /** Why it was not restarted. */
  notRestarted?: string;
  /** A death this smoke caused to get a stack dump of a hung app: never a crash. */
  readonly dump?: boolean;
  /**
   * A suspect of an earlier death, rerun alone, killed the app again: this death only names the
   * earlier one's culprit, so its restart is not charged to the budget (there are at most as
   * many as requests were in flight at the earlier death).
   */
  confirmsEarlier?: boolean;
}

/** One admitted send. */
export interface SendTicket {
  readonly generation: number;
  readonly startMs: number;
  readonly exclusive: boolean;
}

/** Options of `createCrashGuard`. */
export interface CrashGuardOptions {
  /** Restarts allowed per smoke (`smoke.maxCrashRestarts`). */
  readonly maxRestarts: number;
  /** How long a request that lost its connection waits for the runner to report a death. */
  readonly graceMs?: number;
  readonly now?: () => number;
}

/** See the module comment. */
export interface CrashGuard {
  /** Waits while the app restarts (and, for `exclusive`, until nothing else is in flight), then admits one send. */
  enter(exclusive: boolean): Promise<SendTicket>;
  /** Ends a send; `connectionLost`: it got no response because the connection failed. */
  leave(ticket: SendTicket, connectionLost: boolean): void;
  /** The death of `generation`, waiting up to the grace period for the runner to report it; null: it did not die. */
  deathOf(generation: number): Promise<CrashRecord | null>;
  /** Sends of `generation` in flight when it died (started by then, no response). */
  suspects(generation: number): readonly SendTicket[];
  /** Brings the app back after `generation` died; concurrent callers share one restart. True when it is up. */
  recover(generation: number): Promise<boolean>;
  /**
   * Has the app print its stacks (it dies doing so: `runner.dumpStacks`) while `generation` is up,
   * then restarts it; null when it cannot (no dumping runtime, a restart or dump under way, the
   * budget — `maxRestarts` dumps — spent). The dump's log lines end at the record's `exit.loggedAtMs`.
   */
  dumpStacks(generation: number): Promise<CrashRecord | null>;
  /** The crash that left the app down for good, when the budget ran out. */
  down(): CrashRecord | null;
  readonly crashes: readonly CrashRecord[];
  restarts(): number;
  dispose(): void;
}

// `seq` orders enters and connection losses strictly (milliseconds do not): a send that began after
// another one of its generation had already lost its connection cannot have killed the app.
type Tracked = SendTicket & { seq: number; lost?: boolean; ended?: boolean };

interface Waiter {
  readonly exclusive: boolean;
  readonly admit: () => void;
}

/** Creates a guard over a runner that reports exits (`runner.onExit`). */
export function createCrashGuard(
  runner: AppRunner & Required<Pick<AppRunner, 'onExit'>>,
  options: CrashGuardOptions,
): CrashGuard {
  const now = options.now ?? Date.now;
  const graceMs = options.graceMs ?? 3_000;
  const crashes: CrashRecord[] = [];
  const inFlight = new Set<Tracked>();
  const byGeneration = new Map<number, Tracked[]>();
  const deathWaiters = new Map<number, ((record: CrashRecord) => void)[]>();
  const waiters: Waiter[] = [];
  const firstLoss = new Map<number, number>();
  let seq = 0;
  let generation = 0;
  let restarts = 0;
  let charges = 0;
  let dumps = 0;
  let dumping = false;
  let restarting: Promise<boolean> | null = null;
  let exclusiveHeld = false;
  let downFor: CrashRecord | null = null;

  const off = runner.onExit((exit) => {
    const record: CrashRecord = { exit, generation, ...(dumping ? { dump: true } : {}) };
    crashes.push(record);
    for (const resolve of deathWaiters.get(generation) ?? []) resolve(record);
    deathWaiters.delete(generation);
  });

  const pump = () => {
    while (waiters.length > 0 && restarting === null && !exclusiveHeld) {
      const head = waiters[0]!;
      if (head.exclusive && inFlight.size > 0) return;
      waiters.shift();
      if (head.exclusive) exclusiveHeld = true;
      head.admit();
      if (head.exclusive) return;
    }
  };

  const recordOf = (gen: number) => crashes.find((c) => c.generation === gen) ?? null;

  const guard: CrashGuard = {
    crashes,
    restarts: () => restarts,
    down: () => downFor,
    async enter(exclusive) {
      await new Promise<void>((admit) => {
        waiters.push({ exclusive, admit });
        pump();
      });
      const ticket: Tracked = { generation, startMs: now(), exclusive, seq: seq++ };
      inFlight.add(ticket);
      byGeneration.set(generation, [...(byGeneration.get(generation) ?? []), ticket]);
      return ticket;
    },
    leave(ticket, connectionLost) {
      const held = ticket as Tracked;
      held.lost = connectionLost;
      held.ended = true;
      if (connectionLost && !firstLoss.has(held.generation)) firstLoss.set(held.generation, seq++);
      inFlight.delete(held);
      if (ticket.exclusive) exclusiveHeld = false;
      pump();
    },
    deathOf(gen) {
      const known = recordOf(gen);
      if (known) return Promise.resolve(known);
      if (gen < generation) return Promise.resolve(null);
      return new Promise<CrashRecord | null>((resolve) => {
        const timer = setTimeout(() => {
          deathWaiters.set(
            gen,
            (deathWaiters.get(gen) ?? []).filter((w) => w !== settle),
          );
          resolve(null);
        }, graceMs);
        const settle = (record: CrashRecord) => {
          clearTimeout(timer);
          resolve(record);
        };
        deathWaiters.set(gen, [...(deathWaiters.get(gen) ?? []), settle]);
      });
    },
    suspects(gen) {
      const record = recordOf(gen);
      if (!record) return [];
      const lossSeq = firstLoss.get(gen) ?? Infinity;
      return (byGeneration.get(gen) ?? []).filter(
        (t) => t.seq < lossSeq && t.startMs <= record.exit.atMs && (t.lost === true || !t.ended),
      );
    },
    recover(gen) {
      const record = recordOf(gen);
      if (!record) return Promise.resolve(true);
      if (record.restarted !== undefined) return Promise.resolve(record.restarted);
      if (restarting) return restarting;
      restarting = (async () => {
        const charged = !record.dump && !record.confirmsEarlier;
        if (charged && charges >= options.maxRestarts) {
          record.restarted = false;
          record.notRestarted = `the restart budget is spent (smoke.maxCrashRestarts = ${options.maxRestarts})`;
        } else {
          if (charged) charges += 1;
          if (!record.dump) restarts += 1;
          try {
            await (runner.restartAfterCrash ? runner.restartAfterCrash() : runner.restart());
            record.restarted = true;
          } catch (error) {
            record.restarted = false;
            record.notRestarted = `the restart failed: ${(error as Error).message.split('\n')[0]}`;
          }
        }
        generation += 1;
        if (!record.restarted) downFor = record;
        return record.restarted;
      })();
      return restarting.finally(() => {
        restarting = null;
        pump();
      });
    },
    async dumpStacks(gen) {
      if (
        !runner.dumpStacks ||
        gen !== generation ||
        dumping ||
        restarting ||
        dumps >= options.maxRestarts ||
        recordOf(gen)
      )
        return null;
      dumping = true;
      try {
        if (!(await runner.dumpStacks().catch(() => false))) return null;
        dumps += 1;
        const record = await guard.deathOf(gen);
        if (!record) return null;
        await guard.recover(gen);
        return record;
      } finally {
        dumping = false;
      }
    },
    dispose: () => off(),
  };
  return guard;
}
