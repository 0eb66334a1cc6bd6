/**
 * Vitest global setup shared by every project: the tests of one project run with TMPDIR set to a
 * fresh directory under the caller's TMPDIR, which is removed when the run ends. Whatever a test,
 * a server it started or the product under test writes to the temp directory goes there, so
 * `npm test` leaves nothing behind and no test sees what an earlier run left. XDG_STATE_HOME
 * points inside it as well: the loop keeps its journals and locks there (default
 * ~/.local/state), and a run a test kills mid-write must not leave a journal in the user's home.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env['TMPDIR'];
  const previousState = process.env['XDG_STATE_HOME'];
  mkdirSync(tmpdir(), { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), `smoke-repair-test-${basename(process.cwd())}-`));
  // Set before the workers start: they (and every process they spawn) inherit it.
  process.env['TMPDIR'] = dir;
  process.env['XDG_STATE_HOME'] = join(dir, 'state');
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    if (previousState === undefined) delete process.env['XDG_STATE_HOME'];
    else process.env['XDG_STATE_HOME'] = previousState;
    const left = safeList(dir);
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0 && process.env['SMOKE_REPAIR_SHOW_TEST_LEFTOVERS']) {
      console.warn(`temp-dir-setup: removed what the tests left in the temp directory: ${left.join(', ')}`);
    }
  };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
