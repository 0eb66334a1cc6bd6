/**
 * Progress of `run`: every loop event as the lines `renderLoopEvent` gives (the log of what was
 * tried and what became of it), and on a live terminal a status line saying where the loop is —
 * the iteration, the candidate on trial (its patch id and the root cause it fixes) and its smoke's
 * counts. Plain terminals get the event lines and, during a long smoke, a count every 10 s.
 */
import type { LoopEvent } from '@smoke-repair/loop-controller';
import type { SmokeEvent } from '@smoke-repair/smoke-validator';
import { renderLoopEvent } from '../commands/run-render.js';
import type { Paint } from './colors.js';
import { createSmokeProgress, type SmokeProgress } from './smoke-progress.js';
import type { StatusLine } from './status-line.js';

/** Listeners for the loop's events and its smokes' events. */
export interface LoopProgress {
  onEvent(event: LoopEvent): void;
  onSmokeEvent(event: SmokeEvent): void;
  /** Redraws the status with the time now (during a smoke). */
  tick(): void;
}

/** Options of `createLoopProgress`. */
export interface LoopProgressOptions {
  readonly status: StatusLine;
  readonly paint: Paint;
  readonly live: boolean;
  readonly color: boolean;
  readonly now: () => number;
}

/** The progress display of one `run`. */
export function createLoopProgress(options: LoopProgressOptions): LoopProgress {
  const { status, paint: p } = options;
  let phase = 'baseline';
  // The candidates of the round on trial together: how many, and the latest one's id and summary.
  let trying: string | null = null;
  let onTrial = 0;
  const label = () => `${p.bold(phase)} · smoke`;
  const suffix = () => (trying ? ` · trying ${trying}` : '');
  let smoke: SmokeProgress | null = null;
  let inSmoke = false;
  const newSmoke = () =>
    createSmokeProgress({
      status,
      paint: p,
      live: options.live,
      now: options.now,
      plainEveryMs: 10_000,
      announce: false,
      label,
      suffix,
    });
  return {
    tick() {
      if (inSmoke) smoke?.tick();
    },
    onEvent(event) {
      inSmoke = false;
      for (const line of renderLoopEvent(event, !options.color).replace(/\n$/, '').split('\n')) status.log(line);
      switch (event.type) {
        case 'iteration-start':
          phase = `iteration ${event.iteration}`;
          trying = null;
          onTrial = 0;
          status.update(`${p.bold(phase)} · looking for candidate fixes…`);
          return;
        case 'repair':
          status.update(
            `${p.bold(phase)} · ${event.patches} candidate${event.patches === 1 ? '' : 's'} for ${event.rootCauses} ` +
              `root cause${event.rootCauses === 1 ? '' : 's'}`,
          );
          return;
        case 'patch-applied':
          onTrial += 1;
          trying = `${onTrial > 1 ? `${onTrial} candidates, latest ` : ''}${event.patchId} (${event.summary})`;
          status.update(`${p.bold(phase)} · restarting the app…${suffix()}`);
          return;
        case 'verdict':
        case 'rollback':
          trying = null;
          onTrial = 0;
          return;
        case 'stop':
          status.clear();
          return;
        default:
          return;
      }
    },
    onSmokeEvent(event) {
      if (event.type === 'plan' || !smoke) smoke = newSmoke();
      inSmoke = true;
      smoke.onEvent(event);
    },
  };
}
