/**
 * The agent command under a real bubblewrap (`repair.command.confine`): an agent that writes by
 * absolute path outside its scratch copy fails to, while its edits to the copy still become the
 * patch. Bubblewrap comes from Debian (tools/provision/bubblewrap.sh, which `npm test` runs);
 * without it the test fails under CI (`CI` set) and is skipped, loudly, elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandStrategy, findConfinement, repairFromSmokeViolations } from '@smoke-repair/repair-agent';
import type { Violation } from '@smoke-repair/smoke-validator';
import { captureViolation, copyApp, snapshot } from './support/llm-app.js';

const BWRAP = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v bwrap'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();
if (!BWRAP && process.env['CI'])
  throw new Error(
    'bubblewrap (bwrap) is not installed and CI is set: npm test provisions it with tools/provision/bubblewrap.sh',
  );
if (!BWRAP) console.warn('SKIPPED: bubblewrap (bwrap) is not installed; run tools/provision/bubblewrap.sh');

// Tries the user's own file (by absolute path) and a host folder outside /tmp, prints what
// happened, then fixes the culprit in its copy.
const ESCAPER = `
import os, pathlib
for target in [os.path.join(os.environ["USER_TREE"], "app/services/orders.py"), os.environ["VICTIM"]]:
    try:
        with open(target, "a") as f:
            f.write("pwned\\n")
        print(f"{target}: WRITTEN")
    except OSError as e:
        print(f"{target}: refused ({e.strerror})")
p = pathlib.Path("app/services/orders.py")
p.write_text(p.read_text().replace("return totl", "return total"))
`;

let violation: Violation;
const cleanups: (() => void)[] = [];
let out: string;

beforeAll(async () => {
  const capture = copyApp('capture');
  cleanups.push(capture.cleanup);
  violation = await captureViolation(capture.root);
  out = mkdtempSync(join(tmpdir(), 'repair-agent-it-confine-'));
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
});

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

describe.skipIf(!BWRAP)('agent confinement under bubblewrap', () => {
  it(`confine "required": writes by absolute path outside the copy fail (user tree, /var/tmp), the copy's edit is the \
patch`, async () => {
    expect(await findConfinement('host')).toMatchObject({ kind: 'bwrap' });
    const app = copyApp('confined');
    cleanups.push(app.cleanup);
    const before = snapshot(app.root);
    // Outside /tmp (the agent's /tmp is private): a host folder it could otherwise write.
    const victim = join('/var/tmp', `smoke-repair-confine-${process.pid}-${Date.now()}`);
    cleanups.push(() => rmSync(victim, { force: true }));
    const transcripts = join(out, 'transcripts');
    const strategy = createCommandStrategy({
      command: ['python3', '-B', '-c', ESCAPER],
      env: { USER_TREE: app.root, VICTIM: victim },
      confine: 'required',
      timeoutMs: 30_000,
      transcriptDir: transcripts,
    });
    const result = await repairFromSmokeViolations([violation], { appRoot: app.root, strategies: [strategy] });
    expect(snapshot(app.root)).toEqual(before);
    expect(existsSync(victim)).toBe(false);
    expect(result.attempts[0]).toMatchObject({ strategy: 'command', outcome: 'patched' });
    expect(result.patches[0]!.diff).toContain('+    return total\n');
    const log = readFileSync(join(transcripts, `${result.attempts[0]!.rootCause.slice(0, 12)}-1.log`), 'utf8');
    expect(log).not.toContain('WRITTEN');
    expect(log.match(/: refused \(/g)).toHaveLength(2);
  });

  it(`confine "required" on a machine without bwrap: the agent is not run (SMOKE_COMMAND_UNCONFINED), nothing \
patched`, async () => {
    const app = copyApp('unconfinable');
    cleanups.push(app.cleanup);
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      const strategy = createCommandStrategy({
        command: ['/bin/sh', '-c', 'echo ran > ran.txt'],
        confine: 'required',
        timeoutMs: 30_000,
      });
      const result = await repairFromSmokeViolations([violation], { appRoot: app.root, strategies: [strategy] });
      expect(result.patches).toEqual([]);
      expect(result.attempts[0]).toMatchObject({ outcome: 'failed' });
      expect(JSON.stringify(result.attempts[0])).toMatch(
        /confine is \\"required\\" and bwrap \(bubblewrap\) is not on PATH/,
      );
    } finally {
      process.env['PATH'] = path;
    }
  });
});
