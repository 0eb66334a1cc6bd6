/**
 * One scenario's send under the crash guard: it takes a concurrency slot, enters the guard, and,
 * when the app dies under it, either owns the crash or is rerun on the restarted app; a hung
 * request gets the app's stack dump.
 */
import type { SentRequest } from './build-request.js';
import type { CrashRecord, SendTicket } from './crash-guard.js';
import type { ExecuteOptions } from './execute-options.js';
import type { HttpFailure, HttpResponse } from './http-client.js';
import type { Scenario } from './scenario.js';
import type { ScenarioRun } from './scenario-run.js';

/** A request sent (once, or again after the app restarted) and what came of it. */
export interface Sent {
  response: HttpResponse | HttpFailure;
  sendStart: number;
  endMs: number;
  /** This request crashed the app. */
  crash?: CrashRecord;
  reruns: number;
  /** It hung and the app was stopped for a stack dump. */
  dump?: CrashRecord;
}

/** A send, or the scenario blocked unsent: the app was down and not restarted. */
type GuardedSend = Sent | { blocked: ScenarioRun };

/** Sends `request` for `s`; notes of reruns are pushed onto `notes`. */
export type SendGuarded = (s: Scenario, request: SentRequest, notes: string[]) => Promise<GuardedSend>;

/** What a guarded send needs from the run: its options, its concurrency slot and its clock. */
interface GuardedSendDeps {
  readonly options: ExecuteOptions;
  /** Waits for a free concurrency slot and takes it. */
  readonly acquire: () => Promise<void>;
  /** Gives the slot to the next waiting request. */
  readonly release: () => void;
  readonly now: () => number;
}

/** Creates the run's guarded send (see module comment). */
export function createSendGuarded({ options, acquire, release, now }: GuardedSendDeps): SendGuarded {
  // One send, or, when the app dies under it: the crash (it was the only request in flight), or a
  // rerun on the restarted app (alone when it may have been the one that killed it).
  return async (s, request, notes) => {
    const guard = options.guard;
    let reruns = 0;
    let exclusive = false;
    const suspectedIn: CrashRecord[] = [];
    for (;;) {
      const down = guard?.down();
      if (down) {
        const by = down.culprit ? [down.culprit.scenarioId] : [];
        const at = now();
        return {
          blocked: {
            scenario: s,
            status: 'blocked',
            blockedBy: by,
            notes: [
              ...notes,
              `not sent: the app crashed${by.length ? ` under ${by[0]}` : ''} ` +
                `and ${down.notRestarted ?? 'was not restarted'}`,
            ],
            startMs: at,
            endMs: at,
          },
        };
      }
      await acquire();
      const ticket: SendTicket | undefined = await guard?.enter(exclusive);
      const sendStart = now();
      let response: HttpResponse | HttpFailure;
      try {
        response = await options.http.send({
          method: request.method,
          url: request.url,
          headers: request.headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
          timeoutMs: options.timeoutMs ?? 10_000,
          maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        if (ticket) guard!.leave(ticket, false);
        release();
        throw error;
      }
      const lost = !response.ok && response.kind === 'connection_error';
      if (ticket) guard!.leave(ticket, lost);
      const endMs = now();
      if (response.ok && response.status >= 500 && options.afterServerError) {
        try {
          await options.afterServerError();
        } catch {
          // only a wait: attribution then falls back to its other evidence
        }
      }
      release();
      if (guard && ticket && !response.ok && response.kind === 'timeout') {
        // A hang: while the handler is still stuck, have the app show where (where the runtime can).
        const dump = await guard.dumpStacks(ticket.generation);
        return { response, sendStart, endMs, reruns, ...(dump ? { dump } : {}) };
      }
      if (!guard || !ticket || !lost) return { response, sendStart, endMs, reruns };
      const death = await guard.deathOf(ticket.generation);
      if (!death) return { response, sendStart, endMs, reruns };
      const suspects = guard.suspects(ticket.generation);
      if (!death.dump && suspects.length === 1 && suspects[0] === ticket) {
        death.culprit = { scenarioId: s.id, requestId: request.requestId, startMs: sendStart };
        for (const earlier of suspectedIn)
          earlier.culprit ??= { scenarioId: s.id, requestId: request.requestId, startMs: sendStart, byRerun: true };
        if (exclusive && suspectedIn.length > 0) death.confirmsEarlier = true;
        await guard.recover(ticket.generation);
        return { response, sendStart, endMs, crash: death, reruns };
      }
      const up = await guard.recover(ticket.generation);
      if (!up) continue; // reported as blocked by the crash at the top of the loop
      reruns += 1;
      exclusive = !death.dump && suspects.includes(ticket);
      if (exclusive) suspectedIn.push(death);
      notes.push(
        death.dump
          ? 'rerun after the app restarted: it was stopped for a stack dump of a hung request'
          : `rerun after the app restarted: it died (${exitText(death)}) while this request ` +
              `was ${exclusive ? 'in flight with others' : 'being sent'}`,
      );
    }
  };
}

function exitText(crash: CrashRecord): string {
  return crash.exit.signal ? `signal ${crash.exit.signal}` : `exit code ${crash.exit.exitCode}`;
}

/** The failure message of the request that crashed the app, and what became of the app. */
export function crashMessage(crash: CrashRecord): string {
  const after = crash.restarted
    ? 'restarted; the other scenarios ran on the restarted app'
    : `not restarted: ${crash.notRestarted ?? 'unknown reason'}`;
  return `the app crashed during this request (${exitText(crash)}); ${after}`;
}
