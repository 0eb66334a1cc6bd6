import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogFile } from './log-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createLogFile', () => {
  it('keeps the app log private (0600), even over an existing world-readable file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-file-'));
    dirs.push(dir);
    const path = join(dir, 'server.log');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    const log = createLogFile(path);
    log.append('token=abc\n');
    await log.close();
    log.append('again\n');
    await log.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(log.readAll()).toBe('token=[REDACTED]\nagain\n');
  });

  it('writes every line redacted: the secrets it is given by value, token shapes whatever their context', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-file-'));
    dirs.push(dir);
    const log = createLogFile(join(dir, 'server.log'), ['custom-header-value-42']);
    log.append('INFO got X-Custom-Auth custom-header-value-42 from 127.0.0.1\n');
    log.append('DEBUG key sk-abcdefghijklmnopqrstuvwx in use\n');
    await log.close();
    expect(log.readAll()).toBe('INFO got X-Custom-Auth [REDACTED] from 127.0.0.1\nDEBUG key [REDACTED] in use\n');
  });
});
