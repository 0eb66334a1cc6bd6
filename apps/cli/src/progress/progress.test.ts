// The progress renderer: terminal modes, the status line, and what a long smoke prints in each
// mode. Clocks are injected and streams are in memory: nothing depends on the terminal or env.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SmokeEvent } from '@smoke-repair/smoke-validator';
import { paint } from './colors.js';
import { createLoopProgress } from './loop-progress.js';
import { createSmokeProgress } from './smoke-progress.js';
import { createStatusLine } from './status-line.js';
import { terminalMode } from './terminal-mode.js';

/** Cursor movement or colour codes in `text`. */
const controls = (text: string) => text.includes('\r') || text.includes('\u001b');
const CLEAR = '\r\u001b[2K';

function sink() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

function clock(stepMs: number) {
  let t = 0;
  return { now: () => t, advance: (ms = stepMs) => (t += ms) };
}

describe('terminalMode', () => {
  const tty = { isTTY: true, hasColors: () => true };
  it('is live with colours on a TTY, plain without one', () => {
    expect(terminalMode(tty, {})).toEqual({ live: true, color: true });
    expect(terminalMode({ isTTY: false }, {})).toEqual({ live: false, color: false });
    expect(terminalMode({}, {})).toEqual({ live: false, color: false });
  });
  it('NO_COLOR, TERM=dumb and CI give plain lines; NO_COLOR also drops colours', () => {
    expect(terminalMode(tty, { NO_COLOR: '1' })).toEqual({ live: false, color: false });
    expect(terminalMode(tty, { TERM: 'dumb' })).toMatchObject({ live: false });
    expect(terminalMode(tty, { CI: 'true' })).toMatchObject({ live: false, color: true });
    expect(terminalMode(tty, { NO_COLOR: '' })).toEqual({ live: true, color: true });
  });
  it('FORCE_COLOR forces colours on (or off with 0/false), never a live display without a TTY', () => {
    expect(terminalMode({ isTTY: false }, { FORCE_COLOR: '1' })).toEqual({ live: false, color: true });
    expect(terminalMode({ isTTY: false }, { FORCE_COLOR: '' })).toEqual({ live: false, color: true });
    expect(terminalMode(tty, { FORCE_COLOR: '0' })).toEqual({ live: true, color: false });
    expect(terminalMode(tty, { FORCE_COLOR: 'false', NO_COLOR: '1' })).toEqual({ live: false, color: false });
    expect(terminalMode({ isTTY: true, hasColors: () => false }, {})).toEqual({ live: true, color: false });
  });
});

describe('createStatusLine', () => {
  it('live: redraws in place at most every minIntervalMs, prints lines above the status, clears it', () => {
    const out = sink();
    const c = clock(10);
    const status = createStatusLine(out.stream, {
      mode: { live: true, color: false },
      now: c.now,
      minIntervalMs: 100,
      columns: 40,
    });
    status.update('one');
    c.advance(50);
    status.update('two'); // throttled
    c.advance(60);
    status.update('three');
    status.log('a line');
    c.advance(100);
    status.update('x'.repeat(80));
    status.clear();
    expect(out.text()).toBe(`${CLEAR}one${CLEAR}three${CLEAR}a line\n${CLEAR}three${CLEAR}${'x'.repeat(39)}…${CLEAR}`);
  });
  it('plain: no status at all, no cursor movement, lines as they come', () => {
    const out = sink();
    const status = createStatusLine(out.stream, { mode: { live: false, color: false }, now: () => 0 });
    status.update('hidden');
    status.log('first');
    status.update('hidden again');
    status.log('second');
    status.clear();
    expect(out.text()).toBe('first\nsecond\n');
  });
});

// A 1000-scenario smoke, 30 ms a scenario, every 7th failing.
function runSmoke(live: boolean) {
  const out = sink();
  const c = clock(30);
  const status = createStatusLine(out.stream, { mode: { live, color: false }, now: c.now, columns: 120 });
  const progress = createSmokeProgress({ status, paint: paint(false), live, now: c.now });
  const ids = Array.from({ length: 1000 }, (_, i) => `GET /x #${i}`);
  const events: SmokeEvent[] = [
    { type: 'app-starting', runner: 'process' },
    { type: 'app-ready', baseUrl: 'http://127.0.0.1:1' },
    { type: 'api-loaded', title: 'shop', operations: 34 },
    { type: 'plan', scenarios: ids },
  ];
  for (const e of events) progress.onEvent(e);
  ids.forEach((id, i) => {
    c.advance();
    progress.onEvent({
      type: 'scenario',
      result: { id, status: i % 7 === 0 ? 'failed' : 'passed', actualStatus: i % 7 === 0 ? 500 : 200 },
    });
  });
  status.clear();
  return out.text();
}

