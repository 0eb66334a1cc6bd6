import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globMatches } from '@smoke-repair/repair-agent';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRepairLoopConfig } from '../config/loop-config.js';
import { escapeGlob, reservedPaths } from './reserved-paths.js';

const base = mkdtempSync(join(tmpdir(), 'reserved-paths-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const config = (dir: string, raw: Record<string, unknown>, name = 'smoke-repair.config.json') =>
  parseRepairLoopConfig(
    {
      app: { root: '.', runner: { kind: 'none' }, baseUrl: 'http://127.0.0.1:8000' },
      smoke: { scenarios: 's.json' },
      ...raw,
    },
    join(dir, name),
  );

describe('reservedPaths', () => {
  it('protects the config it was loaded from, the artifacts and a file store inside the app root', () => {
    const dir = join(base, 'app');
    mkdirSync(dir);
    const paths = reservedPaths(config(dir, {}, 'smoke-repair.config.mjs'));
    expect(paths.map((p) => p.glob)).toEqual([
      'smoke-repair.config.mjs',
      'artifacts/**',
      '.smoke-repair/patterns.jsonl',
    ]);
    expect(paths[0]!.what).toBe("smoke-repair's own config (smoke-repair.config.mjs)");
  });

  it('leaves out what is outside the root (or is the root itself)', () => {
    const dir = join(base, 'outside', 'app');
    mkdirSync(dir, { recursive: true });
    const loaded = config(join(base, 'outside'), {
      app: { root: 'app', runner: { kind: 'none' }, baseUrl: 'http://127.0.0.1:8000' },
      artifactsDir: 'app',
      patterns: { store: 'memory:' },
    });
    expect(reservedPaths(loaded)).toEqual([]);
  });

  it('sees through a symlinked root, and takes the user root when the config points into a sandbox', () => {
    const dir = join(base, 'real');
    mkdirSync(dir);
    symlinkSync(dir, join(base, 'link'));
    const loaded = config(dir, { artifactsDir: join(base, 'link', 'out') });
    expect(reservedPaths(loaded).map((p) => p.glob)).toEqual([
      'smoke-repair.config.json',
      'out/**',
      '.smoke-repair/patterns.jsonl',
    ]);
    const sandboxed = {
      ...loaded,
      smoke: { ...loaded.smoke, app: { ...loaded.smoke.app, root: join(base, 'sandbox') } },
    };
    expect(reservedPaths(sandboxed, dir).map((p) => p.glob)).toHaveLength(3);
    expect(reservedPaths(sandboxed)).toEqual([]);
  });

  // Matching is picomatch: a directory named like a glob must protect itself, and only itself.
  it('a path made of glob syntax protects that path alone', () => {
    const dir = join(base, 'globby');
    mkdirSync(dir);
    const odd = 'out [1] {a,b} (x)!+@*?^$|,"\\\\'; // ends in two backslashes
    const [, artifacts, store] = reservedPaths(
      config(dir, { artifactsDir: odd, patterns: { store: 'file:!(p)*.jsonl' } }),
    );
    expect(globMatches(artifacts!.glob, `${odd}/smoke.json`)).toBe(true);
    expect(globMatches(store!.glob, '!(p)*.jsonl')).toBe(true);
    const others = [
      'out 1 a/smoke.json',
      'out [1] {a,b} (x)!+@*?^$|,"\\/smoke.json',
      'out [1] {a,b} (x)!+@ZZ^$|,"\\\\/smoke.json',
      'q.jsonl',
      '!(p)Z.jsonl',
      'smoke-repair.config.json/x',
    ];
    for (const other of others)
      expect(globMatches(artifacts!.glob, other) || globMatches(store!.glob, other), other).toBe(false);
  });

  it.each([...'*?[]{}()!+@|^$,"\\'])('escapeGlob: %s matches only itself', (char) => {
    for (const path of [`a${char}b`, `${char}${char}`, `${char}a/${char}`]) {
      expect(globMatches(escapeGlob(path), path), path).toBe(true);
      for (const other of ['ab', 'aXb', '', 'a', 'Xa/X', `${char}`, `${char}${char}${char}`]) {
        if (other !== path) expect(globMatches(escapeGlob(path), other), `${path} vs ${other}`).toBe(false);
      }
    }
  });
});
