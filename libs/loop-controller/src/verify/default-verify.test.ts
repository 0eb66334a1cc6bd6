import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSmokeConfig } from '@smoke-repair/smoke-validator';
import { defaultVerifyCommand } from './default-verify.js';
import { readVerifySpec } from '../adapters/verify-spec.js';

const dir = mkdtempSync(join(tmpdir(), 'default-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const started = parseSmokeConfig(
  {
    app: {
      root: '.',
      runner: { kind: 'process', command: 'python3 server.py', port: 8000, env: { DB_PASSWORD: 'pw' } },
    },
    smoke: { scenarios: 's.json' },
  },
  '/srv/app/smoke-repair.config.json',
);

describe('defaultVerifyCommand', () => {
  it(`this Node, the bin, an owner-only spec of the config, then {app} and {scenarios}\
; the spec reads back as the same config`, async () => {
    const found = await defaultVerifyCommand(started, dir, '/opt/cli/dist/verify-cause.js');
    expect(found).toEqual({
      command: `${process.execPath} /opt/cli/dist/verify-cause.js ${join(dir, 'verify-spec.json')} {app} {scenarios}`,
      reads: [dir, '/srv/app'],
    });
    expect(statSync(join(dir, 'verify-spec.json')).mode & 0o777).toBe(0o600);
    const spec = await readVerifySpec(join(dir, 'verify-spec.json'));
    expect(spec.root).toBe('/srv/app');
    expect(spec.config).toEqual(started);
    expect(JSON.parse(readFileSync(join(dir, 'verify-spec.json'), 'utf8')).root).toBe('/srv/app');
  });

  it('none, saying why, for an app that runs elsewhere or without the bin', async () => {
    const elsewhere = parseSmokeConfig(
      { app: { root: '.', baseUrl: 'http://127.0.0.1:9000' }, smoke: { scenarios: 's.json' } },
      '/srv/app/smoke-repair.config.json',
    );
    expect(await defaultVerifyCommand(elsewhere, dir, '/opt/bin.js')).toEqual({
      none: 'the smoke checks an app that runs elsewhere, not one started from your copy',
    });
    expect(await defaultVerifyCommand(started, dir, null)).toEqual({ none: 'the verify program is not built' });
  });
});
