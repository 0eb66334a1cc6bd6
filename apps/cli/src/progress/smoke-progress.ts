/**
 * Progress of one smoke run from its events: a status line (`smoke ███░░ 412/1000 scenarios ·
 * 37 failed · 12 s · ETA 17 s`) on a live terminal; otherwise a plain line every `plainEveryMs`
 * (a 1000-scenario run prints a handful, never one per scenario). The app start and the plan
 * are announced as lines in both modes.
 */
import type { SmokeEvent } from '@smoke-repair/smoke-validator';
import type { Paint } from './colors.js';
import type { StatusLine } from './status-line.js';

/** What the progress of one smoke run listens to. */
export interface SmokeProgress {
  onEvent(event: SmokeEvent): void;
  /** Redraws the status with the time now (a live display calls it every second: the trace wait sends no events). */
  tick(): void;
}

/** Options of `createSmokeProgress`. */
export interface SmokeProgressOptions {
  readonly status: StatusLine;
  readonly paint: Paint;
  readonly live: boolean;
  readonly now: () => number;
  /** Plain mode: least time between two progress lines (default 5 s). */
  readonly plainEveryMs?: number;
  /** Print the app start, the operations and the plan as lines (default true; the loop's smokes do not). */
  readonly announce?: boolean;
  /** Text before the counts on the status line (default `smoke`). */
  readonly label?: () => string;
  /** Text after the counts (the loop's candidate on trial): last, so a narrow terminal cuts it, not the counts. */
  readonly suffix?: () => string;
}

/** A listener for one run's `SmokeEvent`s (a new one per run). */
export function createSmokeProgress(options: SmokeProgressOptions): SmokeProgress {
  const { status, paint: p, live, now } = options;
  const every = options.plainEveryMs ?? 5_000;
  const announce = options.announce ?? true;
  const label = options.label ?? (() => 'smoke');
  const suffix = options.suffix ?? (() => '');
  let total = 0;
  let done = 0;
  let failed = 0;
  let startedAt = now();
  let lastPlain = now();
  const counts = () => {
    const elapsed = (now() - startedAt) / 1000;
    const eta = done > 0 && done < total ? (elapsed / done) * (total - done) : null;
    return { elapsed: Math.round(elapsed), eta: eta === null ? null : Math.round(eta) };
  };
  let phase: 'idle' | 'starting' | 'planning' | 'running' | 'traces' = 'idle';
  // `force`: a change of phase is drawn at once, whatever the throttle.
  const render = (force = false) => {
    const { elapsed, eta } = counts();
    if (phase === 'starting') return status.update(`${label()} · starting the app… ${elapsed} s${suffix()}`, force);
    if (phase === 'planning')
      return status.update(`${label()} · loading the API and generating scenarios…${suffix()}`, force);
    if (phase === 'idle') return;
    const failures = failed > 0 ? p.red(`${failed} failed`) : p.green('0 failed');
    const tail = phase === 'traces' ? ' · matching server traces…' : eta === null ? '' : ` · ETA ${eta} s`;
    status.update(
      `${label()} ${bar(done, total)} ${done}/${total} scenarios · ${failures} · ${elapsed} s${tail}${suffix()}`,
      force,
    );
  };
  return {
    tick: () => render(),
    onEvent(event) {
      switch (event.type) {
        case 'app-starting':
          if (announce) status.log(`starting the app (${event.runner} runner)…`);
          phase = 'starting';
          startedAt = now();
          render(true);
          return;
        case 'app-ready':
          phase = 'planning';
          render(true);
          return;
        case 'api-loaded':
          if (announce) status.log(`${event.title}: ${event.operations} operations`);
          return;
        case 'plan':
          total = event.scenarios.length;
          done = 0;
          failed = 0;
          startedAt = now();
          lastPlain = startedAt;
          phase = 'running';
          if (announce) status.log(`running ${total} scenarios…`);
          render(true);
          return;
        case 'scenario': {
          done += 1;
          if (event.result.status === 'failed') failed += 1;
          const { elapsed, eta } = counts();
          if (done === total) {
            phase = 'traces';
            if (!live && announce)
              status.log(`  ${done}/${total} scenarios sent, ${failed} failed, ${elapsed} s; matching server traces…`);
          } else if (!live && now() - lastPlain >= every) {
            lastPlain = now();
            status.log(
              `  ${done}/${total} scenarios, ${failed} failed, ${elapsed} ` +
                `s${eta === null ? '' : `, about ${eta} s left`}`,
            );
          }
          render(done === total);
          return;
        }
        default:
          return;
      }
    },
  };
}

function bar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}
