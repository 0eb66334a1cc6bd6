import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRepairLoopConfig } from './config/loop-config.js';
import { runRepairLoop } from './run-repair-loop.js';

describe('runRepairLoop with loop.branch', () => {
  it('refuses an existing branch before starting anything (ConfigError, exit 2 in the CLI)', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'loop-branch-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=u', '-c', 'user.email=u@x', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'a.py'), 'a\n');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    const config = parseRepairLoopConfig(
      {
        app: { baseUrl: 'http://127.0.0.1:9' },
        smoke: { openapi: '/openapi.json' },
        loop: { branch: 'main' },
        patterns: { store: 'memory:' },
      },
      join(repo, 'smoke-repair.config.json'),
    );
    await expect(runRepairLoop(config)).rejects.toMatchObject({
      code: 'SMOKE_CONFIG_INVALID',
      message: expect.stringMatching(/loop\.branch \(--branch\): branch "main" already exists/),
    });
    const bad = { ...config, loop: { ...config.loop, branch: 'two..dots' } };
    await expect(runRepairLoop(bad)).rejects.toThrow(/not a valid branch name/);
    expect(existsSync(join(repo, 'artifacts'))).toBe(false);
  });
});
