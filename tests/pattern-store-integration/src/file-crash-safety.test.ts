import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openPatternStore, type PatternStore } from '@smoke-repair/pattern-store';

const writer = join(import.meta.dirname, 'workers', 'writer.mjs');
const dir = mkdtempSync(join(tmpdir(), 'pattern-crash-'));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Spawns a writer; `acked()` is how many writes it reported done (fsynced). */
function spawnWriter(path: string, prefix: string, count: number, templateBytes: number) {
  const child = spawn(process.execPath, [writer, path, prefix, String(count), String(templateBytes)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let acked = 0;
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    for (const match of chunk.matchAll(/ok (\d+)/g)) acked = Number(match[1]);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, acked: () => acked, stderr: () => stderr, exited };
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function open(path: string, warnings: string[] = []): Promise<PatternStore> {
  return openPatternStore(`file:${path}`, { logger: { warn: (m) => warnings.push(m) }, lockTimeoutMs: 30_000 });
}

describe('file store across processes', () => {
  it('two processes writing at once lose nothing and corrupt nothing', async () => {
    const path = join(dir, 'concurrent.jsonl');
    const writers = [spawnWriter(path, 'a', 150, 200), spawnWriter(path, 'b', 150, 200)];
    const codes = await Promise.all(writers.map((w) => w.exited));
    expect(codes, writers.map((w) => w.stderr()).join('\n')).toEqual([0, 0]);
    const warnings: string[] = [];
    const store = await open(path, warnings);
    expect((await store.stats()).attempts).toBe(300);
    expect(warnings).toEqual([]);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(300);
  });

  it('a writer killed with SIGKILL mid-write loses at most the record in flight, and the store reopens', async () => {
    const path = join(dir, 'killed.jsonl');
    let total = 0;
    for (let round = 0; round < 4; round += 1) {
      // Big records (1 MiB) keep a write in flight most of the time; kill at a random moment.
      const w = spawnWriter(path, `k${round}`, 0, 1 << 20);
      await until(() => w.acked() >= 2 + round);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
      const ackedAtKill = w.acked();
      w.child.kill('SIGKILL');
      await w.exited;
      const ackedFinal = w.acked();

      const warnings: string[] = [];
      const store = await open(path, warnings);
      const attempts = (await store.stats()).attempts;
      // Every acknowledged write survived; at most the one in flight is lost (or it made it).
      expect(attempts).toBeGreaterThanOrEqual(total + ackedFinal);
      expect(attempts).toBeLessThanOrEqual(total + ackedFinal + 1);
      expect(warnings.filter((m) => m.includes('corrupt')).length).toBeLessThanOrEqual(round + 1);
      total = attempts;
      expect(ackedAtKill).toBeGreaterThan(0);
      await store.close();
    }
    // After the crashes (torn tail, lock left by a dead pid) the store still takes writes.
    const store = await open(path);
    await store.recordAttempt({
      signature: { hash: 'h', key: 'k', exceptionType: 'E', message: 'm' },
      strategy: 'recipe',
      pattern: { signatureClass: 'after-crash', language: 'python', template: {} },
      context: { app: 'crash-test' },
    });
    const reopened = await open(path);
    expect((await reopened.list({ signatureClass: 'after-crash' })).length).toBe(1);
    expect((await reopened.stats()).attempts).toBe(total + 1);
  });

  it('a torn last line is skipped with a warning and terminated by the next writer', async () => {
    const path = join(dir, 'torn.jsonl');
    const w = spawnWriter(path, 't', 3, 10);
    expect(await w.exited).toBe(0);
    appendFileSync(path, '{"v":1,"type":"attempt","id":"torn","at":"2025');
    const warnings: string[] = [];
    const store = await open(path, warnings);
    expect((await store.stats()).attempts).toBe(3);
    const again = spawnWriter(path, 'u', 2, 10);
    expect(await again.exited).toBe(0);
    const after: string[] = [];
    const reopened = await open(path, after);
    expect((await reopened.stats()).attempts).toBe(5);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/torn\.jsonl:4: skipped a corrupt record, not JSON/);
  });
});
