import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attempt, signature } from '../test-support/fixtures.js';
import { openFilePatternStore } from './file-store.js';
import { acquireFileLock } from './file-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pattern-store-'));
  dirs.push(dir);
  return join(dir, 'nested', 'patterns.jsonl');
}

function capture(): { warnings: string[]; warn(message: string): void } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => warnings.push(message) };
}

describe('file store', () => {
  it('reopens exactly what was written', async () => {
    const path = tempFile();
    const store = await openFilePatternStore(path);
    const a = await store.recordAttempt(attempt({ template: { unicode: 'ñ → ✓', deep: { list: [1, null, true] } } }));
    await store.recordOutcome({ attemptId: a.id, outcome: 'fixed' });
    await store.promote({ minTrials: 1 });
    const before = { list: await store.list(), stats: await store.stats(), show: await store.show(a.patternId) };
    await store.close();
    const reopened = await openFilePatternStore(path);
    expect({
      list: await reopened.list(),
      stats: await reopened.stats(),
      show: await reopened.show(a.patternId),
    }).toEqual(before);
    expect(before.list[0]?.status).toBe('promoted');
  });

  it('skips corrupt and truncated lines with a warning, keeping every other record', async () => {
    const path = tempFile();
    const store = await openFilePatternStore(path, { logger: capture() });
    const a = await store.recordAttempt(attempt());
    appendFileSync(path, 'not json at all\n{"v":1,"type":"attempt","id":"x"}\n');
    await store.recordAttempt(attempt({ signature: signature('sig-2') }));
    appendFileSync(path, '{"v":1,"type":"outcome","id":"outcome:y","at":"2025-'); // torn last line
    const logger = capture();
    const reopened = await openFilePatternStore(path, { logger });
    expect((await reopened.stats()).attempts).toBe(2);
    expect(logger.warnings.join('\n')).toMatch(/patterns\.jsonl:2: skipped a corrupt record, not JSON/);
    expect(logger.warnings.join('\n')).toMatch(/patterns\.jsonl:3: skipped a corrupt record, not a pattern event/);
    // The next writer terminates the torn line, so its own record stays intact.
    await reopened.recordOutcome({ attemptId: a.id, outcome: 'fixed' });
    const third = await openFilePatternStore(path, { logger: capture() });
    expect(await third.get(a.patternId)).toMatchObject({ successes: 1, attempts: 2 });
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('sees what another writer appended, and serialises concurrent writers', async () => {
    const path = tempFile();
    const [one, two] = await Promise.all([openFilePatternStore(path), openFilePatternStore(path)]);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? one : two).recordAttempt(attempt({ signature: signature(`s${i}`) })),
      ),
    );
    expect((await one.stats()).attempts).toBe(40);
    expect((await two.stats()).attempts).toBe(40);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(40);
  });

  it('breaks a lock left by a dead process, and waits for a live one', async () => {
    const path = tempFile();
    const lock = `${path}.lock`;
    const store = await openFilePatternStore(path);
    await store.recordAttempt(attempt());
    writeFileSync(
      lock,
      JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), nonce: 'n', at: 'x' }),
    );
    const logger = capture();
    const other = await openFilePatternStore(path, { logger, lockTimeoutMs: 2_000 });
    await other.recordAttempt(attempt({ signature: signature('s2') }));
    expect(logger.warnings.join()).toMatch(/removed the stale lock/);
    const held = await acquireFileLock(lock, { logger });
    const blocked = await openFilePatternStore(path, { lockTimeoutMs: 200 });
    await expect(blocked.recordAttempt(attempt())).rejects.toMatchObject({ code: 'SMOKE_PATTERN_STORE_LOCK_TIMEOUT' });
    await held.release();
    await blocked.recordAttempt(attempt({ signature: signature('s3') }));
    expect((await blocked.stats()).attempts).toBe(3);
  });
});

describe('file store reads', () => {
  it('overlapping reads of new data apply it once', async () => {
    const path = tempFile();
    const writer = await openFilePatternStore(path);
    for (let i = 0; i < 30; i += 1) await writer.recordAttempt(attempt({ signature: signature(`s${i}`) }));
    const reader = await openFilePatternStore(path);
    for (let i = 30; i < 60; i += 1) await writer.recordAttempt(attempt({ signature: signature(`s${i}`) }));
    const results = await Promise.all([
      reader.stats(),
      reader.list(),
      reader.stats(),
      reader.findKnownFixes({ signatureClass: 'x' }),
    ]);
    expect(results[0]).toMatchObject({ attempts: 60 });
    await writer.recordAttempt(attempt({ signature: signature('last') }));
    expect((await reader.stats()).attempts).toBe(61);
  });
});