describe('smoke progress of 1000 scenarios', () => {
  it('plain: the announcements and a count every 5 s — a handful of lines, never one per scenario', () => {
    const text = runSmoke(false);
    const lines = text.split('\n').filter(Boolean);
    expect(lines.slice(0, 3)).toEqual([
      'starting the app (process runner)…',
      'shop: 34 operations',
      'running 1000 scenarios…',
    ]);
    expect(lines[3]).toBe('  167/1000 scenarios, 24 failed, 5 s, about 25 s left');
    expect(lines.at(-1)).toBe('  1000/1000 scenarios sent, 143 failed, 30 s; matching server traces…');
    expect(lines.length).toBeLessThanOrEqual(10);
    expect(controls(text)).toBe(false);
  });
  it('live: one status line redrawn with counts, failures so far and the ETA', () => {
    const text = runSmoke(true);
    expect(text).toContain(
      `${CLEAR}smoke · starting the app… 0 s${CLEAR}smoke · loading the API and generating scenarios…`,
    );
    expect(text).toContain(`${CLEAR}smoke ░░░░░░░░░░░░░░░░░░░░ 0/1000 scenarios · 0 failed · 0 s`);
    expect(text).toContain(`${CLEAR}smoke ██████████░░░░░░░░░░ 501/1000 scenarios · 72 failed · 15 s · ETA 15 s`);
    // The last scenario is drawn whatever the throttle: the wait for traces follows.
    expect(text).toContain(
      `${CLEAR}smoke ████████████████████ 1000/1000 scenarios · 143 failed · 30 s · matching server traces…${CLEAR}`,
    );
    // Throttled: far fewer redraws than scenarios.
    expect(text.split(CLEAR).length).toBeLessThan(450);
    expect(text.endsWith(CLEAR)).toBe(true);
  });
});

describe('loop progress', () => {
  it('prints every loop event as lines and shows the iteration and the candidate on trial in the status', () => {
    const out = sink();
    const c = clock(100);
    const status = createStatusLine(out.stream, {
      mode: { live: true, color: false },
      now: c.now,
      minIntervalMs: 0,
      columns: 200,
    });
    const progress = createLoopProgress({ status, paint: paint(false), live: true, color: false, now: c.now });
    progress.onEvent({ type: 'iteration-start', iteration: 2, timeLeftMs: 500_000 });
    progress.onEvent({
      type: 'patch-applied',
      iteration: 2,
      patchId: 'p2-1',
      summary: 'fix TypeError at app/x.py:31',
      files: ['app/x.py'],
    });
    progress.onSmokeEvent({ type: 'plan', scenarios: ['a', 'b'] });
    c.advance();
    progress.onSmokeEvent({ type: 'scenario', result: { id: 'a', status: 'failed', actualStatus: 500 } });
    progress.onEvent({ type: 'verdict', iteration: 2, kept: false, detail: 'still fails' });
    progress.onEvent({ type: 'patch-applied', iteration: 2, patchId: 'p2-2', summary: 'a', files: ['app/a.py'] });
    progress.onEvent({ type: 'patch-applied', iteration: 2, patchId: 'p2-3', summary: 'b', files: ['app/b.py'] });
    const text = out.text();
    expect(text).toContain(`${CLEAR}iteration 2 · restarting the app… · trying 2 candidates, latest p2-3 (b)`);
    expect(text).toContain('iteration 2  (500 s left)\n');
    expect(text).toContain('  [ok] applied p2-1: fix TypeError at app/x.py:31\n');
    expect(text).toContain(
      `${CLEAR}iteration 2 · smoke ██████████░░░░░░░░░░ 1/2 scenarios · 1 failed · 0 s · ETA 0 s · trying p2-1 (fix ` +
        `TypeError at app/x.py:31)`,
    );
    expect(text).toContain('  [!!] not kept: still fails\n');
  });
});
